from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """Importers of the old portal's formats: its country pages and its CSV files."""

    name = "portal.legacy"

from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """Importers and exporters for the old portal's formats."""

    name = "portal.legacy"

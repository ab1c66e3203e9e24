from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """The open data: CSV, JSON and GeoJSON exports, the DCAT catalogue and the open-data page."""

    name = "portal.exports"

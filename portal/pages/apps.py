from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages that draw on several content apps at once: the home page."""

    name = "portal.pages"

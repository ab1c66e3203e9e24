from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pages: home, health check, base templates and static files."""

    name = "portal.core"

    def ready(self) -> None:
        from .page_cache import connect_invalidation

        connect_invalidation()

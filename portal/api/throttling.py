from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """The rate of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``, read on each request
    (REST framework's own class reads it once, at import)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

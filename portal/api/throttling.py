from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """The rate of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``, read on each request
    (REST framework's own class reads it once, at import)."""

    scope: str  # "anon", as AnonRateThrottle sets it

    def get_rate(self) -> str | None:
        # The stubs type the rates as numbers; they are strings such as "120/minute".
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]

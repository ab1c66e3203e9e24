import mimetypes

from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Following countries, themes and GCM objectives: Atom feeds and e-mail digests."""

    name = "portal.subscriptions"

    def ready(self) -> None:
        # The feeds' stylesheet as Django's static file views send it (they ask Python's mimetypes,
        # whose answer for .xsl depends on the machine: application/xml, or application/xslt+xml from
        # /etc/mime.types). WhiteNoise has its own table: WHITENOISE_MIMETYPES in the settings.
        mimetypes.add_type("text/xsl", ".xsl")

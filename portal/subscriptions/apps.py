from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Following countries, themes and GCM objectives: Atom feeds and e-mail digests."""

    name = "portal.subscriptions"

from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Following countries and themes: feeds now, e-mail digests later."""

    name = "portal.subscriptions"

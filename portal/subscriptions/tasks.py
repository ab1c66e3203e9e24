"""The subscription e-mails as background tasks (django-tasks; `manage.py db_worker` runs them).

Each task takes ids or an address, never model instances, so that its arguments survive the trip
through the database queue as JSON; ``site_root`` is the address of the request that asked for the
message (portal.lib.urls), so that its links point where the person was. Each looks the rows up
again when it runs: a subscription removed in the meantime means nothing to send.
"""

from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.lib.email import send_templated
from portal.lib.urls import using_root

from . import digests, signing
from .digests import absolute
from .models import Subscription, target_name, target_url


@task()
def send_digest(delivery_id: int) -> str:
    """Send one planned digest, unless it was sent already or another sender holds it."""
    return digests.deliver(delivery_id=delivery_id, sender=digests.sender_id("task"))


@task()
def send_confirmation(subscription_id: int, site_root: str = "") -> int:
    """The double opt-in message: a link to confirm (a page with a button, not the GET itself)."""
    subscription = Subscription.objects.with_targets().filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return 0
    token = signing.subscription_token(signing.CONFIRM, subscription.pk)
    with translation.override(subscription.recipient_language), using_root(site_root):
        return send_templated(
            to=[subscription.recipient],
            template="subscription_confirm",
            context={
                **_common(subscription),
                "confirm_url": absolute(reverse("subscriptions:confirm", args=[token])),
                "valid_days": signing.MAX_AGE[signing.CONFIRM].days,
            },
        )


@task()
def send_already_following(subscription_id: int, site_root: str = "") -> int:
    """Someone asked again for a subscription that is active: tell the address, with a manage link."""
    subscription = Subscription.objects.with_targets().filter(pk=subscription_id, confirmed_at__isnull=False).first()
    if subscription is None:
        return 0
    with translation.override(subscription.recipient_language), using_root(site_root):
        return send_templated(
            to=[subscription.recipient],
            template="subscription_exists",
            context={**_common(subscription), "manage_url": digests.manage_url(subscription)},
        )


@task()
def send_manage_link(email: str, site_root: str = "") -> int:
    """A fresh manage link for an address that has subscriptions without an account; else nothing."""
    subscriptions = list(Subscription.objects.with_targets().filter(email=email))
    if not subscriptions:
        return 0
    token = signing.manage_token(signing.ManageScope(email=email))
    # In the language of the latest subscription: the one the person used last.
    with translation.override(subscriptions[-1].recipient_language), using_root(site_root):
        return send_templated(
            to=[email],
            template="subscription_manage_link",
            context={
                "subscriptions": [{"name": target_name(s.target), "active": s.is_active} for s in subscriptions],
                "manage_url": absolute(reverse("subscriptions:manage_by_link", args=[token])),
                "valid_days": signing.MAX_AGE[signing.MANAGE].days,
            },
        )


def _common(subscription: Subscription) -> dict:
    return {
        "subscription": subscription,
        "target_name": target_name(subscription.target),
        "target_url": absolute(target_url(subscription.target)),
        "frequency": subscription.get_frequency_display().lower(),
    }

"""Following a subject: subscribe, confirm, change, unsubscribe.

Small keyword-only functions that views, tasks and tests call. E-mails leave through the task
queue (tasks.py); these functions only decide what to send.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.lib.urls import site_root

from .models import Frequency, Subscription, Target, target_field


def normalise_email(address: str) -> str:
    """One spelling per mailbox, so that one address cannot hold two subscriptions to one subject."""
    return address.strip().lower()


def follow(*, user: User, target: Target, frequency: str) -> Subscription:
    """A signed-in user follows a subject in one click; their address is already verified, so it is active."""
    Frequency(frequency)  # refuse unknown values
    subscription, created = Subscription.objects.get_or_create(
        user=user, **{target_field(target): target}, defaults={"frequency": frequency, "confirmed_at": timezone.now()}
    )
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    return subscription


def request_by_email(*, email: str, target: Target, frequency: str, language: str = "en") -> Subscription:
    """Someone without an account asks for e-mails: nothing is active until the address confirms.

    Whatever is on record, the caller tells the visitor the same thing ("check your inbox"), and the
    message goes to the address only: a confirmation link for a new or unconfirmed subscription,
    a reminder with a manage link for one that is already active. So the page never reveals whether
    an address follows anything. ``language``: the language of the page the request came from, which
    becomes the language of the messages.
    """
    from . import tasks

    Frequency(frequency)
    email = normalise_email(email)
    by_account = Subscription.objects.confirmed().for_target(target).filter(user__email__iexact=email).first()
    if by_account is not None:  # the address's owner follows this subject with their account already
        tasks.send_already_following.enqueue(by_account.pk, site_root())
        return by_account
    lookup = {"email": email, target_field(target): target}
    try:
        with transaction.atomic():
            subscription, _ = Subscription.objects.get_or_create(
                **lookup, defaults={"frequency": frequency, "language": language}
            )
    except IntegrityError:  # the same request twice at once: the other one created it
        subscription = Subscription.objects.get(**lookup)
    if subscription.is_active:
        tasks.send_already_following.enqueue(subscription.pk, site_root())
    else:
        if (subscription.frequency, subscription.language) != (frequency, language):
            subscription.frequency = frequency
            subscription.language = language
            subscription.save(update_fields=["frequency", "language"])
        tasks.send_confirmation.enqueue(subscription.pk, site_root())
    return subscription


def confirm(*, subscription_id: int) -> Subscription | None:
    """Activate a subscription from its confirmation link; None when it no longer exists."""
    Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    return Subscription.objects.with_targets().filter(pk=subscription_id).first()


def change_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    subscription.frequency = Frequency(frequency)
    subscription.save(update_fields=["frequency"])
    return subscription


def unsubscribe(*, subscription_id: int) -> Subscription | None:
    """Stop a subscription and forget it (and the log of its digests).

    Returns the subscription as it was, or None when it was already gone, so that a second click
    on the same link is harmless.
    """
    subscription = Subscription.objects.with_targets().filter(pk=subscription_id).first()
    if subscription is not None:
        Subscription.objects.filter(pk=subscription_id).delete()
    return subscription


def purge_unconfirmed(*, older_than: datetime.datetime) -> int:
    """Forget addresses that never confirmed: their link has expired, so nothing can activate them."""
    _, per_model = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=older_than).delete()
    return per_model.get(Subscription._meta.label, 0)

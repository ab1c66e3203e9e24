"""Digests: planning them, and sending each one exactly once as far as a mail system allows.

How a digest travels
--------------------
1. **Plan.** For each confirmed subscription that is due (daily: not yet today; weekly: not yet
   this ISO week; instant: every run), the items since its last digest are looked up. If there is
   something, a :class:`~portal.subscriptions.models.Delivery` row is inserted with the next
   ``sequence`` number of that subscription and the window it covers, ``(since, until]``. The pair
   (subscription, sequence) is unique, and so is (subscription, period): when two runs plan at
   once, the database lets one insert win and the other gives way. The window is fixed in the
   row, so whoever sends it, and however late, sends the same digest.
2. **Claim.** A sender takes one row at a time in a short transaction: on PostgreSQL it locks
   the row with ``SELECT … FOR UPDATE SKIP LOCKED`` (a row that another run is claiming is passed
   over, not waited for); on every database the claim itself is a conditional ``UPDATE`` (still
   pending, not claimed or claimed longer than ``CLAIM_TIMEOUT`` ago), which only one sender can
   win. SQLite has no row locks; its single writer makes the conditional update enough.
3. **Send, then mark.** The message is rendered and handed to the mail backend outside any
   transaction, then the row is marked sent.

What a crash can do
-------------------
* An error while sending (SMTP refused, template error): the claim is released and the error
  recorded; the next run tries again, up to ``MAX_ATTEMPTS`` times.
* A process killed after planning or after claiming, before sending: the row stays pending (its
  claim goes stale after ``CLAIM_TIMEOUT``); the next run sends it. Nothing was sent, so nothing
  repeats.
* A process killed in the instant between the mail server accepting the message and the row
  being marked: the next run after ``CLAIM_TIMEOUT`` sends that one digest again. This is the
  choice of at-least-once over at-most-once: a lost digest is silent and cannot be noticed, a
  repeated one is visible and harmless. The window is as small as one SMTP reply, it concerns at
  most one message per crashed sender, and the repeat carries the same ``Message-ID`` header as
  the first copy, which many mail stores use to drop duplicates.

A known limit: an item is dated when it happened (a practice's publication, a record's change),
not when its transaction committed, so an item committed while a run plans may fall just before
that run's ``until`` without being seen. Moderation transactions last milliseconds; runs are
minutes apart.
"""

import datetime
import os
import secrets
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from portal.lib.email import send_templated
from portal.lib.urls import absolute_url

from . import signing
from .items import Item, items_for
from .models import Delivery, Frequency, Subscription, target_feed_url, target_name, target_reason, target_url

MESSAGE_KIND = {
    Frequency.INSTANT: gettext_lazy("update"),
    Frequency.DAILY: gettext_lazy("daily digest"),
    Frequency.WEEKLY: gettext_lazy("weekly digest"),
}

CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5

SENT = "sent"
EMPTY = "empty"
SKIPPED = "skipped"  # already sent, or another sender holds it
FAILED = "failed"


def sender_id(kind: str) -> str:
    """A name for one sender (a run of send_digests, one task execution) that no other shares."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


# --- planning --------------------------------------------------------------------------------


def is_due(frequency: str, since: datetime.datetime, now: datetime.datetime) -> bool:
    """Whether a digest may cover (since, now]: calendar days and weeks, so a cron job that runs a
    few seconds early or late every day still sends one digest a day."""
    if frequency == Frequency.INSTANT:
        return True
    then, today = timezone.localtime(since).date(), timezone.localtime(now).date()
    if frequency == Frequency.DAILY:
        return then < today
    return then.isocalendar()[:2] < today.isocalendar()[:2]


def period_label(frequency: str, now: datetime.datetime) -> str:
    local = timezone.localtime(now)
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return now.isoformat(timespec="microseconds")


@dataclass
class PlanReport:
    subscriptions: int = 0
    not_due: int = 0
    nothing_new: int = 0
    planned: list[Delivery] = field(default_factory=list)
    planned_elsewhere: int = 0


def plan(*, frequencies: list[str], now: datetime.datetime | None = None) -> PlanReport:
    """Insert one pending delivery for each due subscription that has something new."""
    now = now or timezone.now()
    report = PlanReport()
    subscriptions = Subscription.objects.confirmed().filter(frequency__in=frequencies).with_targets()
    for subscription in subscriptions.order_by("id"):
        report.subscriptions += 1
        last = subscription.deliveries.order_by("-sequence").first()
        since = last.until if last else subscription.confirmed_at
        if not is_due(subscription.frequency, since, now):
            report.not_due += 1
            continue
        items = items_for(subscription.target, since=since, until=now)
        if not items or not subscription.recipient:
            report.nothing_new += 1
            continue
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    subscription=subscription,
                    sequence=last.sequence + 1 if last else 1,
                    period=period_label(subscription.frequency, now),
                    since=since,
                    until=now,
                    item_count=len(items),
                )
        except IntegrityError:
            report.planned_elsewhere += 1  # another run planned this digest first
        else:
            report.planned.append(delivery)
    return report


def pending(now: datetime.datetime | None = None) -> QuerySet[Delivery]:
    """Deliveries waiting for a sender: never claimed, released after an error, or claimed by a
    sender that has not finished within CLAIM_TIMEOUT (it died)."""
    now = now or timezone.now()
    return Delivery.objects.filter(state=Delivery.State.PENDING).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def mark_queued(delivery: Delivery, now: datetime.datetime | None = None) -> bool:
    """Note that a task will send this delivery; False when another run queued it meanwhile."""
    now = now or timezone.now()
    fresh = Q(queued_at__isnull=True) | Q(queued_at__lt=now - CLAIM_TIMEOUT)
    return bool(
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING)
        .filter(fresh)
        .filter(queued_at=delivery.queued_at)
        .update(queued_at=now)
    )


# --- claiming and sending --------------------------------------------------------------------


def claim(*, delivery_id: int, sender: str, now: datetime.datetime | None = None) -> Delivery | None:
    """Take a pending delivery for this sender, or None when it is done or another sender has it."""
    now = now or timezone.now()
    candidates = pending(now).filter(pk=delivery_id)
    with transaction.atomic():
        locking = connection.features.has_select_for_update_skip_locked
        if locking and candidates.select_for_update(skip_locked=True).first() is None:
            return None
        won = candidates.update(claimed_at=now, claimed_by=sender, attempts=F("attempts") + 1)
    if not won:
        return None
    return Delivery.objects.select_related(
        "subscription__user", "subscription__country", "subscription__theme", "subscription__gcm_objective"
    ).get(pk=delivery_id)


def deliver(*, delivery_id: int, sender: str) -> str:
    """Claim, send and mark one digest. Returns sent, empty or skipped; raises when sending failed
    (after releasing the claim, so that a later run retries)."""
    delivery = claim(delivery_id=delivery_id, sender=sender)
    if delivery is None:
        return SKIPPED
    try:
        outcome = _send(delivery)
    except Exception as error:
        _release(delivery, error)
        raise
    state = Delivery.State.SENT if outcome == SENT else Delivery.State.EMPTY
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING).update(
        state=state, finished_at=timezone.now(), last_error=""
    )
    return outcome


def _release(delivery: Delivery, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        changes = {"state": Delivery.State.FAILED, "finished_at": timezone.now()}
    else:
        changes = {"claimed_at": None, "claimed_by": "", "queued_at": None}
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING).update(last_error=message, **changes)


def _send(delivery: Delivery) -> str:
    subscription = delivery.subscription
    address = subscription.recipient
    if not address or not subscription.is_active:
        return EMPTY
    with translation.override(subscription.recipient_language):
        # Look again at send time: a practice withdrawn since the digest was planned is left out.
        items = items_for(subscription.target, since=delivery.since, until=delivery.until)
        if not items:
            return EMPTY
        sent = send_templated(
            to=[address],
            template="digest",
            context=digest_context(subscription, delivery, items),
            headers=digest_headers(subscription, delivery),
        )
    return SENT if sent else EMPTY


# --- the message -----------------------------------------------------------------------------


def absolute(url: str) -> str:
    return absolute_url(url)


def mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def unsubscribe_urls(subscription: Subscription) -> tuple[str, str]:
    """The confirmation page (for people) and the RFC 8058 one-click endpoint (for mail clients)."""
    token = signing.subscription_token(signing.UNSUBSCRIBE, subscription.pk)
    return (
        absolute(reverse("subscriptions:unsubscribe", args=[token])),
        absolute(reverse("subscriptions:one_click_unsubscribe", args=[token])),
    )


def manage_path(subscription: Subscription) -> str:
    """A signed link to the page that manages every subscription of this subscriber."""
    scope = signing.ManageScope(user_id=subscription.user_id, email=subscription.email)
    return reverse("subscriptions:manage_by_link", args=[signing.manage_token(scope)])


def manage_url(subscription: Subscription) -> str:
    return absolute(manage_path(subscription))


def digest_context(subscription: Subscription, delivery: Delivery, items: list[Item]) -> dict:
    target = subscription.target
    unsubscribe_page, _ = unsubscribe_urls(subscription)
    return {
        "subscription": subscription,
        "delivery": delivery,
        "message_kind": MESSAGE_KIND[Frequency(subscription.frequency)],
        "target_name": target_name(target),
        "reason": target_reason(target),
        "items": [{"item": item, "url": absolute(item.url)} for item in items],
        "since": timezone.localtime(delivery.since),
        "target_url": absolute(target_url(target)),
        "feed_url": absolute(target_feed_url(target)),
        "unsubscribe_url": unsubscribe_page,
        "manage_url": manage_url(subscription),
    }


def digest_headers(subscription: Subscription, delivery: Delivery) -> dict[str, str]:
    _, one_click = unsubscribe_urls(subscription)
    domain = mail_domain()
    return {
        "List-Unsubscribe": f"<{one_click}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"GFMD Portal digests <digests.{domain}>",
        # The same digest always has the same Message-ID: a copy sent again after a crash can be
        # recognised as a duplicate by the receiving mail store.
        "Message-ID": f"<digest-{subscription.pk}-{delivery.sequence}@{domain}>",
        "Auto-Submitted": "auto-generated",
    }

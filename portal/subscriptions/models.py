"""Who follows what, and the log of digests sent to them.

A subscription follows exactly one subject (a country, a theme or a GCM objective) on behalf of
either a signed-in user or a bare e-mail address. Address-only subscriptions stay inactive until
their owner follows the confirmation link (double opt-in).

Each digest is a :class:`Delivery` row written *before* anything is sent: it fixes the window of
time the digest covers, and its ``(subscription, sequence)`` key is unique, so two runs of
``send_digests`` can never both plan, nor both send, the same digest (see services.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.reference_names import theme_name
from portal.countries.models import Country
from portal.lib.text import validate_clean_text
from portal.practices.models import GCMObjective, Theme

Target = Country | Theme | GCMObjective


class Frequency(models.TextChoices):
    INSTANT = "instant", _("As it happens")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def for_target(self, target: Target) -> "SubscriptionQuerySet":
        return self.filter(**{target_field(target): target})

    def with_targets(self) -> "SubscriptionQuerySet":
        return self.select_related("user", "country", "theme", "gcm_objective")


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    email = models.EmailField(
        blank=True,
        help_text="For people without an account; empty when the subscription belongs to a user.",
        validators=[validate_clean_text],
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions")
    gcm_objective = models.ForeignKey(
        GCMObjective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name="GCM objective",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the messages, the one the page was in when the person subscribed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the address is confirmed; nothing is sent before."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="subscription_exactly_one_target",
                condition=(
                    Q(country__isnull=False, theme__isnull=True, gcm_objective__isnull=True)
                    | Q(country__isnull=True, theme__isnull=False, gcm_objective__isnull=True)
                    | Q(country__isnull=True, theme__isnull=True, gcm_objective__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="subscription_user_or_email",
                condition=Q(user__isnull=False, email="") | (Q(user__isnull=True) & ~Q(email="")),
            ),
            # NULL never equals NULL in a unique index, so a row only competes with rows of its own kind.
            models.UniqueConstraint(fields=["user", "country"], name="subscription_unique_user_country"),
            models.UniqueConstraint(fields=["user", "theme"], name="subscription_unique_user_theme"),
            models.UniqueConstraint(fields=["user", "gcm_objective"], name="subscription_unique_user_objective"),
            models.UniqueConstraint(
                fields=["email", "country"], condition=~Q(email=""), name="subscription_unique_email_country"
            ),
            models.UniqueConstraint(
                fields=["email", "theme"], condition=~Q(email=""), name="subscription_unique_email_theme"
            ),
            models.UniqueConstraint(
                fields=["email", "gcm_objective"], condition=~Q(email=""), name="subscription_unique_email_objective"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient or '(no address)'} follows {target_name(self.target)} ({self.frequency})"

    @property
    def target(self) -> Target:
        return self.country or self.theme or self.gcm_objective  # type: ignore[return-value]

    @property
    def recipient(self) -> str:
        """Where the e-mails go: the user's current address, or the confirmed one."""
        return self.user.email if self.user is not None else self.email

    @property
    def recipient_language(self) -> str:
        """The language of the e-mails: the user's own choice, or the one of the page they subscribed on."""
        return self.user.language if self.user is not None else self.language

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One digest for one subscription: planned, then claimed by a sender, then sent (or found empty).

    The row exists before the message does. ``sequence`` numbers a subscription's digests 1, 2, 3…;
    digest n covers the time from the end of digest n-1 (or from the confirmation) to ``until``, so
    the windows never overlap and never leave a gap, whatever the frequency.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing left to send")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    sequence = models.PositiveIntegerField()
    period = models.CharField(max_length=40, help_text="2026-11-27 (daily), 2026-W48 (weekly), a time (instant).")
    since = models.DateTimeField()
    until = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=0, help_text="Items found when the digest was planned.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Handed to the task queue.")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="A sender took it; stale after a timeout.")
    claimed_by = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["subscription", "sequence"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "sequence"], name="delivery_unique_sequence"),
            models.UniqueConstraint(fields=["subscription", "period"], name="delivery_unique_period"),
        ]

    def __str__(self) -> str:
        return f"Digest {self.sequence} ({self.period}) of subscription {self.subscription_id}: {self.state}"


# --- the three kinds of subject ---------------------------------------------------------------

TARGET_FIELDS: dict[type, str] = {Country: "country", Theme: "theme", GCMObjective: "gcm_objective"}


def target_field(target: Target) -> str:
    return TARGET_FIELDS[type(target)]


def target_name(target: Target) -> str:
    """The subject as a sentence names it: Mali, Labour mobility, GCM objective 5: Regular pathways.

    In the active language (e-mails: the recipient's), as are the names of regions, themes and objectives."""
    if isinstance(target, GCMObjective):
        return target.display_name()
    if isinstance(target, Country):
        return target.localized_name
    return theme_name(target)


def target_reason(target: Target) -> str:
    """Why an item reached someone: the line under each item of a digest."""
    if isinstance(target, Theme):
        return gettext("You follow the theme {name}.").format(name=theme_name(target))
    return gettext("You follow {name}.").format(name=target_name(target))


def target_key(target: Target) -> str:
    """The subject in a form field: country:MLI, theme:labour-mobility, gcm:5."""
    if isinstance(target, Country):
        return f"country:{target.iso3}"
    if isinstance(target, Theme):
        return f"theme:{target.slug}"
    return f"gcm:{target.number}"


def target_from_key(key: str) -> Target | None:
    kind, _, value = (key or "").partition(":")
    if kind == "country":
        return Country.objects.filter(iso3=value.upper()).first()
    if kind == "theme":
        return Theme.objects.filter(slug=value).first()
    if kind == "gcm" and value.isdecimal():
        return GCMObjective.objects.filter(number=int(value)).first()
    return None


def target_url(target: Target) -> str:
    if isinstance(target, Country):
        return target.get_absolute_url()
    if isinstance(target, Theme):
        return reverse("practices:theme", args=[target.slug])
    return reverse("practices:objective", args=[target.number])


def target_follow_url(target: Target) -> str:
    """The subject's "Subscribe to …" page: its e-mail digest and its feed."""
    if isinstance(target, Country):
        return reverse("countries:follow", args=[target.iso3.lower()])
    if isinstance(target, Theme):
        return reverse("practices:theme_follow", args=[target.slug])
    return reverse("practices:objective_follow", args=[target.number])


def target_feed_url(target: Target) -> str:
    if isinstance(target, Country):
        return reverse("subscriptions:country_feed", args=[target.iso3.lower()])
    if isinstance(target, Theme):
        return reverse("subscriptions:theme_feed", args=[target.slug])
    return reverse("subscriptions:objective_feed", args=[target.number])

import datetime
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.reference_names import objective_label
from portal.core.translations import column, languages
from portal.countries.models import Country
from portal.lib.text import validate_clean_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.accounts.models import User


class Theme(models.Model):
    """A GFMD thematic area; themes form a two-level tree that editors manage."""

    name = models.CharField(max_length=200, validators=[validate_clean_text])
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["parent__name", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent else self.name


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Migration (A/RES/73/195)."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_label = models.CharField(max_length=120, validators=[validate_clean_text])
    title = models.TextField(
        blank=True, help_text="The full title as the Compact words it.", validators=[validate_clean_text]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_label}"

    def display_name(self) -> str:
        """The objective as a sentence names it, in the active language: GCM objective 5: Regular pathways."""
        return gettext("GCM objective {number}: {label}").format(number=self.number, label=objective_label(self))


def target_position(code: str) -> int:
    """Where an SDG target's code sorts, as the UN lists them: by goal, numbered targets before
    lettered ones (8.7, 8.10, 8.a, 10.7, 10.c). Codes of another shape go last, in code order."""
    goal, _dot, target = code.strip().partition(".")
    if not goal.isdecimal() or not target or len(goal) > 3:
        return 999_999
    if target.isdecimal() and len(target) <= 2:
        return int(goal) * 1000 + int(target)
    if len(target) == 1 and "a" <= target.lower() <= "z":
        return int(goal) * 1000 + 100 + ord(target.lower()) - ord("a")
    return 999_999


class SDGTarget(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="10.7, 8.8, …")
    title = models.TextField(blank=True, validators=[validate_clean_text])
    # Derived from the code when saved: text order would put 10.7 before 8.7.
    position = models.PositiveIntegerField(default=999_999, editable=False)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("SDG target")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.position = target_position(self.code)
        if kwargs.get("update_fields") is not None and "code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "position"}
        super().save(*args, **kwargs)


# What practice_summaries reads of a practice (see PracticeQuerySet.for_summaries): the title and
# the summary with their translation columns, the original's language, the date, the submitter.
SUMMARY_FIELDS = (
    *(name for field in ("title", "summary") for name in (field, *(column(field, code) for code in languages()))),
    "language",
    "date_shared",
    "submitter",
)


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> "PracticeQuerySet":
        """The rule of what the public sees: published, and not merged into another record. Lists,
        topic pages, feeds, exports, the sitemap and the search read this; pages of one practice
        and the API read ``visible_to``, built on it."""
        return self.filter(status=Practice.Status.PUBLISHED, merged_into__isnull=True)

    def submitted_by(self, user: "User") -> "PracticeQuerySet":
        """A contributor's own entries, in any state (merged ones excepted)."""
        return self.filter(submitter=user, merged_into__isnull=True)

    def visible_to(self, user: "User | AnonymousUser") -> "PracticeQuerySet":
        """What ``user`` may open: the published practices, plus a contributor's own in any state;
        editors see every record, merged ones included."""
        from portal.accounts.roles import is_editor

        if is_editor(user):
            return self
        if user.is_authenticated:
            return self.published() | self.submitted_by(user)
        return self.published()

    def with_is_public(self) -> "PracticeQuerySet":
        """Each practice with ``is_public``: whether ``published()`` holds it (a page shown to its
        owner or an editor says when the public cannot see it)."""
        return self.annotate(is_public=models.Exists(Practice.objects.published().filter(pk=models.OuterRef("pk"))))

    def tagged_with(self, target: "Country | Theme | GCMObjective") -> "PracticeQuerySet":
        """Practices of a country, a theme (its sub-themes included) or a GCM objective."""
        if isinstance(target, Country):
            return self.of_country(target)
        tagged: models.QuerySet  # rows of one of the two link tables
        if isinstance(target, Theme):
            tagged = Practice.themes.through.objects.filter(models.Q(theme=target) | models.Q(theme__parent=target))
        elif isinstance(target, GCMObjective):
            tagged = Practice.gcm_objectives.through.objects.filter(gcmobjective=target)
        else:
            raise TypeError(f"not a subject practices are tagged with: {target!r}")
        return self.filter(pk__in=tagged.values("practice_id"))

    def count_by_theme(self) -> dict[int, int]:
        """How many of these practices each theme's page lists (a theme's sub-themes included), by
        theme id; themes with none are left out. Two grouped counts in the database."""
        links = Practice.themes.through.objects.filter(practice__in=self.order_by().values("pk"))
        counts = dict(links.values_list("theme_id").annotate(n=models.Count("practice_id", distinct=True)))
        # A top-level theme counts each practice once, whether tagged with it or with its sub-themes.
        tops = links.values_list(Coalesce("theme__parent_id", "theme_id")).annotate(
            n=models.Count("practice_id", distinct=True)
        )
        return counts | dict(tops)

    def of_country(self, country: Country) -> "PracticeQuerySet":
        """Practices implemented in ``country``, looked up from the country's links (``id IN (…)``).

        The plain join (``country.practices``) leaves SQLite free to start from the other side: without
        planner statistics it walks every published practice and probes the link table for each.
        PostgreSQL plans both forms alike."""
        return self.filter(pk__in=Practice.countries.through.objects.filter(country=country).values("practice_id"))

    def ids_and_dates(self) -> list[tuple[int, datetime.date | None]]:
        """``(id, date_shared)`` of every practice of the queryset, in ``Meta.ordering``'s order (newest
        first, undated last, then by id). A page that needs the dates anyway (a country's timeline)
        picks its page of ids from this list: ordering whole rows in SQL to keep twenty reads all of
        them. Sorted here, not in SQL: asked for that order, SQLite walks the index of every published
        practice in date order (migration 0008) instead of reading the few hundred of a country from
        the link index."""
        pairs = list(self.order_by().values_list("pk", "date_shared"))
        dated = [pair for pair in pairs if pair[1] is not None]
        undated = [pair for pair in pairs if pair[1] is None]
        # Two sorts on plain keys (cheaper than one on a composed key): by id, then by date, newest
        # first; a sort keeps the order of equal keys, so a day's practices stay by id.
        dated.sort(key=itemgetter(0))
        dated.sort(key=itemgetter(1), reverse=True)
        undated.sort(key=itemgetter(0))
        return dated + undated

    def in_order(self, ids: Iterable[int]) -> list["Practice"]:
        """The practices with these ids, in the order given (ids of practices not in the queryset are
        skipped). Fetched by primary key, without ``Meta.ordering``: on SQLite an ORDER BY can make the
        planner walk a whole index instead (see migration 0008)."""
        ids = list(ids)  # any iterable (a page's ids): read twice below
        found = self.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def for_summaries(self) -> "PracticeQuerySet":
        """Only what a list of practice summaries shows (``practice_summaries``): the title and the
        summary with their translations, the language, the date, and the submitter's name. A
        practice's other texts are long and a list does not show them, so they are not read. Any
        other field would cost a query per practice if read."""
        names = (f"submitter__{name}" for name in get_user_model().NAME_FIELDS)
        return self.select_related("submitter").only(*SUMMARY_FIELDS, *names)

    def awaiting_moderation(self) -> "PracticeQuerySet":
        return self.filter(status=Practice.Status.SUBMITTED, merged_into__isnull=True)

    def search(self, text: str) -> "PracticeQuerySet":
        """Full-text search, forgiving prefixes and typos (SQLite FTS5 or PostgreSQL); see search.py."""
        from .search import search_practices

        return search_practices(self, text)


class Practice(models.Model):
    """An entry of the Policy & Practice Database."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class SubmitterKind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        LOCAL_AUTHORITY = "local_authority", _("Local or regional authority")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia or research")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=400, validators=[validate_clean_text])
    summary = models.TextField(
        help_text=_("Who promotes it, what it is, where it is implemented."), validators=[validate_clean_text]
    )
    language = models.CharField(
        _("language of the text"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the title and summary are written in; the other languages are translations."),
    )
    # Translations of the title and summary (see portal/core/translations.py); the column of the
    # text's own language stays empty.
    title_en = models.CharField(_("title in English"), max_length=400, blank=True, validators=[validate_clean_text])
    title_fr = models.CharField(_("title in French"), max_length=400, blank=True, validators=[validate_clean_text])
    title_es = models.CharField(_("title in Spanish"), max_length=400, blank=True, validators=[validate_clean_text])
    summary_en = models.TextField(_("summary in English"), blank=True, validators=[validate_clean_text])
    summary_fr = models.TextField(_("summary in French"), blank=True, validators=[validate_clean_text])
    summary_es = models.TextField(_("summary in Spanish"), blank=True, validators=[validate_clean_text])
    body = models.TextField(blank=True, validators=[validate_clean_text])
    image = models.ImageField(upload_to="practices/%Y/", blank=True, help_text=_("A logo, flag or illustration."))
    countries = models.ManyToManyField(Country, related_name="practices", blank=True)
    is_global = models.BooleanField(
        _("global"), default=False, help_text=_("Implemented worldwide rather than in named countries.")
    )
    partners = models.TextField(
        blank=True, help_text=_("UN bodies, civil society, private sector, …"), validators=[validate_clean_text]
    )
    themes = models.ManyToManyField(Theme, related_name="practices", blank=True)
    gcm_objectives = models.ManyToManyField(
        GCMObjective, related_name="practices", blank=True, verbose_name=_("GCM objectives")
    )
    sdg_targets = models.ManyToManyField(SDGTarget, related_name="practices", blank=True, verbose_name=_("SDG targets"))
    submitter_kind = models.CharField(
        _("kind of submitting organisation"), max_length=30, choices=SubmitterKind.choices, blank=True
    )
    contact_name = models.CharField(max_length=200, blank=True, validators=[validate_clean_text])
    contact_organisation = models.CharField(max_length=200, blank=True, validators=[validate_clean_text])
    contact_email = models.EmailField(blank=True, validators=[validate_clean_text])
    contact_phone = models.CharField(max_length=50, blank=True, validators=[validate_clean_text])
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="practices"
    )
    date_shared = models.DateField(null=True, blank=True, help_text="Empty when the source did not record it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        help_text="Set when an editor merged this record into another; its page redirects there.",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this record was imported from.", validators=[validate_clean_text]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[countries, themes, gcm_objectives, sdg_targets])

    # Not stored: set on the practices of PracticeQuerySet.with_is_public().
    is_public: bool

    class Meta:
        # Newest first; undated (imported) entries after, in the order the source listed them.
        ordering = [models.F("date_shared").desc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])


class PracticeSource(models.Model):
    """Where a practice was presented in the GFMD context: free text, linked to an edition or meeting if known."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="sources")
    text = models.CharField(
        max_length=400,
        help_text="E.g. 'GFMD 2021-2022 – Mayors Mechanism's Call to Local Action'.",
        validators=[validate_clean_text],
    )
    edition = models.ForeignKey("forum.Edition", on_delete=models.SET_NULL, null=True, blank=True)
    meeting = models.ForeignKey("forum.Meeting", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Transition(models.Model):
    """One step of moderation: who moved a practice from one state to another, when, and why."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Practice.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Practice.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    comment = models.TextField(blank=True, validators=[validate_clean_text])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.from_status or 'new'} → {self.to_status}"


# A practice's relations that the API and the exports show as codes, and the code of each.
RELATED_CODES = {"countries": "iso3", "themes": "slug", "gcm_objectives": "number", "sdg_targets": "code"}


def related_codes(
    practice_ids: Iterable[int], relations: Iterable[str] = RELATED_CODES
) -> dict[int, dict[str, list[Any]]]:
    """The codes of these practices' relations (practice id → relation → codes, in code order), one
    query per relation for all of them. ``prefetch_related`` would build a record, a manager and a
    queryset for every related row of every practice, which cost the API's lists and the exports
    most of their time (bench/RESULTS.md); this reads the codes alone."""
    relations = list(relations)
    codes: dict[int, dict[str, list[Any]]] = {pk: {name: [] for name in relations} for pk in practice_ids}
    for name in relations:
        field = Practice._meta.get_field(name)
        assert isinstance(field, models.ManyToManyField)
        through = field.remote_field.through
        assert through is not None  # Django's own table for the relation
        practice_id = f"{field.m2m_field_name()}_id"
        path = f"{field.m2m_reverse_field_name()}__{RELATED_CODES[name]}"
        rows = through._default_manager.filter(**{f"{practice_id}__in": list(codes)}).order_by(path)
        for pk, value in rows.values_list(practice_id, path):
            codes[pk][name].append(value)
    return codes


def attach_related_codes(practices: Sequence[Practice]) -> None:
    """Give each practice its ``related_codes`` (``related_codes()``), read for all of them at once:
    a page of the API's list, a chunk of an export."""
    codes = related_codes(practice.pk for practice in practices)
    for practice in practices:
        practice.related_codes = codes[practice.pk]  # type: ignore[attr-defined]


def codes_of(practice: Practice, relations: Iterable[str] = RELATED_CODES) -> dict[str, list[Any]]:
    """The practice's ``related_codes`` if they were attached, else those of ``relations`` read now
    (not kept: the relations may still change, as in an update through the API)."""
    kept: dict[str, list[Any]] | None = getattr(practice, "related_codes", None)
    if kept is not None:
        return kept
    if practice.pk is None:
        return {name: [] for name in relations}
    return related_codes([practice.pk], relations)[practice.pk]

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.countries.models import Country
from portal.lib.dates import ends_before_start
from portal.lib.text import validate_clean_text


def check_spans(record: models.Model, *spans: tuple[str, str]) -> None:
    """Refuse a span whose last day is before its first, on the field of the last day (a form and
    the API show the message beside it). ``spans`` are pairs of field names: (first day, last day)."""
    errors = {}
    for start_field, end_field in spans:
        start, end = getattr(record, start_field), getattr(record, end_field)
        if ends_before_start(start, end):
            errors[end_field] = ValidationError(
                _("This date is before the start date (%(start)s)."),
                code="ends_before_start",
                params={"start": start.isoformat()},
            )
    if errors:
        raise ValidationError(errors)


class EditionQuerySet(models.QuerySet["Edition"]):
    def for_date(self, day: datetime.date) -> "Edition | None":
        """The edition whose period holds ``day``: its chairmanship when known, else its label's years
        (stretched to a late summit). Where two periods overlap, the older edition wins."""
        for edition in self.order_by("ordinal"):
            start, end = edition.period
            if start <= day <= end:
                return edition
        return None


class Edition(models.Model):
    ordinal = models.PositiveSmallIntegerField(unique=True, help_text="1 for 2007, 2 for 2008, …")
    label = models.CharField(
        max_length=20,
        unique=True,
        help_text="As the GFMD writes it: 2007, 2013-2014.",
        validators=[validate_clean_text],
    )
    chair = models.CharField(_("chair(s)"), max_length=200, blank=True, validators=[validate_clean_text])
    chair_fr = models.CharField(_("chair(s) in French"), max_length=200, blank=True, validators=[validate_clean_text])
    chair_es = models.CharField(_("chair(s) in Spanish"), max_length=200, blank=True, validators=[validate_clean_text])
    chair_start = models.DateField(_("chairmanship from"), null=True, blank=True)
    chair_end = models.DateField(_("chairmanship to"), null=True, blank=True)
    theme = models.TextField(blank=True, validators=[validate_clean_text])
    # Translations (see portal/core/translations.py); the original is in English.
    theme_fr = models.TextField(_("theme in French"), blank=True, validators=[validate_clean_text])
    theme_es = models.TextField(_("theme in Spanish"), blank=True, validators=[validate_clean_text])
    summit_city = models.CharField(max_length=120, blank=True, validators=[validate_clean_text])
    summit_city_fr = models.CharField(
        _("summit city in French"), max_length=120, blank=True, validators=[validate_clean_text]
    )
    summit_city_es = models.CharField(
        _("summit city in Spanish"), max_length=120, blank=True, validators=[validate_clean_text]
    )
    summit_country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="summits_hosted"
    )
    summit_start = models.DateField(null=True, blank=True)
    summit_end = models.DateField(null=True, blank=True)
    summit_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="E.g. 'no summit; concluding debate in Geneva', 'held online'.",
        validators=[validate_clean_text],
    )
    summit_note_fr = models.CharField(
        _("summit note in French"), max_length=300, blank=True, validators=[validate_clean_text]
    )
    summit_note_es = models.CharField(
        _("summit note in Spanish"), max_length=300, blank=True, validators=[validate_clean_text]
    )
    source_url = models.CharField(
        "source", max_length=500, blank=True, help_text="Where these facts come from.", validators=[validate_clean_text]
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    # Not stored: the dates written out for the templates by pages.edition_views.with_summit_dates().
    summit_dates: str
    chair_dates: str

    class Meta:
        ordering = ["ordinal"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("pages:edition", args=[self.label])

    def clean(self) -> None:
        check_spans(self, ("chair_start", "chair_end"), ("summit_start", "summit_end"))

    @property
    def years(self) -> tuple[int, int]:
        found = [int(year) for year in re.findall(r"\d{4}", self.label)]
        return (found[0], found[-1]) if found else (0, 0)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.chair_start and self.chair_end:
            return self.chair_start, self.chair_end
        first, last = self.years
        start = datetime.date(first, 1, 1) if first else datetime.date.min
        end = datetime.date(last, 12, 31) if last else datetime.date.max
        if self.summit_end and self.summit_end > end:
            end = self.summit_end
        return start, end


class Meeting(models.Model):
    class Kind(models.TextChoices):
        SUMMIT = "summit", _("Summit")
        PREPARATORY = "preparatory", _("Preparatory meeting")
        THEMATIC_MEETING = "thematic_meeting", _("Thematic meeting")
        THEMATIC_WORKSHOP = "thematic_workshop", _("Thematic workshop")
        CONCLUDING_DEBATE = "concluding_debate", _("Concluding debate")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=400, blank=True, validators=[validate_clean_text])
    title_fr = models.CharField(_("title in French"), max_length=400, blank=True, validators=[validate_clean_text])
    title_es = models.CharField(_("title in Spanish"), max_length=400, blank=True, validators=[validate_clean_text])
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    city = models.CharField(max_length=120, blank=True, validators=[validate_clean_text])
    city_fr = models.CharField(_("city in French"), max_length=120, blank=True, validators=[validate_clean_text])
    city_es = models.CharField(_("city in Spanish"), max_length=120, blank=True, validators=[validate_clean_text])
    country = models.ForeignKey(Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings")
    reference_key = models.CharField(
        max_length=80,
        blank=True,
        editable=False,
        help_text="Set on meetings that load_reference_data created, so that editors may change every field.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Not stored: the dates written out for the edition page (pages.edition_views.edition_detail).
    dates: str

    class Meta:
        ordering = ["edition__ordinal", "start_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_key"], condition=~models.Q(reference_key=""), name="meeting_unique_reference_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}" if self.title else self.get_kind_display()

    def clean(self) -> None:
        check_spans(self, ("start_date", "end_date"))


class Roundtable(models.Model):
    """A roundtable (``RT 2``), one of its sessions (``RT 2.4``), or a cluster (``Cluster III``)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="roundtables")
    code = models.CharField(max_length=30, help_text="RT 2.4, Cluster III, …", validators=[validate_clean_text])
    title = models.CharField("roundtable title", max_length=400, blank=True, validators=[validate_clean_text])
    session_title = models.CharField(max_length=400, blank=True, validators=[validate_clean_text])
    title_fr = models.CharField(
        _("roundtable title in French"), max_length=400, blank=True, validators=[validate_clean_text]
    )
    title_es = models.CharField(
        _("roundtable title in Spanish"), max_length=400, blank=True, validators=[validate_clean_text]
    )
    session_title_fr = models.CharField(
        _("session title in French"), max_length=400, blank=True, validators=[validate_clean_text]
    )
    session_title_es = models.CharField(
        _("session title in Spanish"), max_length=400, blank=True, validators=[validate_clean_text]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition__ordinal", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="roundtable_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}".strip()

    @property
    def display_title(self) -> str:
        return self.session_title or self.title

    @property
    def display_field(self) -> str:
        """The field display_title comes from, to show it in the reader's language."""
        return "session_title" if self.session_title else "title"

    @property
    def anchor(self) -> str:
        return "rt-" + re.sub(r"[^a-z0-9]+", "-", self.code.lower()).strip("-")


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def with_roles(self) -> list["Participation"]:
        """The records, each with its roles as lists: ``roundtable_role_list`` (by roundtable code,
        with the roundtable) and ``meeting_role_list`` (by meeting date, undated last on both
        databases, with the meeting and its country). Two queries by participation id, none when
        there is no record.

        What ``prefetch_related`` would give, for less: a country profile shows a dozen records, and
        Django's prefetching (a filter over the records, Meta.ordering's joins) cost more than the
        two queries themselves. The edition and the country are not joined: a page showing a
        country's record has them already (see ``pages.country_views.engagement_blocks``); add
        ``select_related`` where it has not."""
        records: list[Participation] = list(self)
        by_id = {record.pk: record for record in records}
        for record in records:
            record.roundtable_role_list = []
            record.meeting_role_list = []
        if not records:
            return records
        roundtable_roles = RoundtableRole.objects.filter(participation_id__in=by_id).select_related("roundtable")
        # By code in SQL, as Meta.ordering: the database's collation decides, as it always has.
        for role in roundtable_roles.order_by("roundtable__code", "id"):
            by_id[role.participation_id].roundtable_role_list.append(role)
        meeting_roles = MeetingRole.objects.filter(participation_id__in=by_id).select_related(
            "meeting", "meeting__country"
        )
        for meeting_role in meeting_roles.order_by():
            by_id[meeting_role.participation_id].meeting_role_list.append(meeting_role)
        for record in records:
            record.meeting_role_list.sort(key=_meeting_order)
        return records


def _meeting_order(role: "MeetingRole") -> tuple[bool, datetime.date, int]:
    """Meeting roles by the meeting's date, undated ones last (both databases alike), then as entered."""
    start = role.meeting.start_date
    return (start is None, start or datetime.date.min, role.pk)


class Participation(models.Model):
    """What is on record for one country in one edition. A country or an edition that holds such a
    record cannot be deleted, on any path (admin, API, shell): its record would go with it."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="participations")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="participations")
    attended_meeting = models.BooleanField(default=False, help_text="2007 had a single meeting.")
    attended_prep_meetings = models.BooleanField(default=False)
    attended_summit = models.BooleanField(default=False)
    financial_recorded = models.BooleanField(
        default=False, help_text="Whether the record says anything about a financial contribution."
    )
    financial_contribution = models.TextField(
        blank=True, help_text="Empty: no financial contribution.", validators=[validate_clean_text]
    )
    contribution_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    contribution_currency = models.CharField(max_length=3, blank=True, validators=[validate_clean_text])
    roundtables_recorded = models.BooleanField(
        default=False, help_text="Whether the record says anything about roundtable participation."
    )
    delegates = models.TextField(
        blank=True, help_text="Not public: editors and the country's focal points.", validators=[validate_clean_text]
    )
    source_notes = models.JSONField(
        _("kept as written"),
        default=list,
        blank=True,
        help_text=_(
            "Lines of the imported page that were not understood, shown as written in this edition's block: "
            'a list of {"part": …, "text": …}. Delete a line once the record says it.'
        ),
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this record was imported from.", validators=[validate_clean_text]
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    # Not stored: the roles as lists, set by ParticipationQuerySet.with_roles().
    roundtable_role_list: list["RoundtableRole"]
    meeting_role_list: list["MeetingRole"]

    class Meta:
        ordering = ["edition__ordinal", "country__name"]
        constraints = [models.UniqueConstraint(fields=["country", "edition"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.country} in {self.edition}"

    def notes_of(self, part: str) -> list[str]:
        """The lines kept as written for one part of the block (roundtables, meetings, financial, …)."""
        return [note.get("text", "") for note in self.source_notes or [] if note.get("part") == part]

    @property
    def other_notes(self) -> list[str]:
        """The lines kept as written that belong to no part the block shows (delegates, stray text)."""
        shown = {"roundtables", "meetings", "financial"}
        return [note.get("text", "") for note in self.source_notes or [] if note.get("part") not in shown]


class RoundtableRole(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="roundtable_roles")
    roundtable = models.ForeignKey(Roundtable, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(
        max_length=100, help_text="Team Member, Government Team Member, Co-Chair, …", validators=[validate_clean_text]
    )
    source_text = models.TextField(
        blank=True, help_text="The line as the source wrote it; shown as is.", validators=[validate_clean_text]
    )

    class Meta:
        ordering = ["roundtable__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "roundtable", "role"], name="roundtable_role_unique")
        ]

    def __str__(self) -> str:
        return f'{self.role} in {self.roundtable.code} "{self.roundtable.display_title}"'


class MeetingRole(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="meeting_roles")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(
        max_length=100, help_text="Participated, Attended, Co-chair, …", validators=[validate_clean_text]
    )
    source_text = models.TextField(
        blank=True, help_text="The line as the source wrote it; shown as is.", validators=[validate_clean_text]
    )
    source_block = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position of the block the source showed it in, when that differs."
    )

    class Meta:
        ordering = ["meeting__start_date", "id"]
        constraints = [models.UniqueConstraint(fields=["participation", "meeting", "role"], name="meeting_role_unique")]

    def __str__(self) -> str:
        return f"{self.role} in {self.meeting}"


class CorrectionProposal(models.Model):
    """A focal point's proposed correction to their country's record; an editor accepts or declines it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="correction_proposals")
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, null=True, blank=True, help_text="Empty for the country's background."
    )
    changes = models.JSONField(help_text="Field name to proposed value.", validators=[validate_clean_text])
    note = models.TextField(
        blank=True, help_text="Why: a source, a document, a memory of the meeting.", validators=[validate_clean_text]
    )
    proposer = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="proposals")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    reviewer = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewed_proposals"
    )
    review_comment = models.TextField(blank=True, validators=[validate_clean_text])
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return (
            f"Correction to {self.country}{f' in {self.edition}' if self.edition else ''} ({self.get_state_display()})"
        )

from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.countries.models import Country


class Theme(models.Model):
    """A GFMD thematic area; themes form a two-level tree that editors manage."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["parent__name", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Migration (A/RES/73/195)."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_label = models.CharField(max_length=120)
    title = models.TextField(blank=True, help_text="The full title as the Compact words it.")

    class Meta:
        ordering = ["number"]
        verbose_name = "GCM objective"

    def __str__(self) -> str:
        return f"{self.number}. {self.short_label}"


class SDGTarget(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="10.7, 8.8, …")
    title = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "SDG target"

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        """The only practices that public pages, feeds, exports and the API may show."""
        return self.filter(status=Practice.Status.PUBLISHED)


class Practice(models.Model):
    """An entry of the Policy & Practice Database."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=400)
    summary = models.TextField()
    body = models.TextField(blank=True)
    countries = models.ManyToManyField(Country, related_name="practices", blank=True)
    themes = models.ManyToManyField(Theme, related_name="practices", blank=True)
    gcm_objectives = models.ManyToManyField(GCMObjective, related_name="practices", blank=True)
    sdg_targets = models.ManyToManyField(SDGTarget, related_name="practices", blank=True)
    is_global = models.BooleanField(
        "global", default=False, help_text="Implemented worldwide rather than in named countries."
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="practices"
    )
    date_shared = models.DateField(null=True, blank=True, help_text="Empty when the source did not record it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where this record was imported from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        # Newest first; undated (imported) entries after, in the order the source listed them.
        ordering = [models.F("date_shared").desc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.countries.models import Country


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
    is_global = models.BooleanField("global", default=False, help_text="Implemented worldwide rather than in named countries.")
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

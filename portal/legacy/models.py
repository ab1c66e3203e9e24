"""What an import of the old portal's pages left for a person to look at."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportDoubt(models.Model):
    """A line of an imported page that was corrected, kept as written, or disagrees with the record.

    Written by the importer in the page's transaction; an editor corrects the record if need be and
    marks the doubt settled (who and when are recorded)."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("Slip corrected")
        VERBATIM = "verbatim", _("Kept as written")
        EMPTY_LABEL = "empty_label", _("Label with no value")
        DIFFERS = "differs", _("Page and record differ")
        DUPLICATE = "duplicate", _("Possible duplicate")
        MOVED = "moved", _("Shown under another edition")
        TOO_LONG = "too_long", _("Over a field's limit")

    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, related_name="import_doubts", verbose_name=_("country")
    )
    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("edition")
    )
    participation = models.ForeignKey(
        "forum.Participation", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_doubts"
    )
    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_doubts"
    )
    source = models.CharField(_("page"), max_length=300, help_text=_("The imported file."))
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("The line as the page wrote it."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    reason = models.TextField(_("reason"))
    action = models.TextField(_("what was done"))
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["country__name", "source", "line", "id"]
        verbose_name = _("import doubt")
        verbose_name_plural = _("import review")

    def __str__(self) -> str:
        where = f", line {self.line}" if self.line else ""
        return f"{self.source}{where}: {self.reason}"

    @property
    def is_settled(self) -> bool:
        return self.settled_at is not None

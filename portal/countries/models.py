from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.lib.coordinates import format_factbook, format_wkt_point
from portal.lib.text import validate_clean_text


class CountryQuerySet(models.QuerySet["Country"]):
    def find(self, text: str) -> "Country | None":
        """The country a person means by ``text``: an ISO code, its name or official name, or a common or
        former name (``Turkey``, ``Vietnam``, ``Ivory Coast``), accents, case and punctuation aside."""
        from .names import iso3_for_name

        text = " ".join(text.split())
        if not text:
            return None
        if len(text) in (2, 3) and text.isalpha():
            found = self.filter(models.Q(iso2__iexact=text) | models.Q(iso3__iexact=text)).first()
            if found:
                return found
        iso3 = iso3_for_name(text, self._names())
        return self.filter(iso3=iso3).first() if iso3 else None

    def closest(self, text: str, n: int = 3) -> list["Country"]:
        """The ``n`` countries whose names are closest to ``text``, best first (for "did you mean")."""
        from .names import closest_names, iso_names

        candidates = {**iso_names(), **self._names()}
        codes = closest_names(text, candidates, n)
        by_code = {country.iso3: country for country in self.filter(iso3__in=codes)}
        return [by_code[code] for code in codes if code in by_code]

    def _names(self) -> dict[str, str]:
        """The stored names and official names by ``name_key`` (editors' corrections count)."""
        from .names import name_key

        names: dict[str, str] = {}
        for iso3, name, official in self.values_list("iso3", "name", "official_name"):
            for value in (name, official):
                if value:
                    names.setdefault(name_key(value), iso3)
        return names


class Country(models.Model):
    class GfmdStatus(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member state")
        OBSERVER = "observer", _("Observer")

    iso2 = models.CharField("ISO2 code", max_length=2, unique=True)
    iso3 = models.CharField("ISO3 code", max_length=3, unique=True)
    numeric = models.CharField("ISO numeric code", max_length=3, blank=True)
    name = models.CharField(max_length=120, validators=[validate_clean_text])
    official_name = models.CharField(max_length=200, blank=True, validators=[validate_clean_text])
    region = models.CharField("UN M49 region", max_length=60, blank=True, validators=[validate_clean_text])
    subregion = models.CharField("UN M49 sub-region", max_length=60, blank=True, validators=[validate_clean_text])
    intermediate_region = models.CharField(
        "UN M49 intermediate region", max_length=60, blank=True, validators=[validate_clean_text]
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    background = models.TextField(blank=True, validators=[validate_clean_text])
    background_fr = models.TextField(_("background in French"), blank=True, validators=[validate_clean_text])
    background_es = models.TextField(_("background in Spanish"), blank=True, validators=[validate_clean_text])
    un_member_since = models.PositiveSmallIntegerField(
        "UN member since", null=True, blank=True, help_text="Year of admission; empty for non-members."
    )
    gfmd_status = models.CharField(_("GFMD status"), max_length=20, choices=GfmdStatus.choices, blank=True)
    source_notes = models.TextField(
        _("kept as written"),
        blank=True,
        help_text=_(
            "Lines of the imported page that the record does not say as written (one per line), shown on the "
            "profile. Delete a line once the record says it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CountryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:country", args=[self.iso3.lower()])

    def delete(self, using: str | None = None, keep_parents: bool = False) -> tuple[int, dict[str, int]]:
        """Deleted only if no practice names it: the practices' link table would unlink them without a
        word (participations are held by their foreign key)."""
        practices = list(self.practices.all())
        if practices:
            raise ProtectedError(f"{self} is named by {len(practices)} practices", set(practices))
        return super().delete(using=using, keep_parents=keep_parents)

    @property
    def localized_name(self) -> str:
        """The name in the active language (pycountry's translation); the stored name in English."""
        from .names import localized_country_name

        return localized_country_name(self.iso3, self.name)

    @property
    def localized_official_name(self) -> str:
        from .names import localized_official_name

        return localized_official_name(self.iso3, self.official_name or self.name)

    @property
    def source_note_lines(self) -> list[str]:
        return [line for line in self.source_notes.splitlines() if line.strip()]

    @property
    def latitude_text(self) -> str:
        return format_factbook(self.latitude, "lat")

    @property
    def longitude_text(self) -> str:
        return format_factbook(self.longitude, "lon")

    @property
    def wkt(self) -> str:
        return format_wkt_point(self.longitude, self.latitude)


class ExternalResource(models.Model):
    """A source outside the portal about one or more countries (e.g. ICMPD's i-Map profiles)."""

    title = models.CharField(max_length=300, blank=True, validators=[validate_clean_text])
    text = models.TextField(blank=True, validators=[validate_clean_text])
    url = models.URLField("URL", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True, validators=[validate_clean_text])
    countries = models.ManyToManyField(Country, related_name="external_resources", blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this record was imported from.", validators=[validate_clean_text]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title or self.text[:80] or f"Resource {self.pk}"

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from portal.lib.text import validate_clean_text

# The salutations people record, by their letters in lower case ("Ms." and "Ms" alike), each written
# in the reader's language by the catalogues (context "salutation"). Others are shown as recorded.
SALUTATIONS = {
    "ms": lambda: pgettext("salutation", "Ms."),
    "mrs": lambda: pgettext("salutation", "Mrs."),
    "mr": lambda: pgettext("salutation", "Mr."),
    "dr": lambda: pgettext("salutation", "Dr."),
}


def localized_salutation(text: str) -> str:
    """``text`` ("Ms.", "Mr", "Dr.") in the active language when it is a known salutation; else as written."""
    if (get_language() or settings.LANGUAGE_CODE).startswith(settings.LANGUAGE_CODE):
        return text  # English: as the person wrote it
    key = "".join(char for char in (text or "").casefold() if char.isalpha())
    found = SALUTATIONS.get(key)
    return found() if found else text


class User(AbstractUser):
    """A person: an editor, a focal point, a contributor, or a submitter recorded by an import.

    The public name is salutation, first name and last name as recorded
    (the old portal showed them as typed, e.g. ``Ms. Laurence BRON``).
    """

    # AbstractUser's names and address, with the portal's one rule on stored text.
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_clean_text])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_clean_text])
    email = models.EmailField(_("email address"), blank=True, validators=[validate_clean_text])
    salutation = models.CharField(
        max_length=20, blank=True, help_text="Ms., Mr., Dr., H.E., …", validators=[validate_clean_text]
    )
    organisation = models.CharField(max_length=200, blank=True, validators=[validate_clean_text])
    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the e-mails the portal sends to this person (set at sign-up, changeable).",
    )
    country = models.ForeignKey("countries.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    focal_point_for = models.ManyToManyField(
        "countries.Country",
        blank=True,
        related_name="focal_points",
        help_text="Countries whose record this person may propose corrections to (set by an editor).",
    )

    # What display_name reads (a list that loads only the name, PracticeQuerySet.for_summaries, uses it).
    NAME_FIELDS = ("salutation", "first_name", "last_name", "username")

    @property
    def display_name(self) -> str:
        """The public name, or "" when none was given: never the username, often an address's local part.
        The salutation is written in the active language ("Ms." is "Mme" in French)."""
        parts = [localized_salutation(self.salutation), self.first_name, self.last_name]
        return " ".join(part.strip() for part in parts if part and part.strip())

    @property
    def has_name(self) -> bool:
        """Whether bylines have a name to show (accounts opened before sign-up asked for one may not)."""
        return bool(self.first_name.strip() or self.last_name.strip())

    def __str__(self) -> str:
        return self.display_name or self.username


def own_name(user: User) -> str:
    """How allauth's pages and messages name the signed-in person to themself: the name, else the address."""
    return user.display_name or user.email

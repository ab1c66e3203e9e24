"""Content in several languages: which fields carry translations, and which text to show.

A translatable field ``title`` keeps the text as it was first written (the *original*); its
translations live beside it in plain columns named after the language, ``title_fr``,
``title_es`` (and ``title_en`` where the original may be in another language, as for practices).
The original's language is the object's ``language`` field when it has one, English otherwise
(reference data is recorded in English).

To show a field in the reader's language, ``translated(obj, "title")`` returns the translation
when there is one, else the original with its language, so that a page can mark it as not
translated (``{% translated obj "title" %}`` in templates does both).
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

# model label -> the fields that carry translations. The columns themselves are declared on each
# model, so that every one of them is visible where the model is defined.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "practices.Practice": ("title", "summary"),
    "forum.Edition": ("theme", "chair", "summit_city", "summit_note"),
    "forum.Meeting": ("title", "city"),
    "forum.Roundtable": ("title", "session_title"),
    "countries.Country": ("background",),
}


def languages() -> list[str]:
    """The portal's languages, the default first."""
    return [code for code, _ in settings.LANGUAGES]


def column(field: str, language: str) -> str:
    return f"{field}_{language}"


def original_language(obj: Model) -> str:
    return getattr(obj, "language", "") or settings.LANGUAGE_CODE


def translation_languages(obj_or_model: Model | type[Model]) -> list[str]:
    """The languages a field of this model may be translated into (those with a column)."""
    meta = obj_or_model._meta
    field = TRANSLATED_FIELDS[meta.label][0]
    names = {f.name for f in meta.get_fields()}
    return [code for code in languages() if column(field, code) in names]


@dataclass(frozen=True)
class Text:
    """A field's text as shown to the reader."""

    text: str
    language: str  # the language the text is written in
    fallback: bool  # True when the reader asked for another language that has no translation yet
    wanted: str  # the reader's language

    def __str__(self) -> str:
        return self.text

    @property
    def marked(self) -> bool:
        """Whether pages mark the text with its ``lang``: it is not in the reader's language."""
        return bool(self.text) and self.language != self.wanted

    def __html__(self) -> str:
        """Inline HTML, so that ``{% translated obj "title" %}`` prints it: the text escaped, and when
        ``marked``, drawn by core/_translated_text.html (inside an element with its ``lang``, followed by
        "(in English)" when it stands in for a translation). Like Django's forms, the object renders a
        template; an unmarked text, the common case, needs none."""
        if not self.marked:
            return escape(self.text)
        return render_to_string("core/_translated_text.html", {"text": self, "html": escape(self.text)})

    def note(self) -> str:
        """The "(in English)" note alone (empty when the text is not a stand-in for a translation)."""
        if not self.fallback:
            return ""
        return render_to_string("core/_untranslated_note.html", {"text": self})

    @property
    def written_in(self) -> str:
        """ "in English", "in French"…: the words of the note."""
        return written_in(self.language)


def written_in(code: str) -> str:
    """ "in English", "in French", "in Spanish", in the reader's language."""
    names = {
        "en": translation.gettext("in English"),
        "fr": translation.gettext("in French"),
        "es": translation.gettext("in Spanish"),
    }
    return names.get(code, code)


def translated(obj: Model, field: str, language: str | None = None) -> Text:
    """``obj.field`` in ``language`` (default: the active language), or the original when untranslated."""
    wanted = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    original = getattr(obj, field) or ""
    source = original_language(obj)
    if wanted != source:
        text = getattr(obj, column(field, wanted), "") or ""
        if text.strip():
            return Text(text=text, language=wanted, fallback=False, wanted=wanted)
    return Text(text=original, language=source, fallback=bool(original) and wanted != source, wanted=wanted)


# --- what editors still have to translate ----------------------------------------------------------


def missing(queryset: QuerySet, field: str, language: str) -> QuerySet:
    """Rows of ``queryset`` whose ``field`` has text in another language but none in ``language``."""
    model = queryset.model
    queryset = queryset.exclude(**{field: ""})
    if column(field, language) not in {f.name for f in model._meta.get_fields()}:
        return queryset.none()
    untranslated = Q(**{column(field, language): ""})
    if hasattr(model, "language"):
        # A practice written in this language needs no translation into it.
        return queryset.filter(untranslated).exclude(language=language)
    if language == settings.LANGUAGE_CODE:
        return queryset.none()
    return queryset.filter(untranslated)


def translated_models() -> list[tuple[type[Model], tuple[str, ...]]]:
    return [(apps.get_model(label), fields) for label, fields in TRANSLATED_FIELDS.items()]


def reviewable(model: type[Model]) -> QuerySet:
    """The rows whose translations editors look after: published practices, every reference row."""
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()

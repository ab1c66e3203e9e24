"""Showing translatable content in the reader's language (see portal/core/translations.py).

``{% translated obj "title" %}``: the text in the active language; when there is no translation
yet, the original, inside an element that carries its ``lang`` and a visible note "(in English)".

``{% translated obj "summary" as summary %}``: the same as a ``Text`` (``text``, ``language``,
``fallback``), for templates that format the text themselves:
``<div lang="{{ summary.language }}">{{ summary.text|linebreaks }}</div>{{ summary.note }}``.

``{% translated_paragraphs obj "summary" %}``: a long text as paragraphs, marked the same way.

``{{ obj|translated_text:"title" }}``: the plain text, for attributes, page titles and e-mails.

The markup is in core/_translated_text.html, core/_paragraphs.html and core/_untranslated_note.html.
"""

from django import template
from django.db.models import Model

from portal.core import translations
from portal.lib.text import blocks

register = template.Library()


@register.simple_tag
def translated(obj: Model, field: str, language: str | None = None) -> translations.Text:
    # A Text renders itself as HTML (Text.__html__, through core/_translated_text.html).
    return translations.translated(obj, field, language)


@register.filter
def translated_text(obj: Model, field: str) -> str:
    return translations.translated(obj, field).text


@register.inclusion_tag("core/_paragraphs.html")
def translated_paragraphs(obj: Model, field: str, language: str | None = None) -> dict[str, object]:
    """A long text as paragraphs (as the ``paragraphs`` tag shows it), in the reader's language
    (or ``language``); an untranslated original sits in an element with its ``lang``, preceded by the note."""
    text = translations.translated(obj, field, language)
    return {"blocks": blocks(text.text), "text": text, "marked": text.marked}

"""Showing translatable content in the reader's language (see portal/core/translations.py).

``{% translated obj "title" %}``: the text in the active language; when there is no translation
yet, the original, inside an element that carries its ``lang`` and a visible note "(in English)".

``{% translated obj "summary" as summary %}``: the same as a ``Text`` (``text``, ``language``,
``fallback``), for templates that format the text themselves:
``<div lang="{{ summary.language }}">{{ summary.text|linebreaks }}</div>{{ summary.note }}``.

``{% translated_paragraphs obj "summary" %}``: a long text as paragraphs, marked the same way.

``{{ obj|translated_text:"title" }}``: the plain text, for attributes, page titles and e-mails.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal.core import translations
from portal.lib.text import paragraphs_html

register = template.Library()


@register.simple_tag
def translated(obj, field: str, language: str | None = None) -> translations.Text:
    # A Text renders itself as HTML (Text.__html__), so the tag needs no markup of its own.
    return translations.translated(obj, field, language)


@register.filter
def translated_text(obj, field: str) -> str:
    return translations.translated(obj, field).text


@register.simple_tag
def translated_paragraphs(obj, field: str, language: str | None = None) -> SafeString:
    """A long text as paragraphs (as the ``paragraphs`` filter shows it), in the reader's language
    (or ``language``); an untranslated original sits in an element with its ``lang``, preceded by the note."""
    text = translations.translated(obj, field, language)
    body = paragraphs_html(text.text)
    if not text.text or text.language == text.wanted:
        return body
    note = format_html('<p class="untranslated">{}</p>', text.note()) if text.fallback else ""
    return format_html('{}<div lang="{}">{}</div>', note, text.language, body)

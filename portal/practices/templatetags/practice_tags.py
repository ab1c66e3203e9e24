"""Tags for practice pages and lists."""

import datetime
from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

from portal.core.reversing import reverser
from portal.core.templatetags.translated import translated_paragraphs
from portal.core.translations import translated

register = template.Library()


@lru_cache(maxsize=4096)
def long_date(day: datetime.date, language: str) -> str:
    """ "3 May 2021" in ``language``, remembered: a list of practices formats many dates, and Django's
    date formatting costs tens of microseconds each (a translated format, a month's name)."""
    with override(language):
        return date_format(day, gettext("j F Y"))


@register.simple_tag
def byline(practice) -> SafeString:
    """Who shared a practice, and when: "Submitted by … on 3 May 2021".

    A tag rather than an included template: it stands beside every practice of a list, and this
    costs a tenth of the template's time (one translated sentence, one localised date)."""
    return mark_safe(_byline_html(practice, get_language()))  # noqa: S308 - escaped in _byline_html


@lru_cache(maxsize=16)
def _byline_words(language: str) -> tuple[str, str, str]:
    """The byline's three messages in ``language``, translated once per language and process."""
    with override(language):
        return gettext("Submitted by %(name)s on"), gettext("an unnamed contributor"), gettext("(date not recorded)")


def _byline_html(practice, language: str) -> str:
    submitted_by, unnamed, not_recorded = _byline_words(language)
    submitter = practice.submitter
    name = (submitter.display_name if submitter is not None else "") or unnamed
    # The message that {% blocktranslate %} had, so the catalogues keep their entry; as there, the
    # translation is trusted and the name escaped.
    submitted = submitted_by % {"name": escape(name)}
    day = practice.date_shared
    if day is None:
        when = f'<span class="missing">{escape(not_recorded)}</span>'
    else:
        when = f'<time datetime="{day.isoformat()}">{escape(long_date(day, language))}</time>'
    return f'<p class="byline">{submitted} {when}</p>'


@register.simple_tag
def practice_summaries(practices: Iterable, empty: str) -> SafeString:
    """A list of practices, each as its title (linked), byline and summary; ``empty`` when there is none.

    Written out rather than looped over in a template: a country profile shows twenty of them, and
    the template engine's work per variable was most of their cost. The language and the address
    prefix are looked up once for the whole list."""
    language = get_language()
    address = reverser()
    html = [
        '<article class="practice-summary">'
        f'<h3><a href="{escape(practice.get_absolute_url(address))}">'
        f"{conditional_escape(translated(practice, 'title', language))}</a></h3>"
        f"{_byline_html(practice, language)}{translated_paragraphs(practice, 'summary', language)}"
        "</article>"
        for practice in practices
    ]
    if not html:
        return format_html("<p>{}</p>", empty)
    return mark_safe("\n".join(html))  # noqa: S308 - every value is escaped above

"""Tags for practice pages and lists."""

import datetime
from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

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
    submitter = practice.submitter
    name = (submitter.display_name if submitter is not None else "") or gettext("an unnamed contributor")
    # The message that {% blocktranslate %} had, so the catalogues keep their entry; as there, the
    # translation is trusted and the name escaped.
    submitted = mark_safe(gettext("Submitted by %(name)s on") % {"name": escape(name)})  # noqa: S308
    day = practice.date_shared
    if day is None:
        when = format_html('<span class="missing">{}</span>', gettext("(date not recorded)"))
    else:
        when = format_html('<time datetime="{}">{}</time>', day.isoformat(), long_date(day, get_language()))
    return format_html('<p class="byline">{} {}</p>', submitted, when)


@register.simple_tag
def practice_summaries(practices: Iterable, empty: str) -> SafeString:
    """A list of practices, each as its title (linked), byline and summary; ``empty`` when there is none.

    Written out rather than looped over in a template: a country profile shows twenty of them, and
    the template engine's work per variable was most of their cost."""
    html = [
        '<article class="practice-summary">'
        f'<h3><a href="{escape(practice.get_absolute_url())}">'
        f"{conditional_escape(translated(practice, 'title'))}</a></h3>"
        f"{byline(practice)}{translated_paragraphs(practice, 'summary')}"
        "</article>"
        for practice in practices
    ]
    if not html:
        return format_html("<p>{}</p>", empty)
    return mark_safe("\n".join(html))  # noqa: S308 - every value is escaped above

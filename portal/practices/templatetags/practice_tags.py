"""Tags for practice pages and lists."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


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
        when = format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day, gettext("j F Y")))
    return format_html('<p class="byline">{} {}</p>', submitted, when)

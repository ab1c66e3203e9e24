"""Tags for practice pages and lists."""

from django import template
from django.utils.html import format_html

from portal.practices.models import Practice

register = template.Library()


@register.inclusion_tag("practices/_byline.html")
def byline(practice: Practice) -> dict:
    """Who shared a practice, and when: "Submitted by Ms. Laurence BRON on 3 May 2021". The name sits in a
    ``<bdi>``: one written right to left keeps its own order inside the sentence."""
    submitter = practice.submitter
    name = submitter.display_name if submitter is not None else ""
    return {"name": format_html("<bdi>{}</bdi>", name) if name else "", "day": practice.date_shared}

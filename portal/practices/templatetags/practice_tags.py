"""Tags for practice pages and lists."""

from django import template

from portal.practices.models import Practice

register = template.Library()


@register.inclusion_tag("practices/_byline.html")
def byline(practice: Practice) -> dict:
    """Who shared a practice, and when: "Submitted by Ms. Laurence BRON on 3 May 2021"."""
    submitter = practice.submitter
    return {"name": submitter.display_name if submitter is not None else "", "day": practice.date_shared}

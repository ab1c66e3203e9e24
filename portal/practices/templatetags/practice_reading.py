"""Reading a practice: the way back to the search results it came from, and its public history.

The search passes its own address in ``?from=``; the practice page shows a "Back to results"
link only when that address is the practice search (same site, same language's /practices/
page, its query string kept), so the parameter cannot send a reader anywhere else."""

from urllib.parse import urlsplit

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from portal.practices.models import Practice

register = template.Library()

MAX_LENGTH = 2000


def search_address(value: str) -> str:
    """``value`` when it is an address of the practice search in the active language; else ""."""
    if not value or len(value) > MAX_LENGTH or "\\" in value or any(ord(char) < 32 for char in value):
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path != reverse("practices:search"):
        return ""
    return value


@register.simple_tag
def results_address(request: HttpRequest) -> str:
    """The search address the reader came from (the page's ``from`` parameter), when valid."""
    return search_address(request.GET.get("from", ""))


@register.filter
def public_history(records: list) -> list:
    """The history as the public page tells it, newest first.

    - What the import wrote (entries of an imported record made by no person) becomes one undated
      "imported" entry, the oldest, flagged ``imported``: the import's own date would say the practice
      is new when the old portal had it for years.
    - Saves made while the practice was not published (its author's drafts, the review) are left
      out: the story starts with its publication, flagged ``published``, and each later change."""
    shown, imported, published = [], None, set()  # published: the records public at this point of the story
    for record in reversed(records):  # oldest first
        if record.history_type == "-":
            continue  # a record merged into this one, deleted: its earlier entries say what matters
        if getattr(record, "source", "") and record.history_user_id is None:
            imported = imported or record
            if record.status == Practice.Status.PUBLISHED:
                published.add(record.id)
        elif record.status == Practice.Status.PUBLISHED:
            record.published = record.id not in published
            published.add(record.id)
            shown.append(record)
        else:
            published.discard(record.id)  # withdrawn: publishing it again is a new "Published"
    if imported is not None:
        imported.imported = True
        shown.insert(0, imported)
    return shown[::-1]

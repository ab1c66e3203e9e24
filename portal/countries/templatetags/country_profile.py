"""The repeated parts of a country profile, written out in Python.

A profile shows every edition (fifteen blocks) and a table row per edition. Through the template
engine these cost about 4 ms of the page at the time of writing, most of it the engine's own work
per variable and per ``{% translate %}`` (the same labels translated again for each edition).
Here each label is translated once per language and process, and each value escaped once. The
markup is the one the template wrote (the pages were compared, whitespace aside, when the change
was made); tests/countries check what the blocks say and that they escape.

The messages keep the template's wording (and ``%(name)s`` placeholders for what
``{% blocktranslate %}`` had), so that the catalogues keep their entries. As in a template, the
translations are trusted and every value is escaped.
"""

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

from portal.core.reversing import reverser
from portal.forum.dashboard import Timeline
from portal.forum.display import RoleLine
from portal.lib.text import paragraphs_html

if TYPE_CHECKING:
    from ..views import EditionBlock

register = template.Library()


@register.simple_tag
def edition_blocks(blocks: Iterable["EditionBlock"]) -> SafeString:
    """One ``<section class="edition-block">`` per edition: the meta line, then the record or "No record"."""
    labels = _labels(get_language())
    address = reverser()
    html = [_edition_block(block, labels, address) for block in blocks]
    return mark_safe("\n".join(html))  # noqa: S308 - every value is escaped in _edition_block


@lru_cache(maxsize=16)
def _labels(language: str) -> Mapping[str, str]:
    """The blocks' labels in ``language``, translated once per language and process (read-only:
    every page shares them)."""
    with override(language):
        return MappingProxyType(
            {
                "no_record": gettext("No record for this edition"),
                "meeting": gettext("Attended Meeting"),
                "prep": gettext("Attended Prep Meetings"),
                "summit": gettext("Attended Summit"),
                "thematic": gettext("Thematic Meetings"),
                "financial": gettext("Financial Contribution"),
                "no_financial": gettext("No Financial Contribution"),
                "financial_missing": gettext("Financial contribution: not recorded"),
                "roundtables": gettext("RT Participation"),
                "no_roundtables": gettext("No Participation"),
                "roundtables_missing": gettext("Roundtable participation: not recorded"),
                "chair": gettext("Chair: %(chair)s"),
                "summit_city": gettext("Summit: %(city)s"),
            }
        )


def _edition_block(block: "EditionBlock", labels: Mapping[str, str], address: Callable[..., str]) -> str:
    edition = block.edition
    label = escape(edition.label)
    html = [
        f'<section class="edition-block" aria-labelledby="edition-{label}">',
        f'<h3 id="edition-{label}"><a href="{escape(edition.get_absolute_url(address))}">GFMD {label}</a></h3>',
        f'<p class="edition-meta">{_edition_meta(edition, labels)}</p>',
    ]
    record = block.participation
    if record is None:
        html.append(f'<p class="no-record">{labels["no_record"]}</p>')
    else:
        attended = [
            labels[key]
            for key, flag in (
                ("meeting", record.attended_meeting),
                ("prep", record.attended_prep_meetings),
                ("summit", record.attended_summit),
            )
            if flag
        ]
        if attended:
            html.append('<ul class="attendance">' + "".join(f"<li>{item}</li>" for item in attended) + "</ul>")
        meeting_notes = record.notes_of("meetings")
        if block.meeting_lines or meeting_notes:
            html.append(f"<h4>{labels['thematic']}</h4>")
            if block.meeting_lines:
                html.append('<ul class="roles">' + "".join(_role_line(line) for line in block.meeting_lines) + "</ul>")
            html.append(_kept_as_written(meeting_notes))
        if not record.financial_recorded:
            html.append(f'<p class="missing">{labels["financial_missing"]}</p>')
        else:
            html.append(f"<h4>{labels['financial']}</h4>")
            contribution = record.financial_contribution
            html.append(paragraphs_html(contribution) if contribution else f"<p>{labels['no_financial']}</p>")
        html.append(_kept_as_written(record.notes_of("financial")))
        roundtable_notes = record.notes_of("roundtables")
        if not record.roundtables_recorded:
            html.append(f'<p class="missing">{labels["roundtables_missing"]}</p>')
        else:
            html.append(f"<h4>{labels['roundtables']}</h4>")
            if block.roundtable_lines:
                lines = "".join(_role_line(line) for line in block.roundtable_lines)
                html.append(f'<ul class="roles">{lines}</ul>')
            elif not roundtable_notes:
                html.append(f"<p>{labels['no_roundtables']}</p>")
        html.append(_kept_as_written(roundtable_notes))
        html.append(_kept_as_written(record.other_notes))
    html.append("</section>")
    return "\n".join(html)


def _kept_as_written(lines: list[str]) -> str:
    """Lines of the imported page the record does not say, shown as written (rare: a template is fine)."""
    if not lines:
        return ""
    return render_to_string("countries/_kept_as_written.html", {"lines": lines})


def _edition_meta(edition, labels: Mapping[str, str]) -> str:
    """ "Chair: Belgium · Summit: Brussels"; the summit's note when its city is not known."""
    parts = []
    if edition.chair:
        parts.append(labels["chair"] % {"chair": escape(edition.chair)})
    if edition.summit_city:
        parts.append(labels["summit_city"] % {"city": escape(edition.summit_city)})
    elif edition.summit_note:
        parts.append(escape(edition.summit_note))
    return " · ".join(parts)


def _role_line(line: RoleLine) -> str:
    parts = "".join(
        f'<a href="{escape(part.url)}">{escape(part.text)}</a>' if part.url else escape(part.text)
        for part in line.parts
    )
    note = f'<p class="note">{escape(line.note)}</p>' if line.note else ""
    return f"<li>{parts}{note}</li>"


@register.simple_tag
def timeline_rows(timeline: Timeline) -> SafeString:
    """The rows of the timeline's table, one per edition."""
    html = []
    for row in timeline.rows:
        label = escape(row.edition.label)
        empty = "" if row.has_record else ' class="is-empty"'
        html.append(
            f'<tr{empty} data-edition="{label}">'
            f'<th scope="row"><a href="#edition-{label}">{label}</a></th>'
            f"<td>{escape(row.attendance)}</td>"
            f'<td class="num">{escape(row.roles_text)}</td>'
            f"<td>{escape(row.contribution_text)}</td>"
            f'<td class="num">{row.practices}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value is escaped above

"""How a participation record reads on a page: its roundtable and meeting lines.

Imported roles keep the line the old portal showed (``source_text``), so the page says exactly
what the source said, marked as written in English on French and Spanish pages; roles entered by
editors get a line composed in the same style, in the reader's language.
"""

import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from portal.core.translations import translated, written_in

from .models import MeetingRole, Participation, RoundtableRole


@dataclass
class LinePart:
    text: str
    url: str = ""


# The old portal was written in English: the lines kept from it are in that language.
SOURCE_LANGUAGE = "en"


@dataclass
class RoleLine:
    parts: list[LinePart] = field(default_factory=list)
    note: str = ""
    language: str = ""  # set when the line is in another language than the page's (a kept source line)
    language_note: str = ""  # "in English", shown beside such a line


def kept_language() -> str:
    """The language of what is kept as the old portal wrote it (lines, role names), for a ``lang``
    attribute, when the reader reads another language; "" when the reader reads that one."""
    return "" if (get_language() or SOURCE_LANGUAGE).split("-")[0] == SOURCE_LANGUAGE else SOURCE_LANGUAGE


def _kept(line: RoleLine, is_source: bool) -> RoleLine:
    """Mark a line kept as the old portal wrote it when the reader reads another language."""
    if is_source and kept_language():
        line.language = SOURCE_LANGUAGE
        line.language_note = written_in(SOURCE_LANGUAGE)
    return line


def roundtable_lines(participation: Participation) -> list[RoleLine]:
    """One line per source line (a line may name several roundtables), each code linked to its roundtable.
    The record comes from ``Participation.objects.with_roles()``."""
    groups: dict[str, list[RoundtableRole]] = {}
    sources = set()
    for role in participation.roundtable_role_list:
        roundtable = role.roundtable
        text = role.source_text or gettext('{role} in {code} "{title}"').format(
            role=role.role, code=roundtable.code, title=translated(roundtable, roundtable.display_field).text
        )
        if role.source_text:
            sources.add(text)
        groups.setdefault(text, []).append(role)
    return [_kept(_linked(text, roles, participation), text in sources) for text, roles in groups.items()]


def _linked(text: str, roles: list[RoundtableRole], participation: Participation) -> RoleLine:
    line = RoleLine()
    position = 0
    edition_url = participation.edition.get_absolute_url()
    for role in sorted(roles, key=lambda r: _find_code(text, r.roundtable.code, 0)[0]):
        start, end = _find_code(text, role.roundtable.code, position)
        if start < 0:
            continue
        if start > position:
            line.parts.append(LinePart(text[position:start]))
        line.parts.append(LinePart(text[start:end], f"{edition_url}#{role.roundtable.anchor}"))
        position = end
    if position < len(text):
        line.parts.append(LinePart(text[position:]))
    return line


def _find_code(text: str, code: str, start: int) -> tuple[int, int]:
    prefix, _, number = code.partition(" ")
    pattern = re.escape(prefix) + r"\s*" + re.escape(number) if number else re.escape(code)
    if prefix == "RT":
        pattern = r"(?:RT|Round\s*table)\s*" + re.escape(number)
    match = re.compile(pattern + r"(?![\d.]\d)", re.IGNORECASE).search(text, start)
    return (match.start(), match.end()) if match else (-1, -1)


def meeting_lines(participation: Participation) -> list[RoleLine]:
    """One line per meeting role; the record comes from ``Participation.objects.with_roles()``."""
    lines = []
    for role in participation.meeting_role_list:
        text = role.source_text or _compose_meeting(role)
        note = (
            gettext(
                "The old portal listed this under a later edition (block {block}); it is shown here by its date."
            ).format(block=role.source_block)
            if role.source_block
            else ""
        )
        line = RoleLine([LinePart(text, participation.edition.get_absolute_url() + "#meetings")], note)
        lines.append(_kept(line, bool(role.source_text)))
    return lines


def _compose_meeting(role: MeetingRole) -> str:
    meeting = role.meeting
    text = gettext('{role} in {kind} on "{title}"').format(
        role=role.role, kind=meeting.get_kind_display(), title=translated(meeting, "title").text
    )
    if meeting.start_date:
        text += " " + gettext("on {date}").format(date=date_format(meeting.start_date, gettext("j F Y")))
    place = ", ".join(
        part
        for part in [translated(meeting, "city").text, meeting.country.localized_name if meeting.country else ""]
        if part
    )
    if place:
        text += " " + gettext("in {place}").format(place=place)
    return text

"""Reading the text of a country page of the old GFMD portal.

A page is, top to bottom: a header (official name, ISO codes, coordinates, a WKT point), one
participation block per GFMD edition (oldest first, the year headings lost), the practices
tagged with the country (title, "Submitted by … on", summary), then, after a double blank
line, external resources and the country background, and a closing "Subscribe to <country>".

This module only reads: it returns a ``ParsedPage`` or raises ``PageFormatError`` naming the line
and what was expected. Writing to the database is ``portal.legacy.services``.
"""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from portal.lib.coordinates import (
    CoordinateError,
    looks_like_factbook,
    looks_like_wkt_point,
    parse_factbook,
    parse_wkt_point,
)
from portal.lib.dates import DateError, parse_date_range


class PageFormatError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# --- reading the file -------------------------------------------------------------------------


def read_page(path: Path, max_bytes: int) -> str:
    """The file's text, or a PageFormatError saying why it is not a page we can read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PageFormatError(f"cannot read {path}: {error.strerror}") from None
    if size > max_bytes:
        raise PageFormatError(
            f"{path.name} is {size:,} bytes; a country page is at most {max_bytes:,} bytes "
            "(IMPORT_PAGE_MAX_BYTES). Is this the right file?"
        )
    data = path.read_bytes()
    return decode_page(data, path.name)


def decode_page(data: bytes, name: str = "the file") -> str:
    if not data.strip():
        raise PageFormatError(f"{name} is empty: expected the text of a country page, starting with 'Official Name'")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise PageFormatError(
            f"{name} is binary, not text (a NUL byte at offset {offset}): expected the UTF-8 text of a country page"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PageFormatError(
            f"{name} is not UTF-8 text: byte 0x{data[error.start]:02X} at offset {error.start} cannot be decoded; "
            "save the page as UTF-8 and try again",
            line,
        ) from None
    return text.removeprefix("\ufeff")


# --- what a page holds ------------------------------------------------------------------------


@dataclass
class RoundtableEntry:
    role: str
    code: str
    title: str
    line: int
    source_text: str


@dataclass
class MeetingEntry:
    role: str
    kind: str
    title: str
    line: int
    source_text: str
    date_text: str = ""
    start: object = None  # datetime.date | None
    end: object = None
    city: str = ""
    country_name: str = ""


@dataclass
class Block:
    position: int
    line: int
    attended_meeting: bool = False
    attended_prep_meetings: bool = False
    attended_summit: bool = False
    meetings: list[MeetingEntry] = field(default_factory=list)
    financial: str | None = None  # None: the block says nothing; "": "No Financial Contribution"
    roundtables: list[RoundtableEntry] | None = None  # None: the block says nothing
    delegates: str | None = None


@dataclass
class PracticeEntry:
    title: str
    line: int
    salutation: str
    first_name: str
    last_name: str
    date_text: str
    summary: str
    submitted_on: object = None  # datetime.date | None

    @property
    def submitter_name(self) -> str:
        return " ".join(part for part in (self.salutation, self.first_name, self.last_name) if part)


@dataclass
class ParsedPage:
    official_name: str = ""
    iso2: str = ""
    iso3: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    coordinate_text: dict[str, str] = field(default_factory=dict)
    wkt: tuple[Decimal, Decimal] | None = None
    wkt_text: str = ""
    blocks: list[Block] = field(default_factory=list)
    practices: list[PracticeEntry] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    background: str = ""
    subscribe_to: str = ""
    notes: list[str] = field(default_factory=list)


# --- labels -----------------------------------------------------------------------------------

_HEADER_LABELS = {
    "official name": "official_name",
    "official country name": "official_name",
    "iso2 code": "iso2",
    "iso2": "iso2",
    "iso 2 code": "iso2",
    "iso alpha-2 code": "iso2",
    "iso3 code": "iso3",
    "iso3": "iso3",
    "iso 3 code": "iso3",
    "iso alpha-3 code": "iso3",
    "latitude": "coordinate",
    "longitude": "coordinate",
    "coordinates": "coordinate",
    "geographic coordinates": "coordinate",
    "location": "wkt",
    "geolocation": "wkt",
    "geofield": "wkt",
    "wkt": "wkt",
    "point": "wkt",
}
_ATTENDANCE = re.compile(
    r"^attended\s+(?:the\s+)?(?:(?P<prep>prep(?:aratory)?\.?\s+meetings?)|(?P<summit>summit)|(?P<meeting>meeting))$"
)
_SECTION_LABELS = {
    "thematic meetings": "meetings",
    "thematic meeting": "meetings",
    "thematic meetings and workshops": "meetings",
    "thematic events": "meetings",
    "financial contribution": "financial",
    "financial contributions": "financial",
    "rt participation": "roundtables",
    "roundtable participation": "roundtables",
    "round table participation": "roundtables",
    "delegate": "delegates",
    "delegates": "delegates",
    "delegation": "delegates",
}
# Order of the parts of one block; a part that does not come later than the last one starts a new block.
_RANK = {"meeting": 0, "prep": 1, "summit": 2, "meetings": 3, "financial": 4, "roundtables": 5}
_NONE_VALUES = {
    "financial": {"no financial contribution", "none", "no contribution", "-", "n/a"},
    "roundtables": {"no participation", "none", "no rt participation", "-", "n/a"},
}
_SUBMITTED = re.compile(r"^Submitted by\s+(?P<who>.+?)(?:\s+on(?:\s+(?P<when>.*))?)?$")
_SUBSCRIBE = re.compile(r"^Subscribe to\s+(?P<name>.+?)\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*]|[-–—](?=\s))\s*")
_SALUTATIONS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "h.e",
    "he",
    "amb",
    "ambassador",
    "sir",
    "dame",
    "m",
    "mme",
    "sr",
    "sra",
}


def _label_key(text: str) -> tuple[str, str]:
    """('official name', 'Republic of Mali') for 'Official Name: Republic of Mali'; value may be ''."""
    head, colon, tail = text.partition(":")
    if colon and head.strip().lower() in _HEADER_LABELS | _SECTION_LABELS:
        return head.strip().lower(), tail.strip()
    return text.strip().rstrip(":").strip().lower(), ""


def _section_of(text: str) -> tuple[str, str] | None:
    """The block part a label line opens, with any value written after a colon."""
    key, value = _label_key(text)
    attendance = _ATTENDANCE.match(key)
    if attendance:
        return next(name for name, hit in attendance.groupdict().items() if hit), ""
    if key in _SECTION_LABELS:
        return _SECTION_LABELS[key], value
    return None


def normalise_line(text: str) -> str:
    """Unicode spaces to plain ones, runs of white space folded, curly quotes straightened."""
    text = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]", " ", text)
    text = text.replace("“", '"').replace("”", '"').replace("„", '"').replace("‘", "'").replace("’", "'")
    return " ".join(text.split())


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


# --- the parser -------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str


def parse_page(text: str) -> ParsedPage:
    lines = [_Line(number, normalise_line(raw)) for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1)]
    if not any(line.text for line in lines):
        raise PageFormatError("the file has no text: expected the text of a country page")
    page = ParsedPage()

    # The closing "Subscribe to <country>" line.
    filled = [line for line in lines if line.text]
    last = filled[-1]
    subscribe = _SUBSCRIBE.match(last.text)
    if subscribe:
        page.subscribe_to = subscribe["name"]
        lines = [line for line in lines if line is not last]

    submitted_at = [i for i, line in enumerate(lines) if _SUBMITTED.match(line.text)]
    title_at = [_previous_filled(lines, i) for i in submitted_at]
    for i, t in zip(submitted_at, title_at, strict=True):
        if t is None:
            raise PageFormatError("a 'Submitted by' line with no practice title above it", lines[i].number)

    # Where the main part ends: the first double blank line after the last practice (or after the blocks).
    search_from = submitted_at[-1] if submitted_at else 0
    main_end = _double_blank_after(lines, search_from)

    header_end = _parse_header(lines, main_end if not title_at else title_at[0], page)
    blocks_end = title_at[0] if title_at else main_end
    _parse_blocks(lines[header_end:blocks_end], page)
    if title_at:
        _parse_practices(lines, submitted_at, title_at, main_end, page)

    _parse_trailer(lines[main_end:], page)
    _check_complete(page, lines, blocks_end, main_end)
    return page


def _previous_filled(lines: list[_Line], index: int) -> int | None:
    for j in range(index - 1, -1, -1):
        if lines[j].text:
            return j
    return None


def _double_blank_after(lines: list[_Line], start: int) -> int:
    blank_run = 0
    for i in range(start, len(lines)):
        if lines[i].text:
            blank_run = 0
            continue
        blank_run += 1
        if blank_run == 2:
            return i + 1
    return len(lines)


def _parse_header(lines: list[_Line], end: int, page: ParsedPage) -> int:
    """Read the header; return the index of the first line of the participation blocks."""
    current = ""
    seen_any = False
    for i in range(end):
        line = lines[i]
        if not line.text:
            continue
        if _section_of(line.text):
            return i
        key, value = _label_key(line.text)
        if key in _HEADER_LABELS:
            seen_any = True
            current = _HEADER_LABELS[key]
            if value:
                _header_value(page, current, value, line.number)
                current = ""
            continue
        if not seen_any:
            raise PageFormatError(
                f"expected the header of a country page ('Official Name', 'ISO2 Code', …), found {_quote(line.text)}",
                line.number,
            )
        if looks_like_factbook(line.text):
            _header_value(page, "coordinate", line.text, line.number)
        elif looks_like_wkt_point(line.text):
            _header_value(page, "wkt", line.text, line.number)
        elif current in {"official_name", "iso2", "iso3"}:
            _header_value(page, current, line.text, line.number)
            current = ""
        else:
            raise PageFormatError(
                f"unexpected text in the page header: {_quote(line.text)}; expected a label such as 'ISO2 Code', "
                "a coordinate like '17 00 N' or a point like 'POINT (-4 17)'",
                line.number,
            )
    return end


def _header_value(page: ParsedPage, kind: str, value: str, number: int) -> None:
    if kind == "official_name":
        page.official_name = value
    elif kind in {"iso2", "iso3"}:
        length = 2 if kind == "iso2" else 3
        if not re.fullmatch(rf"[A-Za-z]{{{length}}}", value):
            raise PageFormatError(f"{kind.upper()} code must be {length} letters, found {_quote(value)}", number)
        setattr(page, kind, value.upper())
    elif kind == "coordinate":
        try:
            axis, decimal = parse_factbook(value)
        except CoordinateError as error:
            raise PageFormatError(str(error), number) from None
        if axis in page.coordinate_text:
            raise PageFormatError(f"a second {'latitude' if axis == 'lat' else 'longitude'}: {_quote(value)}", number)
        page.coordinate_text[axis] = value
        if axis == "lat":
            page.latitude = decimal
        else:
            page.longitude = decimal
    elif kind == "wkt":
        try:
            page.wkt = parse_wkt_point(value)
        except CoordinateError as error:
            raise PageFormatError(str(error), number) from None
        page.wkt_text = value


def _parse_blocks(lines: list[_Line], page: ParsedPage) -> None:
    block: Block | None = None
    last_rank = -1
    section = ""  # the part whose value lines we are reading
    values: list[_Line] = []

    def close_section() -> None:
        nonlocal values
        if block is not None and section in {"financial", "roundtables", "delegates", "meetings"}:
            _store_section(block, section, values, label_line)
        values = []

    label_line = 0
    for line in lines:
        if not line.text:
            continue
        opened = _section_of(line.text)
        if opened is None:
            if not section or section in _ATTENDANCE_PARTS:
                raise PageFormatError(
                    f"text outside any part of a participation block: {_quote(line.text)}; expected a label such as "
                    "'Attended Summit', 'Financial Contribution' or 'RT Participation'",
                    line.number,
                )
            values.append(line)
            continue
        part, inline_value = opened
        close_section()
        if part == "delegates":
            if block is None or block.delegates is not None:
                block = _new_block(page, line)
                last_rank = -1
        elif block is None or _RANK[part] <= last_rank:
            block = _new_block(page, line)
            last_rank = _RANK[part]
        else:
            last_rank = _RANK[part]
        section, label_line = part, line.number
        if part == "meeting":
            block.attended_meeting = True
        elif part == "prep":
            block.attended_prep_meetings = True
        elif part == "summit":
            block.attended_summit = True
        if inline_value:
            values.append(_Line(line.number, inline_value))
    close_section()


_ATTENDANCE_PARTS = {"meeting", "prep", "summit"}


def _new_block(page: ParsedPage, line: _Line) -> Block:
    block = Block(position=len(page.blocks) + 1, line=line.number)
    page.blocks.append(block)
    return block


def _store_section(block: Block, section: str, values: list[_Line], label_line: int) -> None:
    label = {
        "financial": "'Financial Contribution'",
        "roundtables": "'RT Participation'",
        "delegates": "'Delegate'",
        "meetings": "'Thematic Meetings'",
    }[section]
    if not values:
        raise PageFormatError(
            f"{label} of participation block {block.position} has no value (the file may be cut off here)",
            label_line,
        )
    texts = [strip_bullet(line.text) for line in values]
    nothing = len(texts) == 1 and texts[0].lower().rstrip(".") in _NONE_VALUES.get(section, set())
    if section == "financial":
        block.financial = "" if nothing else "\n".join(texts)
    elif section == "delegates":
        block.delegates = "\n".join(texts)
    elif section == "roundtables":
        block.roundtables = [] if nothing else [role for line in values for role in parse_roundtable_line(line)]
    else:
        block.meetings.extend(parse_meeting_line(line) for line in values)


# --- roundtable and meeting lines ---------------------------------------------------------------

_RT_CODE = r"(?:RT|Roundtable|Round\s+table|Cluster)\s*(?:[IVXL]+|\d+)(?:\.\d+)*"
_RT_ITEM = re.compile(rf'(?P<code>{_RT_CODE})\.?\s*(?:[:–-]\s*)?(?:"(?P<title>[^"]*)")?', re.IGNORECASE)
_RT_LINE = re.compile(rf"^(?P<role>[^\"]+?)\s+(?:in|of|for)\s+(?:the\s+)?(?P<rest>{_RT_CODE}.*)$", re.IGNORECASE)
_RT_EXPECTED = 'a role and roundtables, such as: Team Member in RT 2.4 "title", RT 2.5 "title"'


def normalise_code(code: str) -> str:
    """'RT2.4' and 'Roundtable 2.4' to 'RT 2.4'; 'cluster iii' to 'Cluster III'."""
    code = " ".join(code.split()).rstrip(".")
    match = re.match(r"^(RT|Roundtable|Round table|Cluster)\s*(.+)$", code, re.IGNORECASE)
    if not match:
        return code
    prefix = "Cluster" if match[1].lower() == "cluster" else "RT"
    number = match[2].upper() if re.fullmatch(r"[ivxl]+", match[2], re.IGNORECASE) else match[2]
    return f"{prefix} {number}"


def parse_roundtable_line(line: _Line) -> list[RoundtableEntry]:
    text = strip_bullet(line.text)
    match = _RT_LINE.match(text)
    if not match:
        raise PageFormatError(
            f"cannot read the roundtable participation {_quote(text)}; expected {_RT_EXPECTED}", line.number
        )
    role = match["role"].strip()
    entries = []
    leftover = []
    position = 0
    rest = match["rest"]
    for item in _RT_ITEM.finditer(rest):
        leftover.append(rest[position : item.start()])
        position = item.end()
        entries.append(
            RoundtableEntry(
                role=role,
                code=normalise_code(item["code"]),
                title=(item["title"] or "").strip(),
                line=line.number,
                source_text=text,
            )
        )
    leftover.append(rest[position:])
    between = " ".join(leftover)
    if re.sub(r"(?i)\b(?:and|&)\b|[,;.\s]", "", between):
        raise PageFormatError(
            f"cannot read the roundtable participation {_quote(text)}: unexpected {_quote(between.strip())}; "
            f"expected {_RT_EXPECTED}",
            line.number,
        )
    return entries


_MEETING_KINDS = {
    "thematic meeting": "thematic_meeting",
    "meeting": "thematic_meeting",
    "thematic workshop": "thematic_workshop",
    "workshop": "thematic_workshop",
    "preparatory meeting": "preparatory",
    "summit": "summit",
    "concluding debate": "concluding_debate",
}
_MEETING_LINE = re.compile(
    r'^(?P<role>[^"]+?)\s+(?:in|at)\s+(?:the\s+)?(?P<kind>[A-Za-z][A-Za-z -]*?)\s*'
    r'(?:on|:)?\s*"(?P<title>[^"]+)"(?P<rest>.*)$',
    re.IGNORECASE,
)
_MEETING_REST = re.compile(
    r"^[\s,]*(?:(?:held\s+)?on\s+(?P<date>.+?))?[\s,]*(?:\bin\s+(?P<place>.+?))?[\s.]*$", re.IGNORECASE
)
_MEETING_EXPECTED = (
    'a line such as: Participated in Thematic Meeting on "title" on 11 September 2013 in Geneva, Switzerland'
)


def parse_meeting_line(line: _Line) -> MeetingEntry:
    text = strip_bullet(line.text)
    match = _MEETING_LINE.match(text)
    if not match:
        raise PageFormatError(
            f"cannot read the thematic meeting {_quote(text)}; expected {_MEETING_EXPECTED}", line.number
        )
    kind_words = " ".join(match["kind"].lower().split())
    close = difflib.get_close_matches(kind_words, list(_MEETING_KINDS), n=1, cutoff=0.75)
    if not close:
        raise PageFormatError(
            f"unknown kind of meeting {_quote(match['kind'])} in {_quote(text)}; "
            "expected a thematic meeting or workshop",
            line.number,
        )
    rest = _MEETING_REST.match(match["rest"])
    if not rest:
        raise PageFormatError(
            f"cannot read the date and place after the title in {_quote(text)}; expected {_MEETING_EXPECTED}",
            line.number,
        )
    entry = MeetingEntry(
        role=match["role"].strip(),
        kind=_MEETING_KINDS[close[0]],
        title=match["title"].strip(),
        line=line.number,
        source_text=text,
    )
    if rest["date"]:
        entry.date_text = rest["date"]
        try:
            entry.start, entry.end = parse_date_range(rest["date"])
        except DateError as error:
            raise PageFormatError(f"cannot read the meeting's date: {error}", line.number) from None
    if rest["place"]:
        city, _, country = rest["place"].rpartition(",")
        entry.city, entry.country_name = (city.strip(), country.strip()) if city else (rest["place"].strip(), "")
    return entry


# --- practices and the trailer --------------------------------------------------------------------


def parse_person(text: str) -> tuple[str, str, str]:
    """'Ms. Laurence BRON' to ('Ms.', 'Laurence', 'BRON'); the last name is the upper-case tail or the last word."""
    words = text.split()
    salutation = ""
    if len(words) > 1 and words[0].lower().rstrip(".") in _SALUTATIONS:
        salutation, words = words[0], words[1:]
    if len(words) == 1:
        return salutation, "", words[0]
    tail = len(words)
    while tail > 1 and words[tail - 1].isupper() and len(words[tail - 1]) > 1:
        tail -= 1
    if tail == len(words):
        tail = len(words) - 1
    return salutation, " ".join(words[:tail]), " ".join(words[tail:])


def _parse_practices(
    lines: list[_Line], submitted_at: list[int], title_at: list[int], end: int, page: ParsedPage
) -> None:
    bounds = [*title_at[1:], end]
    for submitted, title_index, stop in zip(submitted_at, title_at, bounds, strict=True):
        line = lines[submitted]
        match = _SUBMITTED.match(line.text)
        salutation, first, last = parse_person(match["who"])
        summary = paragraphs(lines[submitted + 1 : stop])
        if not summary:
            raise PageFormatError(
                f"the practice {_quote(lines[title_index].text)} has no summary (the file may be cut off here)",
                line.number,
            )
        entry = PracticeEntry(
            title=lines[title_index].text,
            line=lines[title_index].number,
            salutation=salutation,
            first_name=first,
            last_name=last,
            date_text=(match["when"] or "").strip(),
            summary=summary,
        )
        if entry.date_text:
            try:
                entry.submitted_on, _ = parse_date_range(entry.date_text)
            except DateError:
                page.notes.append(
                    f"line {line.number}: the date {_quote(entry.date_text)} could not be read; left empty"
                )
        page.practices.append(entry)


def paragraphs(lines: list[_Line]) -> str:
    """Lines to text: paragraphs separated by a blank line, bullets as '• item' lines."""
    result: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.text:
            if current:
                result.append(current)
                current = []
            continue
        if _BULLET.match(line.text):
            current.append("• " + strip_bullet(line.text))
        else:
            current.append(line.text)
    if current:
        result.append(current)
    return "\n\n".join("\n".join(group) for group in result)


def _parse_trailer(lines: list[_Line], page: ParsedPage) -> None:
    chunks: list[list[_Line]] = [[]]
    blank_run = 0
    for line in lines:
        if line.text:
            if blank_run >= 2 and chunks[-1]:
                chunks.append([])
            blank_run = 0
        else:
            blank_run += 1
        chunks[-1].append(line)
    texts = [paragraphs(chunk) for chunk in chunks]
    texts = [text for text in texts if text]
    if texts:
        page.background = texts[-1]
        page.resources = texts[:-1]


def _check_complete(page: ParsedPage, lines: list[_Line], blocks_end: int, main_end: int) -> None:
    for block in page.blocks:
        if block.financial is not None and block.roundtables is None:
            raise PageFormatError(
                f"participation block {block.position} has 'Financial Contribution' but no 'RT Participation' "
                "(the file may be cut off here)",
                block.line,
            )
    ends_in_blocks = not page.practices and not page.resources and not page.background
    if ends_in_blocks and not page.subscribe_to and page.blocks:
        raise PageFormatError(
            f"the file ends inside participation block {page.blocks[-1].position} and has no closing "
            "'Subscribe to …' line: it seems cut off",
            page.blocks[-1].line,
        )
    if not page.blocks and not page.practices and not page.official_name and not page.iso3 and not page.iso2:
        raise PageFormatError("no country page found: no header, no participation block and no practice")


def _quote(text: str, limit: int = 80) -> str:
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"

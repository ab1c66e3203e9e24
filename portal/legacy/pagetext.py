"""Reading the text of a country page of the old GFMD portal.

A page is, top to bottom: a header (official name, ISO codes, coordinates, a WKT point), one
participation block per GFMD edition (oldest first, the year headings lost), the practices
tagged with the country (title, "Submitted by … on", summary), then, after a double blank
line, external resources and the country background, and a closing "Subscribe to <country>".

This module only reads. It refuses a file (``PageFormatError``, naming the line and what was
expected) only when it is not a country page at all or is cut off. Inside a page every line is
understood, or understood with a slip corrected, or kept as written as a note of the block (or of
the country) it belongs to; the last two are listed as ``Doubt``s with their line numbers, so that
nothing on the page is dropped. Writing to the database is ``portal.legacy.services``.
"""

import codecs
import datetime
import difflib
import re
import unicodedata
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
    if not path.is_file():
        raise PageFormatError(f"{path.name} is a folder or a special file, not a page")
    data = path.read_bytes()
    return decode_page(data, path.name)


def decode_page(data: bytes, name: str = "the file") -> str:
    if not data.strip():
        raise PageFormatError(f"{name} is empty: expected the text of a country page, starting with 'Official Name'")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageFormatError(f"{name} is UTF-16 text: save the page as UTF-8 and try again")
    binary = _binary(data)
    if binary:
        raise PageFormatError(f"{name} is binary, not text ({binary}): expected the UTF-8 text of a country page")
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


# The openings of the binary files most likely to be given by mistake.
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
# Text with a few stray control characters is a page (they are removed, each line reported); one byte in
# a hundred or more is not text.
CONTROL_BYTES_LIMIT = 0.01


def _binary(data: bytes) -> str:
    """What makes ``data`` a binary file rather than text, or ''."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    first = _CONTROL_BYTES.search(data)
    if first is None:
        return ""
    controls = len(data) - len(_CONTROL_BYTES.sub(b"", data))
    if controls < len(data) * CONTROL_BYTES_LIMIT:
        return ""
    offset = first.start()
    return f"{controls:,} control bytes in {len(data):,}, the first 0x{data[offset]:02X} at offset {offset}"


# --- what a page holds ------------------------------------------------------------------------


class DoubtKind:
    """What is doubtful about a line (the values of ``ImportDoubt.kind``)."""

    CORRECTED = "corrected"  # a slip of the page corrected; the correction is reported
    VERBATIM = "verbatim"  # not understood: kept as written, as a note of its block or country
    EMPTY_LABEL = "empty_label"  # a label with no value: kept as written, the part left unrecorded
    DIFFERS = "differs"  # the page and the record (or the page and itself) disagree; the record kept
    DUPLICATE = "duplicate"  # possibly the same thing twice
    MOVED = "moved"  # shown under another edition than the page's block
    TOO_LONG = "too_long"  # over a field's limit: kept as a note or shortened


@dataclass
class Doubt:
    """One line a person should look at: where, what was written, why, and what the import did."""

    line: int | None
    text: str
    kind: str
    reason: str
    action: str
    block: int | None = None  # the participation block it belongs to, when it does
    practice: int | None = None  # the line of the practice's title, when it belongs to a practice
    # The records it concerns, once written (portal.legacy.services fills them in).
    participation_id: int | None = None
    edition_id: int | None = None
    practice_id: int | None = None

    @property
    def message(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.reason}; {self.action}"


@dataclass
class Note:
    """A line kept as written: ``part`` is the block part it was found in (roundtables, meetings, …)."""

    part: str
    text: str
    line: int


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
    start: datetime.date | None = None
    end: datetime.date | None = None
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
    notes: list[Note] = field(default_factory=list)


@dataclass
class PracticeEntry:
    title: str
    line: int
    salutation: str
    first_name: str
    last_name: str
    date_text: str
    summary: str
    submitted_on: datetime.date | None = None

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
    subscribe_line: int | None = None
    header_labels: int = 0  # how many header labels the page has, with or without values
    official_name_line: int | None = None
    iso_lines: dict[str, int] = field(default_factory=dict)
    coordinate_lines: dict[str, int] = field(default_factory=dict)
    wkt_line: int | None = None
    country_notes: list[Note] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)

    def doubt(self, line: "_Line | None", kind: str, reason: str, action: str, **where: int | None) -> None:
        self.doubts.append(
            Doubt(line.number if line else None, line.raw if line else "", kind, reason, action, **where)
        )

    def keep_for_country(self, line: "_Line", reason: str, kind: str = DoubtKind.VERBATIM) -> None:
        self.country_notes.append(Note("country", line.raw, line.number))
        self.doubt(line, kind, reason, "kept as written on the country's profile")


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


_LABELS = {*_HEADER_LABELS, *_SECTION_LABELS}
# A section label is also read with one letter wrong, missing, added or swapped ('RT Particpation'), when
# it is long enough that no value line is that close to it ('No Participation' is two letters from
# 'RT Participation').
_MISSPELT_SHORTEST = 12
_MISSPELT = [
    label
    for label in (*_SECTION_LABELS, "attended meeting", "attended prep meetings", "attended summit")
    if len(label) >= _MISSPELT_SHORTEST
]


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one letter replaced, added, left out or swapped with the next."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def _misspelt_label(key: str) -> str | None:
    """The section label ``key`` misspells (see _MISSPELT), or None."""
    if len(key) < _MISSPELT_SHORTEST or not re.fullmatch(r"[a-z][a-z ]+", key) or _ATTENDANCE.match(key):
        return None
    return next((label for label in _MISSPELT if _one_edit_apart(key, label)), None)


def _label_key(text: str, misspelt: bool = True) -> tuple[str, str]:
    """('official name', 'Republic of Mali') for 'Official Name: Republic of Mali'; value may be ''.
    With ``misspelt``, a section label written with one slip is given as the label ('rt participation')."""
    head, colon, tail = text.partition(":")
    name = head.strip().lower()
    if colon and name in _LABELS:
        return name, tail.strip()
    if colon and misspelt and tail.strip():
        label = _misspelt_label(name)
        if label:
            return label, tail.strip()
    key = text.strip().rstrip(":").strip().lower()
    if misspelt and key not in _LABELS:
        return _misspelt_label(key) or key, ""
    return key, ""


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
    """Unicode spaces to plain ones, runs of white space folded, curly quotes straightened, and the
    invisible formatting characters an editor may leave in a heading (a byte-order mark, direction
    marks and overrides, a soft hyphen) left out, so that the heading is still read as one."""
    text = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]", " ", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("“", '"').replace("”", '"').replace("„", '"').replace("‘", "'").replace("’", "'")
    return " ".join(text.split())


_INVISIBLE = re.compile("[\u00ad\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


# --- the parser -------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str  # normalised: plain spaces and quotes
    raw: str = ""  # as written (control characters removed), for what is kept verbatim

    def __post_init__(self) -> None:
        self.raw = self.raw or self.text


def _control_characters(text: str) -> str:
    """The line's control characters other than tab, line feed and carriage return (removed on reading)."""
    return "".join(char for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r")


def parse_page(text: str) -> ParsedPage:
    page = ParsedPage()
    lines = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        controls = _control_characters(raw)
        if controls:
            raw = "".join(char for char in raw if char not in controls)
            codes = ", ".join(sorted({f"U+{ord(char):04X}" for char in controls}))
            page.doubts.append(
                Doubt(
                    number,
                    raw.strip(),
                    DoubtKind.CORRECTED,
                    f"control characters ({codes}) in the line",
                    "removed; the rest of the line was read",
                )
            )
        lines.append(_Line(number, normalise_line(raw), strip_bullet(raw.strip())))
    if not any(line.text for line in lines):
        raise PageFormatError("the file has no text: expected the text of a country page")

    # The closing "Subscribe to <country>" line.
    filled = [line for line in lines if line.text]
    last = filled[-1]
    subscribe = _SUBSCRIBE.match(last.text)
    if subscribe:
        page.subscribe_to = subscribe["name"]
        page.subscribe_line = last.number
        lines = [line for line in lines if line is not last]

    submitted_at = [i for i, line in enumerate(lines) if _SUBMITTED.match(line.text)]
    title_at = []
    for i in submitted_at:
        title = _previous_filled(lines, i)
        if title is None:
            raise PageFormatError("a 'Submitted by' line with no practice title above it", lines[i].number)
        title_at.append(title)

    # Where the main part ends: the first double blank line after the last practice, or after the last
    # label of a participation block (a block may hold a double blank line of its own).
    labels_at = [i for i, line in enumerate(lines) if line.text and _section_of(line.text)]
    search_from = submitted_at[-1] if submitted_at else (labels_at[-1] if labels_at else 0)
    main_end = _double_blank_after(lines, search_from)

    header_end, first_stranger = _parse_header(lines, main_end if not title_at else title_at[0], page)
    blocks_end = title_at[0] if title_at else main_end
    cut_label = _parse_blocks(lines[header_end:blocks_end], page)
    if title_at:
        _parse_practices(lines, submitted_at, title_at, main_end, page)
    _not_a_page(page, first_stranger)

    _parse_trailer(lines[main_end:], page)
    _check_complete(page, lines, cut_label)
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


_AXIS_NAMES = {"lat": "latitude", "lon": "longitude"}


def _parse_header(lines: list[_Line], end: int, page: ParsedPage) -> tuple[int, _Line | None]:
    """Read the header; return the index of the first line of the participation blocks, and the first
    line that was not a header line when no header label came before it (the page may not be one)."""
    current = ""
    announced = ""  # the axis a 'Latitude' or 'Longitude' label announces
    seen_any = False
    first_stranger = None
    swapped: list[tuple[_Line, str]] = []
    for i in range(end):
        line = lines[i]
        if not line.text:
            continue
        if _section_of(line.text):
            _report_swapped(page, swapped)
            return i, first_stranger
        key, value = _label_key(line.text)
        if key in _HEADER_LABELS:
            seen_any = True
            page.header_labels += 1
            current = _HEADER_LABELS[key]
            announced = {"latitude": "lat", "longitude": "lon"}.get(key, "")
            if value:
                _header_value(page, current, value, line, announced, swapped)
                current = ""
            continue
        if looks_like_factbook(line.text):
            _header_value(page, "coordinate", line.text, line, announced, swapped)
        elif looks_like_wkt_point(line.text):
            _header_value(page, "wkt", line.text, line, announced, swapped)
        elif current in {"official_name", "iso2", "iso3"}:
            _header_value(page, current, line.text, line, announced, swapped)
        else:
            if not seen_any and first_stranger is None:
                first_stranger = line
            page.keep_for_country(line, "not a line of a country page's header")
        current = ""
        announced = ""
    _report_swapped(page, swapped)
    return end, first_stranger


def _report_swapped(page: ParsedPage, swapped: list[tuple["_Line", str]]) -> None:
    """The old site's labelled pages put 'Longitude' before the latitude and 'Latitude' before the
    longitude: the values' own N/S and E/W letters are followed, and the slip reported once."""
    if not swapped:
        return
    values = ", ".join(f"'{line.text}' is a {_AXIS_NAMES[axis]}" for line, axis in swapped)
    page.doubt(
        swapped[0][0],
        DoubtKind.CORRECTED,
        f"the coordinate labels are swapped ({values}, under the other label)",
        "read by the values' N/S and E/W letters",
    )
    swapped.clear()


def _header_value(
    page: ParsedPage, kind: str, value: str, line: "_Line", announced: str, swapped: list[tuple["_Line", str]]
) -> None:
    if kind == "official_name":
        page.official_name = value
        page.official_name_line = line.number
    elif kind in {"iso2", "iso3"}:
        length = 2 if kind == "iso2" else 3
        if not re.fullmatch(rf"[A-Za-z]{{{length}}}", value):
            page.keep_for_country(line, f"{kind.upper()} code must be {length} letters, found {_quote(value)}")
            return
        setattr(page, kind, value.upper())
        page.iso_lines[kind] = line.number
    elif kind == "coordinate":
        try:
            axis, decimal = parse_factbook(value)
        except CoordinateError as error:
            page.keep_for_country(line, f"cannot read the coordinate: {error}")
            return
        if axis in page.coordinate_text:
            page.keep_for_country(line, f"a second {_AXIS_NAMES[axis]}: {_quote(value)}")
            return
        if announced and announced != axis:
            swapped.append((line, axis))
        page.coordinate_text[axis] = value
        page.coordinate_lines[axis] = line.number
        if axis == "lat":
            page.latitude = decimal
        else:
            page.longitude = decimal
    elif kind == "wkt":
        try:
            point = parse_wkt_point(value)
        except CoordinateError as error:
            page.keep_for_country(line, f"cannot read the point: {error}")
            return
        if page.wkt is not None:
            page.keep_for_country(line, f"a second point: {_quote(value)}")
            return
        page.wkt, page.wkt_text, page.wkt_line = point, value, line.number


def _parse_blocks(lines: list[_Line], page: ParsedPage) -> tuple[str, int, int] | None:
    """Read the participation blocks; return the label, block and line of the last part when it was left
    with no value (a sign that a file with no closing line was cut there)."""
    block: Block | None = None
    last_rank = -1
    section = ""  # the part whose value lines we are reading
    values: list[_Line] = []
    label: _Line | None = None
    empty_at_end = None
    opened_parts: list[str] = []  # the parts the current block has opened, in order

    def close_section() -> None:
        nonlocal values, empty_at_end
        if block is not None and label is not None and section in {"financial", "roundtables", "delegates", "meetings"}:
            empty_at_end = (label.text, block.position, label.number) if not values else None
            _store_section(page, block, section, values, label)
        values = []

    for line in lines:
        if not line.text:
            continue
        opened = _section_of(line.text)
        if opened is None:
            if block is None:
                page.keep_for_country(line, "not a line of a country page's header")
            elif not section or section in _ATTENDANCE_PARTS:
                empty_at_end = None
                block.notes.append(Note("block", line.raw, line.number))
                page.doubt(
                    line,
                    DoubtKind.VERBATIM,
                    "text outside any part of a participation block",
                    "kept as written in the edition's block",
                    block=block.position,
                )
            else:
                values.append(line)
            continue
        part, inline_value = opened
        if block is not None and label is not None:
            repeated = _repeated_label(part, inline_value, section, values, opened_parts)
            if repeated:
                # A label written twice is one label: a new block here would put this block and every
                # one after it under the next edition.
                block.notes.append(Note("block" if part in _ATTENDANCE_PARTS else part, line.raw, line.number))
                page.doubt(
                    line,
                    DoubtKind.DUPLICATE,
                    f"{_quote(line.text)} again, {repeated}, in participation block {block.position} (which begins "
                    f"at line {block.line}): read as written twice, not as the start of another block",
                    "kept as written in the edition's block; the blocks after it keep their editions",
                    block=block.position,
                )
                continue
        close_section()
        if part == "delegates":
            if block is None or block.delegates is not None or any(n.part == "delegates" for n in block.notes):
                block = _new_block(page, line)
                last_rank = -1
                opened_parts = []
        elif block is None or _RANK[part] <= last_rank:
            block = _new_block(page, line)
            last_rank = _RANK[part]
            opened_parts = []
        else:
            last_rank = _RANK[part]
        if not opened_parts and block.position > 1 and part not in _ATTENDANCE_PARTS:
            page.doubt(
                line,
                DoubtKind.DUPLICATE,
                f"participation block {block.position} begins with {_quote(line.text)}, not with an 'Attended …' "
                f"heading: if it repeats a part of block {block.position - 1}, this block and the ones after it "
                "are read one edition late",
                "read as a new block; check the editions of the blocks from here on",
                block=block.position,
            )
        opened_parts.append(part)
        _report_misspelt_label(page, line, block.position)
        section, label = part, line
        empty_at_end = None
        if part == "meeting":
            block.attended_meeting = True
        elif part == "prep":
            block.attended_prep_meetings = True
        elif part == "summit":
            block.attended_summit = True
        if inline_value:
            values.append(_Line(line.number, inline_value))
    close_section()
    return empty_at_end


_ATTENDANCE_PARTS = {"meeting", "prep", "summit"}


def _repeated_label(part: str, inline_value: str, section: str, values: list[_Line], opened_parts: list[str]) -> str:
    """How the label of ``part`` repeats the current block's, or '' when it does not: the label just read
    again with no value between, or an 'Attended …' heading again before the block's first part."""
    if part == section and not values and not inline_value and part not in _ATTENDANCE_PARTS:
        return "right after the same label"
    if part in _ATTENDANCE_PARTS and part in opened_parts and set(opened_parts) <= _ATTENDANCE_PARTS:
        return "before any part"
    return ""


def _label_name(key: str) -> str:
    """'rt participation' as the page writes it: 'RT Participation'."""
    return " ".join(word.upper() if word == "rt" else word.capitalize() for word in key.split())


def _like_a_label(text: str) -> str | None:
    """The section label a value line resembles without being one (too misspelt to be read as it), or None."""
    key = text.strip().rstrip(":").strip().lower()
    if not _MISSPELT_SHORTEST <= len(key) <= 40 or key.startswith("no ") or not re.fullmatch(r"[a-z][a-z ]+", key):
        return None
    close = difflib.get_close_matches(key, _MISSPELT, n=1, cutoff=0.8)
    return close[0] if close else None


def _report_misspelt_label(page: ParsedPage, line: _Line, block: int) -> None:
    written, _ = _label_key(line.text, misspelt=False)
    read, _ = _label_key(line.text)
    if written != read:
        page.doubt(
            line,
            DoubtKind.CORRECTED,
            f"{_quote(line.text)} read as the label {_quote(_label_name(read))} (a misspelling)",
            "read as corrected",
            block=block,
        )


def _new_block(page: ParsedPage, line: _Line) -> Block:
    block = Block(position=len(page.blocks) + 1, line=line.number)
    page.blocks.append(block)
    return block


def _store_section(page: ParsedPage, block: Block, section: str, values: list[_Line], label: _Line) -> None:
    if not values:
        block.notes.append(Note(section, label.raw, label.number))
        page.doubt(
            label,
            DoubtKind.EMPTY_LABEL,
            f"{_quote(label.text.rstrip(':'))} has no value",
            "kept as written in the edition's block; that part is left as not recorded",
            block=block.position,
        )
        return
    texts = [strip_bullet(line.text) for line in values]
    if section in {"financial", "delegates"}:
        for line in values:
            like = _like_a_label(line.text)
            if like:
                page.doubt(
                    line,
                    DoubtKind.VERBATIM,
                    f"{_quote(line.text)} looks like the label {_quote(_label_name(like))} misspelt, but is too far "
                    "from it to be read as one",
                    f"read as part of the {'financial contribution' if section == 'financial' else 'delegates'}",
                    block=block.position,
                )
    nothing = len(texts) == 1 and texts[0].lower().rstrip(".") in _NONE_VALUES.get(section, set())
    if section == "financial":
        block.financial = "" if nothing else "\n".join(texts)
    elif section == "delegates":
        block.delegates = "\n".join(texts)
    elif section == "roundtables":
        block.roundtables = []
        if nothing:
            return
        for line in values:
            entries = parse_roundtable_line(line, page, block.position)
            if entries is None:
                block.notes.append(Note("roundtables", line.raw, line.number))
            else:
                block.roundtables.extend(entries)
    else:
        for line in values:
            entry = parse_meeting_line(line, page, block.position)
            if entry is None:
                block.notes.append(Note("meetings", line.raw, line.number))
            else:
                block.meetings.append(entry)


# --- roundtable and meeting lines ---------------------------------------------------------------

_RT_CODE = r"(?:RT|Roundtable|Round\s+table|Cluster)\s*(?:[IVXL]+|\d+)(?:\.{1,3}\d+)*"
_RT_ITEM = re.compile(rf'(?P<code>{_RT_CODE})\.?\s*(?:[:–-]\s*)?(?:"(?P<title>[^"]*)(?P<close>"|$))?', re.IGNORECASE)
_RT_LINE = re.compile(rf"^(?P<role>[^\"]+?)\s+(?:in|of|for)\s+(?:the\s+)?(?P<rest>{_RT_CODE}.*)$", re.IGNORECASE)
# "Dr. X, Director of Y, was Chair in RT 1.3": the role is what the person was.
_ROLE_IN_SENTENCE = re.compile(r"\b(?:was|were|is|acted as|served as)\s+(?:an?\s+|the\s+)?(?P<role>.+)$", re.IGNORECASE)
_ROLE_LIMIT = 100  # RoundtableRole.role and MeetingRole.role
PRACTICE_TITLE_LIMIT = 400  # Practice.title


def normalise_code(code: str) -> str:
    """'RT2.4' and 'Roundtable 2.4' to 'RT 2.4'; 'cluster iii' to 'Cluster III'."""
    code = " ".join(code.split()).rstrip(".")
    code = re.sub(r"\.{2,}", ".", code)
    match = re.match(r"^(RT|Roundtable|Round table|Cluster)\s*(.+)$", code, re.IGNORECASE)
    if not match:
        return code
    prefix = "Cluster" if match[1].lower() == "cluster" else "RT"
    number = match[2].upper() if re.fullmatch(r"[ivxl]+", match[2], re.IGNORECASE) else match[2]
    return f"{prefix} {number}"


def _role_of(text: str) -> str:
    sentence = _ROLE_IN_SENTENCE.search(text)
    return (sentence["role"] if sentence else text).strip(" ,")


def parse_roundtable_line(
    line: _Line, page: ParsedPage | None = None, block: int | None = None
) -> list[RoundtableEntry] | None:
    """The roles a roundtable line names, or None when it cannot be read (the caller keeps it as written).
    Slips corrected on the way (an unclosed quote, a doubled dot, 'Co- Chair') are reported on ``page``."""
    page = page if page is not None else ParsedPage()
    text = strip_bullet(line.text)
    match = _RT_LINE.match(text)
    if not match:
        page.doubt(
            line,
            DoubtKind.VERBATIM,
            'not a roundtable role (such as: Team Member in RT 2.4 "title")',
            "kept as written in the edition's block",
            block=block,
        )
        return None
    role = _role_of(match["role"])
    corrections = []
    spaced = re.sub(r"(\w)-\s+(\w)", r"\1-\2", role)
    if spaced != role:
        corrections.append(f"role {_quote(role)} read as {_quote(spaced)}")
        role = spaced
    if len(role) > _ROLE_LIMIT:
        page.doubt(
            line,
            DoubtKind.TOO_LONG,
            f"the role is longer than {_ROLE_LIMIT} characters",
            "kept as written in the edition's block",
            block=block,
        )
        return None
    entries = []
    leftover = []
    position = 0
    rest = match["rest"]
    for item in _RT_ITEM.finditer(rest):
        leftover.append(rest[position : item.start()])
        position = item.end()
        code = normalise_code(item["code"])
        if re.search(r"\.{2,}", item["code"]):
            corrections.append(f"code {_quote(item['code'])} read as {_quote(code)}")
        if item["title"] is not None and not item["close"]:
            corrections.append("the title's quote is not closed: the title was read to the end of the line")
        entries.append(
            RoundtableEntry(
                role=role, code=code, title=(item["title"] or "").strip(), line=line.number, source_text=text
            )
        )
    leftover.append(rest[position:])
    between = " ".join(leftover)
    if re.sub(r"(?i)\b(?:and|&)\b|[,;.\s]", "", between):
        page.doubt(
            line,
            DoubtKind.VERBATIM,
            f"a roundtable line with words that are not roundtables: {_quote(between.strip())}",
            "kept as written in the edition's block",
            block=block,
        )
        return None
    if any(len(entry.title) > 400 or len(entry.code) > 30 for entry in entries):
        page.doubt(
            line, DoubtKind.TOO_LONG, "a roundtable code or title over its limit", "kept as written", block=block
        )
        return None
    if corrections:
        page.doubt(line, DoubtKind.CORRECTED, "; ".join(corrections), "read as corrected", block=block)
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
# "Attended Thematic Meeting on …", "Organised the Thematic Workshop on …": a verb and no "in".
_MEETING_VERB_LINE = re.compile(
    r'^(?P<role>\w+)\s+(?:the\s+)?(?P<kind>[A-Za-z][A-Za-z -]*?)\s*(?:on|:)?\s*"(?P<title>[^"]+)"(?P<rest>.*)$',
    re.IGNORECASE,
)
_MEETING_REST = re.compile(
    r"^[\s,]*(?:(?:held\s+)?on\s+(?P<date>.+?))?[\s,]*(?:\bin\s+(?P<place>.+?))?[\s.]*$", re.IGNORECASE
)


def _meeting_match(text: str) -> tuple[re.Match[str], str] | None:
    for pattern in (_MEETING_LINE, _MEETING_VERB_LINE):
        match = pattern.match(text)
        if match:
            kind_words = " ".join(match["kind"].lower().split())
            close = difflib.get_close_matches(kind_words, list(_MEETING_KINDS), n=1, cutoff=0.75)
            if close:
                return match, _MEETING_KINDS[close[0]]
    return None


def parse_meeting_line(line: _Line, page: ParsedPage | None = None, block: int | None = None) -> MeetingEntry | None:
    """The meeting a line names, or None when it cannot be read (the caller keeps it as written)."""
    page = page if page is not None else ParsedPage()
    text = strip_bullet(line.text)
    found = _meeting_match(text)

    def keep(reason: str, kind_of_doubt: str = DoubtKind.VERBATIM) -> None:
        page.doubt(line, kind_of_doubt, reason, "kept as written in the edition's block", block=block)

    if found is None:
        keep('not a thematic meeting line (such as: Participated in Thematic Meeting on "title" on 11 September 2013)')
        return None
    match, kind = found
    rest = _MEETING_REST.match(match["rest"])
    if not rest:
        keep("cannot read the date and place after the meeting's title")
        return None
    entry = MeetingEntry(
        role=match["role"].strip(), kind=kind, title=match["title"].strip(), line=line.number, source_text=text
    )
    if rest["date"]:
        entry.date_text = rest["date"]
        try:
            entry.start, entry.end = parse_date_range(rest["date"])
        except DateError as error:
            keep(f"cannot read the meeting's date: {error}")
            return None
    if rest["place"]:
        city, _, country = rest["place"].rpartition(",")
        entry.city, entry.country_name = (city.strip(), country.strip()) if city else (rest["place"].strip(), "")
    if len(entry.role) > _ROLE_LIMIT or len(entry.title) > 400 or len(entry.city) > 120:
        keep("a role, title or city over its field's limit", DoubtKind.TOO_LONG)
        return None
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
        assert match is not None  # submitted_at holds the lines _SUBMITTED matches
        salutation, first, last = parse_person(match["who"])
        summary = paragraphs(lines[submitted + 1 : stop])
        title = lines[title_index]
        if not summary or len(title.text) > PRACTICE_TITLE_LIMIT:
            # A practice is written with its summary and a title within the field's limit: otherwise
            # its lines are kept as written on the country's profile.
            why = (
                "a practice with no summary"
                if not summary
                else f"a practice title over {PRACTICE_TITLE_LIMIT} characters"
            )
            page.keep_for_country(title, why, DoubtKind.VERBATIM if not summary else DoubtKind.TOO_LONG)
            page.keep_for_country(line, why)
            for extra in lines[submitted + 1 : stop]:
                if extra.text:
                    page.keep_for_country(extra, why)
            continue
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
                page.doubt(
                    line,
                    DoubtKind.CORRECTED,
                    f"the date {_quote(entry.date_text)} could not be read",
                    "the practice was written with no date",
                    practice=entry.line,
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


def _not_a_page(page: ParsedPage, first_stranger: "_Line | None") -> None:
    """Refuse text that has nothing of a country page: no header label and no participation block."""
    if page.blocks or page.practices or page.header_labels:
        return
    if first_stranger is not None:
        raise PageFormatError(
            "expected the header of a country page ('Official Name', 'ISO2 Code', …), "
            f"found {_quote(first_stranger.text)}",
            first_stranger.number,
        )
    raise PageFormatError("no country page found: no header, no participation block and no practice")


def _check_complete(page: ParsedPage, lines: list[_Line], cut_label: tuple[str, int, int] | None) -> None:
    """A page ends with its 'Subscribe to …' line; without it the file was cut off, and is refused."""
    if page.subscribe_to:
        return
    ends_in_blocks = not page.practices and not page.resources and not page.background
    if ends_in_blocks and page.blocks:
        if cut_label:
            label, position, number = cut_label
            raise PageFormatError(
                f"{_quote(label.rstrip(':'))} of participation block {position} has no value "
                "(the file may be cut off here)",
                number,
            )
        for block in page.blocks:
            if block.financial is not None and block.roundtables is None:
                raise PageFormatError(
                    f"participation block {block.position} has 'Financial Contribution' but no 'RT Participation' "
                    "(the file may be cut off here)",
                    block.line,
                )
        raise PageFormatError(
            f"the file ends inside participation block {page.blocks[-1].position} and has no closing "
            "'Subscribe to …' line: it seems cut off",
            page.blocks[-1].line,
        )
    last = max((line.number for line in lines if line.text), default=0)
    raise PageFormatError(
        f"the file has no closing 'Subscribe to …' line: it seems cut off after line {last}",
        last,
    )


def _quote(text: str, limit: int = 80) -> str:
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"

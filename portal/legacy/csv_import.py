"""Bulk import of practices and participation records from CSV files, in the exports' format.

Two passes. The first reads and checks every row (codes, dates, choices, nested records, the
model's own ``full_clean``, duplicates in the file and in the database) and collects every problem
as "row N, column C: message", where row 1 is the header, as a spreadsheet numbers it; every
value is held to its field's limits (length, range, control characters) there. Only if there is none
does the second pass write, with bulk inserts, in short transactions of COMMIT_EVERY rows, so
that other writers (SQLite allows one at a time) never wait for the whole import; if one fails,
the rows the others wrote are deleted: all rows or none (see Batches).

The cells are read as the exports write them (see ``portal.exports.exports``): the apostrophe put
before a formula-like cell is removed, lists of codes are separated by ";", nested records are
JSON. A file of practices without a ``status`` column holds published practices (as the public
export does); practices keep their ``id`` when the file gives one (at most MAX_ID), so that their
addresses survive a move between databases. A practice without an id that the database holds
already (the same title, countries and submitter: ``natural_key``) is matched, not added again:
the report counts it as matched and the stored record is left as it is.
"""

import csv
import datetime
import io
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import slugify
from django_stubs_ext import StrOrPromise

from portal.accounts.models import User
from portal.core.page_cache import bump_generation
from portal.countries.models import Country
from portal.exports.exports import PARTICIPATION_COLUMNS, PRIVATE_PARTICIPATION_COLUMNS, restore
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.forum.reference_data import load_translations
from portal.lib.dates import ends_before_start
from portal.lib.text import validate_clean_text
from portal.practices.columns import PRACTICE_COLUMNS, PRIVATE_PRACTICE_COLUMNS, TRANSLATION_COLUMNS
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme

logger = logging.getLogger(__name__)

KINDS = ("practices", "participation")
PROGRESS_EVERY = 1000
BATCH_SIZE = 500  # rows a statement inserts
COMMIT_EVERY = 500  # rows a transaction writes (see Batches)
# The largest id a file may give a practice: the largest whole number a JSON reader in JavaScript
# holds exactly, and far below the end of either database's sequence (2**63 - 1), so that the
# practices people submit after the import still get ids.
MAX_ID = 2**53 - 1
MAX_CELL = 16 * 1024 * 1024
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}

# Columns a file must have; columns that are read but never stored (they follow from others).
REQUIRED = {"practices": ["title", "summary"], "participation": ["country", "edition"]}
DERIVED = {"practices": {"url"}, "participation": {"country_name"}}
KNOWN = {
    "practices": PRACTICE_COLUMNS + PRIVATE_PRACTICE_COLUMNS,
    "participation": PARTICIPATION_COLUMNS + PRIVATE_PARTICIPATION_COLUMNS,
}

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [part for part in (self.row and f"row {self.row}", self.column and f"column {self.column}") if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class CsvImportError(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems[:5]))


@dataclass
class ImportResult:
    kind: str
    rows: int
    created: Counter = field(default_factory=Counter)
    matched: int = 0  # rows without an id that name a practice the database holds (left as it is)
    dry_run: bool = False


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for the person fixing the file."""


# --- reading the file ---------------------------------------------------------------------------


def refuse(message: str, row: int | None = None) -> CsvImportError:
    return CsvImportError([Problem(row, None, message)])


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (numbered from 2), or CsvImportError for a file that is no CSV text."""
    if not data.strip():
        raise refuse("the file is empty")
    if b"\x00" in data:
        raise refuse("the file is binary (it holds NUL bytes), not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise refuse(
            f"the file is not UTF-8 text (line {line} holds the byte 0x{data[error.start]:02x}, at position "
            f"{error.start}); save it as 'CSV UTF-8'"
        ) from None
    # Long texts (a practice's body) are longer than the csv module's default limit of 128 KiB a cell.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise refuse(f"the file is not valid CSV (line {reader.line_num}: {error})") from None
    header = [name.strip() for name in records[0]] if records else []
    if not any(header):
        raise refuse("the first row must name the columns", row=1)
    rows = [(number, values) for number, values in enumerate(records[1:], start=2) if any(v.strip() for v in values)]
    return header, rows


def check_header(kind: str, header: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(Problem(1, None, "a column has no name"))
        elif name in seen:
            problems.append(Problem(1, name, "named twice"))
        elif name not in KNOWN[kind]:
            problems.append(Problem(1, name, f"unknown column; a {kind} file has the columns {', '.join(KNOWN[kind])}"))
        seen.add(name)
    for name in REQUIRED[kind]:
        if name not in seen:
            problems.append(Problem(1, name, f"missing; a {kind} file needs the columns {', '.join(REQUIRED[kind])}"))
    return problems


# --- reading cells ------------------------------------------------------------------------------


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(f"'{text}' is not true or false")


def parse_date(text: str) -> datetime.date | None:
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CellError(f"'{text}' is not a date like 2024-05-31") from None


def parse_datetime(text: str) -> datetime.datetime | None:
    if not text.strip():
        return None
    try:
        value = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CellError(f"'{text}' is not a date and time like 2024-05-31T14:00:00+00:00") from None
    value = timezone.make_aware(value) if timezone.is_naive(value) else value
    try:
        value.astimezone(datetime.UTC)  # the databases store it in UTC
    except OverflowError:
        raise CellError(f"'{text}' is out of range: in UTC it falls before year 1 or after year 9999") from None
    return value


def parse_decimal(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise CellError(f"'{text}' is not a number like 1500.00") from None
    if not value.is_finite():
        raise CellError(f"'{text}' is not a number like 1500.00")
    return value


def split_codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def parse_json_list(text: str) -> list:
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CellError(f"not valid JSON ({error.msg} at character {error.pos + 1})") from None
    except ValueError:  # json reads no integer of more than 4,300 digits
        raise CellError("not valid JSON (a number in it is too long)") from None
    except RecursionError:
        raise CellError("not valid JSON (it is nested too deeply)") from None
    if not isinstance(value, list):
        raise CellError("must be a JSON list: [ … ]")
    return value


def _text(item: dict, key: str, where: str, *, required: bool = False, limit: int | None = None) -> str:
    value = item.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise CellError(f"{where}: '{key}' must be text")
    if required and not value.strip():
        raise CellError(f"{where}: '{key}' is missing")
    if limit is not None and len(value) > limit:
        raise CellError(f"{where}: '{key}': {too_long(limit, len(value))}")
    clean_text(value, f"{where}: '{key}': ")
    return value


def too_long(limit: int, found: int) -> str:
    return f"at most {limit} characters (found {found})"


def clean_text(value: str, prefix: str = "") -> None:
    """CellError unless ``value`` passes the portal's one text validator (no control characters)."""
    try:
        validate_clean_text(value)
    except ValidationError as error:
        raise CellError(prefix + error.messages[0]) from None


def limit_of(model: type[Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.max_length is not None  # asked of text columns only
    return field.max_length


def range_of(model: type[Model], name: str) -> tuple[int, int]:
    """The smallest and largest value an integer field holds on PostgreSQL (SQLite would store any
    64-bit value, and a file that imports here must import there too)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # asked of integer columns only
    return BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]


# A stored image's name as the exports write it (``practices/2026/photo.png``): relative to the media
# folder, made of the characters Django's storage keeps in a name, no part starting with a dot (so no
# ".."), no leading "/", no "scheme:".
MEDIA_PATH = re.compile(r"[\w-][\w.-]*(/[\w-][\w.-]*)*")


def parse_image(text: str) -> str:
    value = text.strip()
    limit = limit_of(Practice, "image")
    if len(value) > limit:
        raise CellError(too_long(limit, len(value)))
    if value and not MEDIA_PATH.fullmatch(value):
        raise CellError(f"'{value}' is not the name of a stored image, such as practices/2026/photo.png")
    return value


def _date_value(item: dict, key: str, where: str) -> datetime.date | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CellError(f"{where}: '{key}' must be a date like 2024-05-31")
    try:
        return parse_date(value)
    except CellError:
        raise CellError(f"{where}: '{key}' is not a date like 2024-05-31") from None


def _only_keys(item: Any, allowed: set[str], where: str) -> dict:
    if not isinstance(item, dict):
        raise CellError(f"{where} must be a JSON object {{ … }}")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise CellError(f"{where}: unknown key {', '.join(repr(key) for key in unknown)}")
    return item


@dataclass(frozen=True)
class MeetingKey:
    """A meeting as the files describe it; found by edition, kind, title and start date, else created."""

    edition: int
    kind: str
    title: str
    start_date: datetime.date | None
    end_date: datetime.date | None = field(compare=False, default=None)
    city: str = field(compare=False, default="")
    country: int | None = field(compare=False, default=None)


MEETING_KEYS = {"edition", "kind", "title", "start_date", "end_date", "city", "country"}


class Lookups:
    """Every code a file may name, read once."""

    def __init__(self) -> None:
        self.countries = {iso3.upper(): pk for pk, iso3 in Country.objects.values_list("pk", "iso3")}
        self.editions = {label: pk for pk, label in Edition.objects.values_list("pk", "label")}
        self.themes = {slug.lower(): pk for pk, slug in Theme.objects.values_list("pk", "slug")}
        self.objectives = {number: pk for pk, number in GCMObjective.objects.values_list("pk", "number")}
        self.targets = {code.lower(): pk for pk, code in SDGTarget.objects.values_list("pk", "code")}
        self.meeting_kinds = {value for value, _label in Meeting.Kind.choices}

    def country(self, code: str) -> int:
        pk = self.countries.get(code.strip().upper())
        if pk is None:
            raise CellError(f"'{code}' is not an ISO3 country code")
        return pk

    def edition(self, label: str) -> int:
        pk = self.editions.get(str(label).strip())
        if pk is None:
            raise CellError(f"'{label}' is not the label of an edition (such as 2013-2014)")
        return pk

    def codes(self, text: str, table: dict, what: str, *, normalise: Callable[[str], Any] = str.lower) -> list[int]:
        found, unknown = [], []
        for code in split_codes(text):
            try:
                pk = table.get(normalise(code))
            except ValueError:
                pk = None
            if pk is None:
                unknown.append(code)
            elif pk not in found:
                found.append(pk)
        if unknown:
            raise CellError(f"unknown {what}: {', '.join(unknown)}")
        return found

    def meeting(self, item: Any, where: str) -> MeetingKey:
        item = _only_keys(item, MEETING_KEYS, where)
        edition = item.get("edition")
        if not isinstance(edition, str) or not edition.strip():
            raise CellError(f"{where}: 'edition' is missing")
        try:
            edition_pk = self.edition(edition)
        except CellError as error:
            raise CellError(f"{where}: {error}") from None
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in self.meeting_kinds:
            raise CellError(f"{where}: 'kind' must be one of {', '.join(sorted(self.meeting_kinds))}")
        country = item.get("country")
        country_pk = None
        if country not in (None, ""):
            if not isinstance(country, str):
                raise CellError(f"{where}: 'country' must be an ISO3 code")
            try:
                country_pk = self.country(country)
            except CellError as error:
                raise CellError(f"{where}: {error}") from None
        start_date = _date_value(item, "start_date", where)
        end_date = _date_value(item, "end_date", where)
        if ends_before_start(start_date, end_date):
            raise CellError(f"{where}: the span ends before it starts: {start_date} to {end_date}")
        return MeetingKey(
            edition=edition_pk,
            kind=kind,
            title=_text(item, "title", where, limit=limit_of(Meeting, "title")),
            start_date=start_date,
            end_date=end_date,
            city=_text(item, "city", where, limit=limit_of(Meeting, "city")),
            country=country_pk,
        )


class Meetings:
    """Existing meetings by their description, and the ones an import creates (once each)."""

    def __init__(self) -> None:
        self.known: dict[MeetingKey, Meeting] = {}
        for meeting in Meeting.objects.order_by("pk"):
            key = MeetingKey(meeting.edition_id, meeting.kind, meeting.title, meeting.start_date)
            self.known.setdefault(key, meeting)
        self.created = 0
        self.made: list[Meeting] = []

    def get(self, key: MeetingKey) -> Meeting:
        meeting = self.known.get(key)
        if meeting is None:
            meeting = Meeting(
                edition_id=key.edition,
                kind=key.kind,
                title=key.title,
                start_date=key.start_date,
                end_date=key.end_date,
                city=key.city,
                country_id=key.country,
            )
            meeting.full_clean()
            meeting.save()
            self.known[key] = meeting
            self.made.append(meeting)
            self.created += 1
        return meeting


# --- people -------------------------------------------------------------------------------------


class People:
    """Submitters named as the portal shows them ("Ms. Laurence BRON"): found, or created without a
    usable password (as page imports create them). Names are checked while the rows are read
    (``check``); the people the file names for the first time are written at once (``save_new``)."""

    def __init__(self) -> None:
        self.by_name: dict[str, User] = {}
        self.names: dict[int, str] = {}  # every user's name, by id
        for user in User.objects.only(*User.NAME_FIELDS).order_by("pk"):
            self.by_name.setdefault(user.display_name, user)
            self.names[user.pk] = user.display_name
        self.usernames = set(User.objects.values_list("username", flat=True))
        self.new: list[User] = []

    def check(self, name: str) -> str:
        """The name as stored, once spaces are tidied; CellError if its parts do not fit a user's fields."""
        name = " ".join(name.split())
        if name and name not in self.by_name:
            for part, value in zip(("salutation", "first_name", "last_name"), split_name(name), strict=True):
                limit = limit_of(User, part)
                if len(value) > limit:
                    raise CellError(f"the {part.replace('_', ' ')}: {too_long(limit, len(value))}")
                clean_text(value)
            self.by_name[name] = self._new(name)
        return name

    def get(self, name: str) -> User | None:
        return self.by_name[name] if name else None

    def _new(self, name: str) -> User:
        salutation, first, last = split_name(name)
        base = slugify(name)[:140] or "submitter"
        username, n = base, 1
        while username in self.usernames:
            n += 1
            username = f"{base}-{n}"
        self.usernames.add(username)
        user = User(username=username, salutation=salutation, first_name=first, last_name=last)
        user.set_unusable_password()
        self.new.append(user)
        return user

    def save_new(self) -> int:
        User.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
        return len(self.new)


def split_name(name: str) -> tuple[str, str, str]:
    """Salutation ("Ms.", "H.E. Dr."), first names and last name of a name as the portal shows it."""
    words = name.split()
    salutation: list[str] = []
    while len(words) > 1 and words[0].endswith(".") and len(" ".join([*salutation, words[0]])) <= 20:
        salutation.append(words.pop(0))
    return " ".join(salutation), " ".join(words[:-1]), words[-1]


# --- rows ---------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]  # model fields
    related: dict[str, Any] = field(default_factory=dict)  # many-to-many, nested records
    matched: int | None = None  # the id of the stored practice this row names (natural_key)


class RowReader:
    """Reads one row's cells into model values, collecting a Problem for each cell it cannot read."""

    def __init__(self, number: int, cells: dict[str, str], problems: list[Problem]):
        self.number = number
        self.cells = cells
        self.problems = problems
        self.failed: set[str] = set()

    def has(self, column: str) -> bool:
        return column in self.cells

    def read(self, column: str, parse: Callable[[str], Any] = lambda text: text, default: Any = None) -> Any:
        if column not in self.cells:
            return default
        try:
            return parse(self.cells[column])
        except CellError as error:
            self.problem(column, str(error))
            return default

    def problem(self, column: str | None, message: str) -> None:
        self.failed.add(column or "")
        self.problems.append(Problem(self.number, column, message))

    def full_clean(self, instance: Model, resolved: tuple[str, ...] = ()) -> None:
        """The model's own checks on the fields the row gives (each column is named as its field).
        Fields in ``resolved`` were looked up already; checking them again would cost a query each.
        A value longer than its field allows is reported as such, with both lengths."""
        for model_field in instance._meta.fields:
            value = getattr(instance, model_field.attname, None)
            limit = model_field.max_length
            if model_field.name in self.failed or model_field.name not in self.cells:
                continue
            if limit and isinstance(value, str) and len(value) > limit:
                self.problem(model_field.name, too_long(limit, len(value)))
            elif not model_field.blank and isinstance(value, str) and value and not value.strip():
                # full_clean takes spaces for a value; a required text must hold more.
                self.problem(model_field.name, str(model_field.error_messages["blank"]))
        exclude = [
            model_field.name
            for model_field in instance._meta.fields
            if model_field.name in self.failed or model_field.name not in self.cells or model_field.name in resolved
        ]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(None if name == "__all__" else name, message)


def _choice(choices: Sequence[tuple[str, StrOrPromise]], text: str, what: str) -> str:
    value = text.strip()
    if not value:
        return ""
    for key, label in choices:
        if value == key or value.casefold() == str(label).casefold():
            return key
    raise CellError(f"'{text}' is not a {what}; one of: {', '.join(key for key, _ in choices)}")


# --- practices ----------------------------------------------------------------------------------

SOURCE_KEYS = {"text", "edition", "meeting"}


class PracticeKeys:
    """What tells the practices of a file apart from those the database holds: their ids, and for a
    row without an id its natural key (title, countries, submitter)."""

    def __init__(self, people: People) -> None:
        self.ids: dict[int, int] = {}  # id -> the row that gives it
        self.existing_ids = set(Practice.objects.values_list("pk", flat=True))
        countries: dict[int, set[int]] = defaultdict(set)
        for practice_id, country_id in Practice.countries.through.objects.values_list("practice_id", "country_id"):
            countries[practice_id].add(country_id)
        names = people.names
        self.stored: dict[tuple, int] = {}  # natural key -> the stored practice's id
        for pk, title, submitter in Practice.objects.order_by("pk").values_list("pk", "title", "submitter_id"):
            self.stored.setdefault(natural_key(title, countries[pk], names.get(submitter, "")), pk)
        self.rows: dict[tuple, int] = {}  # natural key -> the row that gives it


def natural_key(title: str, countries: Iterable[int], submitter: str) -> tuple:
    """A practice without an id is the stored one with the same title, countries and submitter's name
    (letter case and runs of spaces aside)."""
    return " ".join(title.split()).casefold(), frozenset(countries), " ".join(submitter.split()).casefold()


def _practice_row(reader: RowReader, lookups: Lookups, keys: PracticeKeys, people: People) -> ParsedRow:
    values: dict[str, Any] = {}
    for name in ("title", "summary", *TRANSLATION_COLUMNS, "body", "partners", *PRIVATE_PRACTICE_COLUMNS):
        if reader.has(name) and name != "status":
            values[name] = reader.read(name)
    if reader.has("image"):
        values["image"] = reader.read("image", parse_image, "")
    # An empty cell, or no column (files from before translations), means the default: English.
    language = reader.read("language", lambda text: _choice(settings.LANGUAGES, text, "language"), "")
    values["language"] = language or settings.LANGUAGE_CODE
    values["is_global"] = reader.read("is_global", parse_bool, False)
    values["date_shared"] = reader.read("date_shared", parse_date)
    values["submitter_kind"] = reader.read(
        "submitter_kind",
        lambda text: _choice(Practice.SubmitterKind.choices, text, "kind of submitting organisation"),
        "",
    )
    values["status"] = (
        reader.read("status", lambda text: _choice(Practice.Status.choices, text, "state")) or Practice.Status.PUBLISHED
    )

    pk = reader.read("id", _parse_id)
    if pk is not None:
        if pk in keys.ids:
            reader.problem("id", f"{pk} is also the id of row {keys.ids[pk]}")
        elif pk in keys.existing_ids:
            reader.problem("id", f"a practice with id {pk} exists already; leave the id empty to add a new one")
        keys.ids.setdefault(pk, reader.number)
        values["id"] = pk

    related = {
        "countries": reader.read(
            "countries", lambda t: lookups.codes(t, lookups.countries, "country codes", normalise=str.upper), []
        ),
        "themes": reader.read("themes", lambda t: lookups.codes(t, lookups.themes, "themes"), []),
        "gcm_objectives": reader.read(
            "gcm_objectives", lambda t: lookups.codes(t, lookups.objectives, "GCM objectives", normalise=int), []
        ),
        "sdg_targets": reader.read("sdg_targets", lambda t: lookups.codes(t, lookups.targets, "SDG targets"), []),
        "sources": reader.read("sources", lambda t: _sources(t, lookups), []),
        "submitter": reader.read("submitter", people.check, ""),
    }
    reader.full_clean(Practice(**values))
    row = ParsedRow(reader.number, values, related)
    if pk is None and not reader.failed:
        key = natural_key(values.get("title", ""), related["countries"], related["submitter"])
        if key in keys.stored:
            row.matched = keys.stored[key]
        elif key in keys.rows:
            reader.problem("title", f"row {keys.rows[key]} has the same title, countries and submitter")
        keys.rows.setdefault(key, reader.number)
    return row


def _parse_id(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    digits = text.lstrip("0")
    if not text.isascii() or not text.isdigit() or not digits:
        raise CellError(f"'{text[:40]}' is not a whole number above 0")
    # Compared as text first: int() refuses strings of more than 4,300 digits.
    if len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        raise CellError(f"{text[:40]} is too large: an id is at most {MAX_ID}; leave it empty to add a new practice")
    return int(digits)


def _sources(text: str, lookups: Lookups) -> list[dict[str, Any]]:
    """JSON as exported; or, for files made by hand, one source per line."""
    if not text.strip().startswith("["):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        limit = limit_of(PracticeSource, "text")
        for index, line in enumerate(lines, start=1):
            if len(line) > limit:
                raise CellError(f"source {index}: {too_long(limit, len(line))}")
            clean_text(line, f"source {index}: ")
        return [{"text": line, "edition": None, "meeting": None} for line in lines]
    sources = []
    for index, item in enumerate(parse_json_list(text), start=1):
        where = f"source {index}"
        item = _only_keys(item, SOURCE_KEYS, where)
        edition = item.get("edition")
        meeting = item.get("meeting")
        try:
            edition_pk = lookups.edition(edition) if edition not in (None, "") else None
        except CellError as error:
            raise CellError(f"{where}: {error}") from None
        sources.append(
            {
                "text": _text(item, "text", where, required=True, limit=limit_of(PracticeSource, "text")),
                "edition": edition_pk,
                "meeting": lookups.meeting(meeting, f"{where}, meeting") if meeting is not None else None,
            }
        )
    return sources


class Batches:
    """The write pass, one short transaction per COMMIT_EVERY rows, so that other writers (SQLite lets
    one write at a time) wait a second or two at most. Every row a committed batch wrote is noted: if a
    later batch fails, ``undo`` deletes them all, and nothing of the import stays. A dry run writes
    every batch inside one transaction that it rolls back."""

    def __init__(self) -> None:
        self.written: list[tuple[Any, list[int]]] = []  # (model, ids), in the order written

    @contextmanager
    def batch(self) -> Iterator[None]:
        with transaction.atomic():
            yield
            transaction.on_commit(bump_generation)  # bulk writes send no signals: the page cache is told here

    def wrote(self, model: type[Model], objects: list) -> None:
        """Note ``objects`` as written, once their batch is committed (a rolled-back id may be reused)."""
        ids = [obj.pk for obj in objects]
        if ids:
            transaction.on_commit(lambda: self.written.append((model, ids)))

    def undo(self) -> None:
        """Delete, newest first, every row the committed batches wrote (plain DELETEs: no signals, no
        history entries for rows that were never part of a finished import)."""
        with transaction.atomic(), connection.cursor() as cursor:
            for model, ids in reversed(self.written):
                table, pk = connection.ops.quote_name(model._meta.db_table), model._meta.pk.column
                for start in range(0, len(ids), BATCH_SIZE):
                    chunk = ids[start : start + BATCH_SIZE]
                    placeholders = ", ".join(["%s"] * len(chunk))
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {connection.ops.quote_name(pk)} IN ({placeholders})",  # noqa: S608
                        chunk,
                    )
            transaction.on_commit(bump_generation)


def _write_practices(
    rows: list[ParsedRow], result: ImportResult, progress: Progress | None, people: People, batches: Batches
) -> None:
    """Every new practice with its links, sources and first history entry, in bulk (a few statements per
    batch); matched rows are left alone."""
    new = [row for row in rows if row.matched is None]
    result.matched = len(rows) - len(new)
    result.created["practices"] = len(new)
    result.created["people"] = len(people.new)
    meetings = Meetings()
    links = {name: getattr(Practice, name).through for name in M2M_FIELDS}
    # The column of each link table that names the other side (country_id, theme_id, …).
    m2m_targets = {name: getattr(Practice, name).field.m2m_reverse_field_name() for name in M2M_FIELDS}
    for start in range(0, max(len(new), 1), COMMIT_EVERY):
        batch_rows = new[start : start + COMMIT_EVERY]
        with batches.batch():
            if start == 0:
                people.save_new()
                batches.wrote(User, people.new)
            batch = [Practice(**row.values, submitter=people.get(row.related["submitter"])) for row in batch_rows]
            Practice.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            batches.wrote(Practice, batch)
            history = Practice.history.bulk_history_create(batch, batch_size=BATCH_SIZE)
            batches.wrote(Practice.history.model, history)
            through_rows: dict[str, list] = {name: [] for name in M2M_FIELDS}
            sources = []
            for practice, row in zip(batch, batch_rows, strict=True):
                for name, through in links.items():
                    target = through._meta.get_field(m2m_targets[name]).attname
                    through_rows[name] += [through(practice_id=practice.pk, **{target: pk}) for pk in row.related[name]]
                sources += [
                    PracticeSource(
                        practice=practice,
                        text=source["text"],
                        edition_id=source["edition"],
                        meeting=meetings.get(source["meeting"]) if source["meeting"] else None,
                    )
                    for source in row.related["sources"]
                ]
            for name, through in links.items():
                batches.wrote(through, through.objects.bulk_create(through_rows[name], batch_size=BATCH_SIZE))
            _link_history(history, through_rows, batches)
            batches.wrote(PracticeSource, PracticeSource.objects.bulk_create(sources, batch_size=BATCH_SIZE))
            batches.wrote(Meeting, meetings.made)
            meetings.made = []
        _tick(progress, "written", start + len(batch_rows), len(new))
    if any("id" in row.values for row in new) and not result.dry_run:
        reset_sequences([Practice])  # PostgreSQL's setval is not undone by a rollback: never in a dry run
    result.created["meetings"] = meetings.created


M2M_FIELDS = ("countries", "themes", "gcm_objectives", "sdg_targets")


def _link_history(history: list, through_rows: dict[str, list], batches: Batches) -> None:
    """The first history entry of each new practice records its links too, as a save followed by
    ``add()`` would have (django-simple-history's m2m_fields)."""
    by_practice = {entry.id: entry for entry in history}
    for name, rows in through_rows.items():
        m2m_history = apps.get_model(Practice._meta.app_label, f"{Practice.history.model.__name__}_{name}")
        field_names = [f.attname for f in rows[0]._meta.fields] if rows else []
        entries = [
            m2m_history(history=by_practice[row.practice_id], **{n: getattr(row, n) for n in field_names})
            for row in rows
        ]
        batches.wrote(m2m_history, m2m_history.objects.bulk_create(entries, batch_size=BATCH_SIZE))


def reset_sequences(models: list) -> None:
    """After rows were written with their own ids, new rows must get ids above them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- participation ------------------------------------------------------------------------------

ROUNDTABLE_ROLE_KEYS = {"roundtable", "title", "session_title", "role", "source_text", "edition"}
MEETING_ROLE_KEYS = {"meeting", "role", "source_text", "source_block"}


def _participation_row(
    reader: RowReader, lookups: Lookups, pairs: dict[tuple[int, int], int], existing: set[tuple[int, int]]
) -> ParsedRow:
    values: dict[str, Any] = {
        "country_id": reader.read("country", lookups.country),
        "edition_id": reader.read("edition", lookups.edition),
    }
    for name in ("attended_meeting", "attended_prep_meetings", "attended_summit", "financial_recorded"):
        values[name] = reader.read(name, parse_bool, False)
    values["roundtables_recorded"] = reader.read("roundtables_recorded", parse_bool, False)
    for name in ("financial_contribution", "contribution_currency", "source", "delegates"):
        if reader.has(name):
            values[name] = reader.read(name)
    values["contribution_amount"] = reader.read("contribution_amount", parse_decimal)
    if reader.has("imported_at"):
        values["imported_at"] = reader.read("imported_at", parse_datetime)

    pair = (values["country_id"], values["edition_id"])
    if None not in pair:
        if pair in pairs:
            reader.problem("edition", f"row {pairs[pair]} is already about this country in this edition")
        elif pair in existing:
            reader.problem("edition", "the database already holds this country's record for this edition")
        pairs.setdefault(pair, reader.number)

    edition_id = values["edition_id"]
    related = {
        "roundtable_roles": reader.read("roundtable_roles", lambda t: _roundtable_roles(t, lookups, edition_id), []),
        "meeting_roles": reader.read("meeting_roles", lambda t: _meeting_roles(t, lookups), []),
    }
    reader.full_clean(Participation(**values), resolved=("country", "edition"))
    return ParsedRow(reader.number, values, related)


def _roundtable_roles(text: str, lookups: Lookups, edition_id: int | None) -> list[dict[str, Any]]:
    roles, seen = [], set()
    for index, item in enumerate(parse_json_list(text), start=1):
        where = f"role {index}"
        item = _only_keys(item, ROUNDTABLE_ROLE_KEYS, where)
        edition = item.get("edition")
        try:
            role_edition = lookups.edition(edition) if edition not in (None, "") else edition_id
        except CellError as error:
            raise CellError(f"{where}: {error}") from None
        code = _text(item, "roundtable", where, required=True, limit=30).strip()
        role = {
            "edition": role_edition,
            "code": code,
            "title": _text(item, "title", where, limit=400),
            "session_title": _text(item, "session_title", where, limit=400),
            "role": _text(item, "role", where, required=True, limit=100),
            "source_text": _text(item, "source_text", where),
        }
        key = (role["edition"], code.lower(), role["role"])
        if key in seen:
            raise CellError(f"{where}: the same role in the same roundtable is listed twice")
        seen.add(key)
        roles.append(role)
    return roles


def _meeting_roles(text: str, lookups: Lookups) -> list[dict[str, Any]]:
    roles, seen = [], set()
    for index, item in enumerate(parse_json_list(text), start=1):
        where = f"role {index}"
        item = _only_keys(item, MEETING_ROLE_KEYS, where)
        block = item.get("source_block")
        low, high = range_of(MeetingRole, "source_block")
        if block is not None and (not isinstance(block, int) or isinstance(block, bool) or not low <= block <= high):
            raise CellError(f"{where}: 'source_block' must be a whole number from {low} to {high}, or null")
        if not isinstance(item.get("meeting"), dict):
            raise CellError(f"{where}: 'meeting' must describe the meeting as a JSON object")
        role = {
            "meeting": lookups.meeting(item["meeting"], f"{where}, meeting"),
            "role": _text(item, "role", where, required=True, limit=100),
            "source_text": _text(item, "source_text", where),
            "source_block": block,
        }
        key = (role["meeting"], role["role"])
        if key in seen:
            raise CellError(f"{where}: the same role in the same meeting is listed twice")
        seen.add(key)
        roles.append(role)
    return roles


class Roundtables:
    def __init__(self) -> None:
        self.known = {(rt.edition_id, rt.code.lower()): rt for rt in Roundtable.objects.order_by("pk")}
        self.created = 0
        self.made: list[Roundtable] = []

    def get(self, role: dict[str, Any]) -> Roundtable:
        key = (role["edition"], role["code"].lower())
        roundtable = self.known.get(key)
        if roundtable is None:
            roundtable = Roundtable(
                edition_id=role["edition"],
                code=role["code"],
                title=role["title"],
                session_title=role["session_title"],
            )
            roundtable.full_clean()
            roundtable.save()
            self.known[key] = roundtable
            self.made.append(roundtable)
            self.created += 1
        return roundtable


def _write_participation(
    rows: list[ParsedRow], result: ImportResult, progress: Progress | None, source: str, batches: Batches
) -> None:
    """Every record with its roles and first history entry, in bulk; roundtables and meetings the file
    names for the first time are created once each."""
    roundtables = Roundtables()
    meetings = Meetings()
    now = timezone.now()
    for start in range(0, len(rows), COMMIT_EVERY):
        batch = rows[start : start + COMMIT_EVERY]
        with batches.batch():
            records = [Participation(**{"source": source, "imported_at": now, **row.values}) for row in batch]
            batches.wrote(Participation, Participation.objects.bulk_create(records, batch_size=BATCH_SIZE))
            history = Participation.history.bulk_history_create(records, batch_size=BATCH_SIZE)
            batches.wrote(Participation.history.model, history)
            roundtable_roles, meeting_roles = [], []
            for record, row in zip(records, batch, strict=True):
                roundtable_roles += [
                    RoundtableRole(
                        participation=record,
                        roundtable=roundtables.get(role),
                        role=role["role"],
                        source_text=role["source_text"],
                    )
                    for role in row.related["roundtable_roles"]
                ]
                meeting_roles += [
                    MeetingRole(
                        participation=record,
                        meeting=meetings.get(role["meeting"]),
                        role=role["role"],
                        source_text=role["source_text"],
                        source_block=role["source_block"],
                    )
                    for role in row.related["meeting_roles"]
                ]
            batches.wrote(Roundtable, roundtables.made)
            batches.wrote(Meeting, meetings.made)
            roundtables.made, meetings.made = [], []
            batches.wrote(RoundtableRole, RoundtableRole.objects.bulk_create(roundtable_roles, batch_size=BATCH_SIZE))
            batches.wrote(MeetingRole, MeetingRole.objects.bulk_create(meeting_roles, batch_size=BATCH_SIZE))
        _tick(progress, "written", start + len(batch), len(rows))
    result.created["participation records"] = len(rows)
    result.created["roundtables"] = roundtables.created
    result.created["meetings"] = meetings.created


# --- the import ---------------------------------------------------------------------------------


def _tick(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None and total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
        progress(stage, done, total)


def import_csv(
    data: bytes, *, kind: str, source: str = "CSV import", dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Check every row of ``data``, then write them all (or, with ``dry_run``, write and roll back).

    Raises CsvImportError with every problem found; then nothing is written."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    header, rows = read_rows(data)
    problems = check_header(kind, header)
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise refuse("the file has a header but no rows")

    lookups = Lookups()
    parsed: list[ParsedRow] = []
    if kind == "practices":
        people = People()
        keys = PracticeKeys(people)
    else:
        pairs: dict[tuple[int, int], int] = {}
        existing = set(Participation.objects.values_list("country_id", "edition_id"))
    for done, (number, cells) in enumerate(rows, start=1):
        if len(cells) > len(header):
            problems.append(Problem(number, None, f"{len(cells)} cells, but the header names {len(header)} columns"))
            continue
        # A row may stop early (spreadsheets drop empty cells at the end): the missing cells are empty.
        cells = cells + [""] * (len(header) - len(cells))
        named = {name: restore(value) for name, value in zip(header, cells, strict=True) if name not in DERIVED[kind]}
        reader = RowReader(number, named, problems)
        if kind == "practices":
            parsed.append(_practice_row(reader, lookups, keys, people))
        else:
            parsed.append(_participation_row(reader, lookups, pairs, existing))
        _tick(progress, "checked", done, len(rows))
    if problems:
        raise CsvImportError(problems)

    result = ImportResult(kind=kind, rows=len(parsed), dry_run=dry_run)
    batches = Batches()
    try:
        with transaction.atomic() if dry_run else nullcontext():
            if kind == "practices":
                _write_practices(parsed, result, progress, people, batches)
            else:
                _write_participation(parsed, result, progress, source, batches)
            if result.created.get("roundtables") or result.created.get("meetings"):
                # New roundtables and meetings get the French and Spanish of their texts from the
                # reference data, as load_reference_data gives the rows it finds (and as a page import does).
                load_translations()
            if dry_run:
                transaction.set_rollback(True)
    except BaseException as error:
        # Whatever stopped the writing, the batches committed before are taken back.
        if not dry_run:
            batches.undo()
        if isinstance(error, ValidationError):
            message = "; ".join(error.messages)
        elif isinstance(error, DatabaseError):
            message = str(error).strip()
        elif isinstance(error, Exception):
            message = f"{type(error).__name__}: {error}"
            logger.exception("import_csv: an unexpected error while writing")  # a defect: its traceback kept
        else:
            raise  # KeyboardInterrupt, SystemExit: undone, and passed on
        raise CsvImportError([Problem(None, None, f"could not be written: {message}")]) from error
    return result

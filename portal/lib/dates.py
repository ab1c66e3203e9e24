"""Dates as people write them in English: '11 September 2013', '18–19 April 2018', 'Sep 11, 2013'."""

import calendar
import datetime
import re

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<{}>[A-Za-z]{{3,9}})\.?"
_DASH = r"\s*(?:-|–|—|to)\s*"

_PATTERNS = [
    # 11 September 2013, 18-19 April 2018
    re.compile(rf"^(?P<d1>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?\s+{_MONTH.format('m1')},?\s+(?P<y1>\d{{4}})$"),
    # 30 November - 2 December 2011
    re.compile(
        rf"^(?P<d1>\d{{1,2}})\s+{_MONTH.format('m1')}{_DASH}(?P<d2>\d{{1,2}})\s+{_MONTH.format('m2')},?\s+(?P<y1>\d{{4}})$"
    ),
    # September 11, 2013 and September 11-12, 2013
    re.compile(rf"^{_MONTH.format('m1')}\s+(?P<d1>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?,?\s+(?P<y1>\d{{4}})$"),
    # 2013-09-11
    re.compile(r"^(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})$"),
]


class DateError(ValueError):
    pass


def ends_before_start(start: datetime.date | None, end: datetime.date | None) -> bool:
    """True when both days of a span are known and the last is before the first."""
    return start is not None and end is not None and end < start


def parse_date_range(text: str) -> tuple[datetime.date, datetime.date]:
    """Read a date or a span of days into (first day, last day)."""
    cleaned = " ".join(text.replace("\u2013", "–").split()).strip(" .,")
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["y1"])
        month1 = _month(parts["m1"], text)
        month2 = _month(parts["m2"], text) if parts.get("m2") else month1
        try:
            start = datetime.date(year, month1, int(parts["d1"]))
            end = datetime.date(year, month2, int(parts["d2"])) if parts.get("d2") else start
        except ValueError as error:
            raise DateError(f"not a real date: {text!r} ({error})") from None
        if ends_before_start(start, end):
            raise DateError(f"the span ends before it starts: {text!r}")
        return start, end
    raise DateError(f"not a date like '11 September 2013': {text!r}")


def parse_date(text: str) -> datetime.date:
    start, end = parse_date_range(text)
    if start != end:
        raise DateError(f"a single day was expected, not a span: {text!r}")
    return start


def _month(text: str, whole: str) -> int:
    if text.isdecimal():
        return int(text)
    try:
        return _MONTHS[text.lower()]
    except KeyError:
        raise DateError(f"unknown month {text!r} in {whole!r}") from None

"""Coordinates as the CIA World Factbook writes them (``17 00 N``) and as WKT points.

Minutes are sixtieths of a degree: ``43 30 E`` is 43.5, not 43.3 (a bug of the old portal).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

_FACTBOOK = re.compile(
    r"""^\s*(?P<deg>\d{1,3}(?:\.\d+)?)\s*°?
        (?:\s*(?P<min>\d{1,2}(?:\.\d+)?)\s*['′]?)?
        (?:\s*(?P<sec>\d{1,2}(?:\.\d+)?)\s*["″]?)?
        \s*(?P<hem>[NSEWnsew])\s*$""",
    re.VERBOSE,
)
_WKT_POINT = re.compile(
    r"^\s*POINT\s*\(\s*(?P<x>[-+]?\d+(?:\.\d+)?)\s+(?P<y>[-+]?\d+(?:\.\d+)?)\s*\)\s*$", re.IGNORECASE
)


class CoordinateError(ValueError):
    pass


def parse_factbook(text: str) -> tuple[str, Decimal]:
    """Read ``17 00 N`` into ("lat", Decimal("17")); ``4 00 W`` into ("lon", Decimal("-4"))."""
    match = _FACTBOOK.match(text)
    if not match:
        raise CoordinateError(f"not a coordinate like '17 00 N': {text!r}")
    degrees = Decimal(match["deg"])
    minutes = Decimal(match["min"] or 0)
    seconds = Decimal(match["sec"] or 0)
    if minutes >= 60 or seconds >= 60:
        raise CoordinateError(f"minutes and seconds must be below 60: {text!r}")
    value = degrees + minutes / 60 + seconds / 3600
    hemisphere = match["hem"].upper()
    axis = "lat" if hemisphere in "NS" else "lon"
    limit = 90 if axis == "lat" else 180
    if value > limit:
        raise CoordinateError(f"{'latitude' if axis == 'lat' else 'longitude'} beyond {limit}°: {text!r}")
    if hemisphere in "SW":
        value = -value
    return axis, _round(value)


def looks_like_factbook(text: str) -> bool:
    return bool(_FACTBOOK.match(text))


def format_factbook(value: Decimal | float | None, axis: str) -> str:
    """Write 43.5 as ``43 30 E`` (axis "lon") and -4 as ``4 00 W``; minutes rounded."""
    if value is None:
        return ""
    value = Decimal(str(value))
    if axis == "lat":
        hemisphere = "N" if value >= 0 else "S"
    else:
        hemisphere = "E" if value >= 0 else "W"
    total_minutes = int((abs(value) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    degrees, minutes = divmod(total_minutes, 60)
    return f"{degrees} {minutes:02d} {hemisphere}"


def parse_wkt_point(text: str) -> tuple[Decimal, Decimal]:
    """Read ``POINT (-4 17)`` into (longitude, latitude)."""
    match = _WKT_POINT.match(text)
    if not match:
        raise CoordinateError(f"not a WKT point like 'POINT (-4 17)': {text!r}")
    longitude, latitude = Decimal(match["x"]), Decimal(match["y"])
    if abs(longitude) > 180:
        raise CoordinateError(f"longitude beyond 180°: {text!r}")
    if abs(latitude) > 90:
        raise CoordinateError(f"latitude beyond 90°: {text!r}")
    return _round(longitude), _round(latitude)


def looks_like_wkt_point(text: str) -> bool:
    return bool(_WKT_POINT.match(text))


def format_wkt_point(longitude: Decimal | float | None, latitude: Decimal | float | None) -> str:
    """Write ``POINT (lon lat)`` with no trailing zeros: ``POINT (-4 17)``, ``POINT (43.5 42)``."""
    if longitude is None or latitude is None:
        return ""
    return f"POINT ({_plain(longitude)} {_plain(latitude)})"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _plain(value: Decimal | float) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in {"-0", "0"} else text

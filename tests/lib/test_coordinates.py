from decimal import Decimal

import pytest

from portal.lib.coordinates import (
    CoordinateError,
    format_factbook,
    format_wkt_point,
    parse_factbook,
    parse_wkt_point,
)


@pytest.mark.parametrize(
    ("text", "axis", "value"),
    [
        ("17 00 N", "lat", Decimal("17")),
        ("4 00 W", "lon", Decimal("-4")),
        ("43 30 E", "lon", Decimal("43.5")),
        ("12 15 S", "lat", Decimal("-12.25")),
        ("42°30'N", "lat", Decimal("42.5")),
        ("0 00 E", "lon", Decimal("0")),
    ],
)
def test_factbook_minutes_are_sixtieths_of_a_degree(text, axis, value):
    assert parse_factbook(text) == (axis, value)


@pytest.mark.parametrize("text", ["17 60 N", "95 00 N", "181 00 E", "17 00", "north"])
def test_impossible_or_malformed_coordinates_are_refused(text):
    with pytest.raises(CoordinateError):
        parse_factbook(text)


def test_factbook_text_is_written_with_hemisphere_and_two_digit_minutes():
    assert format_factbook(Decimal("17"), "lat") == "17 00 N"
    assert format_factbook(Decimal("-4"), "lon") == "4 00 W"
    assert format_factbook(Decimal("43.5"), "lon") == "43 30 E"
    assert format_factbook(Decimal("-0.5"), "lat") == "0 30 S"
    assert format_factbook(None, "lat") == ""


def test_wkt_point_is_longitude_then_latitude_without_trailing_zeros():
    assert format_wkt_point(Decimal("-4.000000"), Decimal("17.000000")) == "POINT (-4 17)"
    assert format_wkt_point(Decimal("43.500000"), Decimal("42")) == "POINT (43.5 42)"
    assert parse_wkt_point("POINT (-4 17)") == (Decimal("-4"), Decimal("17"))
    assert format_wkt_point(None, Decimal("1")) == ""

import datetime
from decimal import Decimal

import pytest
from django.template import engines

from portal.lib.dates import DateError, parse_date_range
from portal.lib.money import find_amount
from portal.lib.text import Block, blocks


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("11 September 2013", "2013-09-11", "2013-09-11"),
        ("18–19 April 2018", "2018-04-18", "2018-04-19"),
        ("18-19 Apr. 2018", "2018-04-18", "2018-04-19"),
        ("September 11, 2013", "2013-09-11", "2013-09-11"),
        ("30 November - 2 December 2011", "2011-11-30", "2011-12-02"),
        ("2013-09-11", "2013-09-11", "2013-09-11"),
    ],
)
def test_dates_in_common_english_forms_are_read(text, start, end):
    assert parse_date_range(text) == (datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))


@pytest.mark.parametrize("text", ["31 February 2013", "Septober 3, 2013", "sometime in 2013", "19-18 April 2018"])
def test_unreal_or_unreadable_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date_range(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("USD 50,000 to the GFMD budget", (Decimal("50000"), "USD")),
        ("a contribution of €10 000", (Decimal("10000"), "EUR")),
        ("CHF 1.5 million", (Decimal("1500000"), "CHF")),
        ("Mali offered financial and human resources to the GFMD 2007 Budget.", None),
        ("USD 5,000 and EUR 2,000", None),
    ],
)
def test_one_amount_of_money_is_found_and_anything_ambiguous_is_left_alone(text, found):
    assert find_amount(text) == found


def test_text_is_split_into_paragraphs_and_runs_of_bullets():
    assert blocks("Intro:\r\n• one\n  • two  \nAfter\n\n\n\nSecond\nline") == [
        Block(["Intro:"]),
        Block(["one", "two"], bullets=True),
        Block(["After"]),
        Block(["Second", "line"]),
    ]
    assert blocks("") == blocks("\n \n") == []


def test_text_becomes_escaped_paragraphs_and_bullet_lists():
    template = engines["django"].from_string("{% load portal_text %}{% paragraphs text %}")
    html = template.render({"text": "Intro <b>bold</b>:\n• one & two\n• three\n\nSecond paragraph\nits line"})
    assert html == (
        '<p dir="auto">Intro &lt;b&gt;bold&lt;/b&gt;:</p>\n<ul dir="auto"><li>one &amp; two</li><li>three</li></ul>\n'
        '<p dir="auto">Second paragraph<br>its line</p>'
    )

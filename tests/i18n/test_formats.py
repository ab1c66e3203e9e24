"""Dates and numbers in the language's own format."""

from django.template import Context, Template
from django.utils import translation

from portal.pages.edition_views import date_span


def test_a_practice_date_reads_the_french_way(client, dated_practice):
    html = client.get(f"/fr/practices/{dated_practice.pk}/").content.decode()
    assert '<time datetime="2012-10-05">5 octobre 2012</time>' in html


def test_a_practice_date_reads_the_spanish_way(client, dated_practice):
    html = client.get(f"/es/practices/{dated_practice.pk}/").content.decode()
    assert '<time datetime="2012-10-05">5 de octubre de 2012</time>' in html


def test_the_english_date_is_unchanged(client, dated_practice):
    html = client.get(f"/practices/{dated_practice.pk}/").content.decode()
    assert '<time datetime="2012-10-05">5 October 2012</time>' in html


def test_summit_dates_are_written_in_the_language(reference_data):
    import datetime

    start, end = datetime.date(2011, 11, 30), datetime.date(2011, 12, 2)
    assert date_span(start, end) == "30 November – 2 December 2011"
    with translation.override("fr"):
        assert date_span(start, end) == "30 novembre – 2 décembre 2011"
    with translation.override("es"):
        assert date_span(start, end) == "30 de noviembre – 2 de diciembre de 2011"


def test_a_count_uses_the_french_thousands_separator():
    template = Template("{% load humanize %}{{ count|intcomma }}")
    with translation.override("fr"):
        french = template.render(Context({"count": 12345}))
    with translation.override("en"):
        english = template.render(Context({"count": 12345}))
    assert french.replace("\u202f", " ").replace("\xa0", " ") == "12 345"
    assert english == "12,345"


def test_an_amount_of_money_in_a_digest_line_uses_the_language_separators():
    from decimal import Decimal

    from portal.subscriptions.items import _show

    with translation.override("fr"):
        assert _show(Decimal("50000.50")).replace("\u202f", " ").replace("\xa0", " ") == "50 000,50"
    with translation.override("en"):
        assert _show(Decimal("50000.50")) == "50,000.50"

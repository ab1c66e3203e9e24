"""A NUL character (%00) in an address, a query parameter or a form field answers 400 (never 500),
on SQLite and on PostgreSQL (which cannot hold one: a lookup with it used to fail there)."""

from urllib.parse import urlencode

import pytest

from portal.subscriptions.models import Subscription

PAGES = [
    "/countries/%00/",
    "/countries/?q=%00",
    "/countries/mli/?%00=1",
    "/feeds/countries/%00/",
    "/feeds/themes/%00/",
    "/practices/?q=%00",
    "/practices/?country=%00",
    "/practices/%00/",
    "/themes/%00/",
    "/editions/%00/",
    "/fr/countries/%00/",
    "/map/?region=%00",
    "/exports/practices.csv?q=%00",
    "/exports/practices.json?country=%00",
    "/subscriptions/confirm/%00/",
]
API = [
    "/api/v1/themes/%00/",
    "/api/v1/countries/%00/",
    "/api/v1/practices/?q=%00",
    "/api/v1/practices/?country=%00",
    "/api/v1/countries/?ordering=%00",
    "/api/v1/meetings/?kind=%00",
    "/api/v1/%00/",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_nul_in_a_pages_address_is_a_bad_request(client, mali, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_message_is_in_the_pages_language(client, mali):
    response = client.get("/fr/countries/?q=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "portail" in response.content.decode()


@pytest.mark.parametrize("path", API)
@pytest.mark.parametrize("method", ["get", "delete"])
def test_a_nul_in_an_api_address_is_a_bad_request_in_the_apis_format(client, mali, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == {
        "status": 400,
        "code": "invalid",
        "message": "The address or a parameter holds a NUL character (%00), which is not allowed.",
    }


@pytest.mark.parametrize("field", ["target", "email", "frequency", "target\x00"])
def test_a_subscription_with_a_nul_is_refused_and_nothing_is_written(client, mali, field):
    data = {"target": "country:mli", "email": "someone@example.org", "frequency": "weekly"}
    data[field] = data.get(field, "x") + "\x00"
    response = client.post("/subscriptions/new/", urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_nul_in_a_multipart_form_field_is_refused_too(client, mali):
    response = client.post("/subscriptions/new/", {"target": "country:\x00", "email": "someone@example.org"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_same_subscription_without_the_nul_goes_through(client, mali):
    response = client.post(
        "/subscriptions/new/", {"target": "country:mli", "email": "someone@example.org", "frequency": "weekly"}
    )
    assert response.status_code == 200
    assert Subscription.objects.filter(email="someone@example.org").exists()


def test_a_form_body_sent_to_the_api_still_gets_its_415_not_a_parse_of_the_form(client, reference_data):
    response = client.generic("POST", "/api/v1/countries/", "--x\r\n", content_type="multipart/form-data")
    assert response.status_code in (401, 415)
    assert response["Content-Type"] == "application/json"

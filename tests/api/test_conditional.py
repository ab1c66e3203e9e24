"""ETag and Last-Modified on every list and record; 304 when the client's copy is current."""

import pytest
from django.utils.http import http_date

from portal.countries.models import Country

PATHS = [
    "/api/v1/countries/",
    "/api/v1/countries/mli/",
    "/api/v1/practices/",
    "/api/v1/participation/?country=MLI",
    "/api/v1/editions/2013-2014/",
    "/api/v1/gcm-objectives/",
    "/api/v1/themes/",
]


@pytest.mark.parametrize("path", PATHS)
def test_if_none_match_gets_304_without_a_body(api, mali_on_record, path):
    first = api.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert api.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_changes_with_the_content_and_with_who_asks(api, editor_api, mali_on_record):
    etag = api.get("/api/v1/countries/mli/")["ETag"]
    Country.objects.filter(iso3="MLI").update(background="Changed.")
    changed = api.get("/api/v1/countries/mli/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    public = api.get("/api/v1/practices/")["ETag"]
    assert editor_api.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=public).status_code == 200
    assert "Authorization" in api.get("/api/v1/practices/")["Vary"]


def test_last_modified_is_the_newest_change_and_if_modified_since_gets_304(api, mali_on_record):
    response = api.get("/api/v1/countries/")
    newest = max(Country.objects.values_list("updated_at", flat=True))
    assert response["Last-Modified"] == http_date(int(newest.timestamp()))
    assert api.get("/api/v1/countries/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    earlier = http_date(int(newest.timestamp()) - 60)
    assert api.get("/api/v1/countries/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    detail = api.get("/api/v1/countries/mli/")
    assert detail["Last-Modified"] == http_date(int(Country.objects.get(iso3="MLI").updated_at.timestamp()))


def test_records_without_a_date_still_have_an_etag(api, reference_data):
    response = api.get("/api/v1/sdg-targets/10.7/")
    assert response["ETag"] and not response.has_header("Last-Modified")


def test_errors_and_writes_carry_no_etag(api, editor_api, reference_data):
    assert not api.get("/api/v1/countries/xxx/").has_header("ETag")
    assert not editor_api.patch("/api/v1/countries/mli/", {"background": "x"}, format="json").has_header("ETag")

"""One error format for every endpoint, documented in the OpenAPI document."""

import json

import pytest
from django.test import Client

ERROR_KEYS = {"status", "code", "message"}


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert ERROR_KEYS <= set(error) <= ERROR_KEYS | {"fields"}
    assert error["status"] == response.status_code
    return error


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/countries/zzz/",
        "/api/v1/editions/1999/",
        "/api/v1/practices/999999/",
        "/api/v1/meetings/0/",
        "/api/v1/sdg-targets/99.99/",
        "/api/v1/nothing-here/",
        "/api/v1/countries/too-long-code/",
        "/api/v1/countries/?page=1000",
    ],
)
def test_not_found_everywhere_in_the_same_shape(api, reference_data, path):
    response = api.get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_validation_errors_list_each_field(editor_api, reference_data):
    response = editor_api.post("/api/v1/countries/", {"iso2": "TOOLONG"}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["message"] == "Some values are not valid: iso2, iso3, name."
    assert error["fields"]["iso3"] == ["This field is required."]
    assert error["fields"]["iso2"] == ["Ensure this field has no more than 2 characters."]


def test_a_body_that_is_not_json(editor_api, reference_data):
    response = editor_api.generic("POST", "/api/v1/countries/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"
    response = editor_api.generic("POST", "/api/v1/countries/", "a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_a_method_that_is_not_allowed(editor_api, reference_data):
    response = editor_api.post("/api/v1/countries/mli/", {}, format="json")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_an_invalid_filter_value(api, reference_data):
    response = api.get("/api/v1/meetings/?kind=party")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["fields"] == {"kind": ["Select a valid choice. party is not one of the available choices."]}


def test_an_unacceptable_format(api, reference_data):
    response = api.get("/api/v1/countries/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


def test_the_error_format_is_in_the_openapi_document(api, db):
    schema = json.loads(api.get("/api/v1/schema/?format=json").content)
    components = schema["components"]["schemas"]
    assert set(components["Error"]["properties"]) == {"error"}
    detail = components["ErrorDetail"]
    assert set(detail["properties"]) == {"status", "code", "message", "fields"}
    assert set(detail["required"]) == {"status", "code", "message"}
    assert "**Errors** all have one shape" in schema["info"]["description"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method, status)
            if method in ("post", "put", "patch", "delete"):
                assert "403" in operation["responses"] and operation["security"] == [{"tokenAuth": []}]
            else:
                assert {} in operation["security"]


def test_a_bug_answers_500_in_the_same_shape_and_is_logged(api, reference_data, monkeypatch, caplog):
    from portal.countries.api.views import CountryViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(CountryViewSet, "list", broken)
    response = api.get("/api/v1/countries/")
    assert response.status_code == 500
    assert error_of(response) == {
        "status": 500,
        "code": "server_error",
        "message": "Something went wrong on the server; it has been logged.",
    }
    assert "Internal Server Error: /api/v1/countries/" in caplog.text and "a bug" in caplog.text


@pytest.mark.parametrize("body", ["[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 40 + "1" + "}" * 40])
def test_a_json_body_nested_too_deep_is_a_parse_error_not_a_crash(editor_api, reference_data, body):
    from portal.countries.models import Country

    before = Country.objects.count()
    response = editor_api.generic("POST", "/api/v1/countries/", body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response) == {
        "status": 400,
        "code": "parse_error",
        "message": "JSON parse error - the document nests deeper than 32 levels.",
    }
    assert Country.objects.count() == before


def test_the_one_json_parser_is_rest_frameworks_default():
    from rest_framework.settings import api_settings

    from portal.api.parsers import JSONParser

    assert list(api_settings.DEFAULT_PARSER_CLASSES) == [JSONParser]


UNKNOWN = ["/api/v1/nope/", "/api/v1/external-resources/0.5/", "/api/", "/api/nope", "/api/v2/countries/"]


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_api_address_answers_the_json_404_whatever_the_method(db, contributor, path, method, signed_in):
    """Not Django's HTML CSRF page: the browser's CSRF check does not stand in front of an address that does
    nothing, with or without a session cookie."""
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(contributor)
    body = "" if method == "get" else "{}"
    response = client.generic(method.upper(), path, body, content_type="application/json")
    assert response.status_code == 404
    assert error_of(response) == {
        "status": 404,
        "code": "not_found",
        "message": f"There is no API endpoint at {path}. The list is at /api/v1/.",
    }


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_schema_and_docs_refuse_other_methods_in_the_json_format(db, path, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_a_request_too_large_for_the_api_is_refused_in_its_format(editor_api, reference_data, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = editor_api.generic(
        "POST", "/api/v1/countries/", "[" + "1," * 1000 + "1]", content_type="application/json"
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_too_many_query_parameters_get_the_apis_400_not_an_html_page(api, reference_data, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = api.get("/api/v1/countries/?" + "&".join(f"a{number}=1" for number in range(20)))
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


@pytest.mark.parametrize("size", ["\u00b2", "1\u00b2", "0", "501", "-1"])
def test_a_page_size_that_is_not_a_whole_number_in_range_is_refused(api, reference_data, size):
    # "²" passes str.isdigit() but not int(): it once answered 500.
    response = api.get("/api/v1/countries/", {"page_size": size})
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"page_size": ["A whole number from 1 to 500."]}


def test_the_docs_page_answers_options_with_405_in_the_error_format(api, db):
    response = api.options("/api/v1/docs/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert api.head("/api/v1/docs/").status_code == 200

"""Who sees what and who may write: the public never sees a draft, a contact or a delegate; only
editors holding a token write, and every write is checked as the model checks it."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authentication import BasicAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.countries.models import Country
from portal.forum.models import Meeting, Participation, Roundtable
from portal.practices.models import Practice

SECRETS = ("secret-contact@example.org", "draft-contact@example.org", "Secret Person", "+223 555")


def everything(client, path: str) -> str:
    response = client.get(path + ("&" if "?" in path else "?") + "page_size=500")
    assert response.status_code == 200, response.content
    return response.content.decode()


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["api", "stranger_api"])
def test_the_public_never_sees_a_draft_or_a_contact(request, secret_practices, who):
    client = request.getfixturevalue(who)
    text = everything(client, "/api/v1/practices/")
    for secret in (*SECRETS, "Draft about remittances", "Rejected entry", "contact_email", '"status"'):
        assert secret not in text
    assert "Diaspora bonds in Mali" in text
    for practice in (secret_practices["draft"], secret_practices["rejected"]):
        response = client.get(f"/api/v1/practices/{practice.pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    public = client.get(f"/api/v1/practices/{secret_practices['public'].pk}/").json()
    assert not any(key.startswith("contact") for key in public)


def test_a_merged_practice_is_not_public(api, secret_practices):
    public = secret_practices["public"]
    duplicate = Practice.objects.create(
        title="Diaspora bonds (copy)", summary="x", status=Practice.Status.PUBLISHED, merged_into=public
    )
    assert api.get(f"/api/v1/practices/{duplicate.pk}/").status_code == 404


def test_editors_see_every_state_and_the_contacts(editor_api, secret_practices):
    text = everything(editor_api, "/api/v1/practices/")
    for secret in (*SECRETS, "Draft about remittances", "Rejected entry"):
        assert secret in text
    draft = editor_api.get(f"/api/v1/practices/{secret_practices['draft'].pk}/").json()
    assert draft["status"] == "draft" and draft["contact_email"] == "draft-contact@example.org"


@pytest.fixture
def stranger_api(db, django_user_model):
    """Someone with a token who submitted none of the practices."""
    client = APIClient()
    stranger = django_user_model.objects.create_user("stranger", "stranger@example.org", "pw")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=stranger).key}")
    return client


def test_a_contributor_sees_their_own_entries_in_any_state_but_no_contact(contributor_api, secret_practices):
    text = everything(contributor_api, "/api/v1/practices/")
    assert "Draft about remittances" in text and "Rejected entry" in text
    for secret in (*SECRETS, "contact_email"):
        assert secret not in text
    draft = contributor_api.get(f"/api/v1/practices/{secret_practices['draft'].pk}/")
    assert draft.status_code == 200 and draft.json()["title"] == "Draft about remittances"


def test_people_signed_in_on_the_site_read_with_their_session(client, contributor, secret_practices):
    client.force_login(contributor)
    text = everything(client, "/api/v1/practices/")
    assert "Diaspora bonds in Mali" in text and "Draft about remittances" in text


def test_delegates_are_for_editors_only(api, contributor_api, editor_api, mali):
    Participation.objects.filter(country=mali, edition__label="2007").update(delegates="H.E. Hidden NAME")
    for client in (api, contributor_api):
        text = everything(client, "/api/v1/participation/")
        assert "Hidden NAME" not in text and "delegates" not in text
    assert "Hidden NAME" in everything(editor_api, "/api/v1/participation/")


# --- writing ------------------------------------------------------------------------------------

WRITES = [
    ("post", "/api/v1/countries/", {"iso2": "XK", "iso3": "XKX", "name": "Kosovo"}),
    ("patch", "/api/v1/countries/mli/", {"gfmd_status": "member_state"}),
    ("put", "/api/v1/gcm-objectives/1/", {"number": 1, "short_label": "Data"}),
    ("delete", "/api/v1/sdg-targets/10.7/", None),
]


@pytest.mark.parametrize(("method", "path", "data"), WRITES)
def test_anonymous_writes_get_401_in_the_error_format(api, reference_data, method, path, data):
    response = getattr(api, method)(path, data, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    }


def test_a_wrong_token_gets_401(reference_data):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/countries/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.parametrize(("method", "path", "data"), WRITES)
def test_a_token_that_is_not_an_editors_gets_403(contributor_api, reference_data, method, path, data):
    response = getattr(contributor_api, method)(path, data, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "status": 403,
        "code": "permission_denied",
        "message": "Only editors may change the record through the API.",
    }


def test_a_session_is_not_enough_to_write(client, contributor, reference_data):
    """Writes need a token: a session (even with its CSRF token) never writes through the API."""
    client.force_login(contributor)
    response = client.patch("/api/v1/countries/mli/", {"gfmd_status": "observer"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "status": 403,
        "code": "permission_denied",
        "message": "Writes need an API token (header 'Authorization: Token <key>').",
    }
    assert Country.objects.get(iso3="MLI").gfmd_status == ""


def test_editors_with_a_token_create_change_and_delete(editor_api, reference_data):
    created = editor_api.post("/api/v1/countries/", {"iso2": "XK", "iso3": "XKX", "name": "Kosovo"}, format="json")
    assert created.status_code == 201, created.content
    assert Country.objects.filter(iso3="XKX").exists()
    changed = editor_api.patch("/api/v1/countries/xkx/", {"gfmd_status": "observer"}, format="json")
    assert changed.status_code == 200 and changed.json()["gfmd_status"] == "observer"
    assert editor_api.delete("/api/v1/countries/XKX/").status_code == 204
    assert not Country.objects.filter(iso3="XKX").exists()


def test_an_inactive_editors_token_stops_working(editor, reference_data):
    token = Token.objects.create(user=editor)
    editor.is_active = False
    editor.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post("/api/v1/countries/", {}, format="json").status_code == 401


def test_editors_change_participation_and_its_delegates(editor_api, mali):
    record = Participation.objects.get(country=mali, edition__label="2008")
    response = editor_api.patch(f"/api/v1/participation/{record.pk}/", {"delegates": "Ms. New DELEGATE"}, format="json")
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.delegates == "Ms. New DELEGATE"


def test_editors_create_practices_as_drafts_through_the_moderation_path(editor_api, editor, reference_data):
    response = editor_api.post(
        "/api/v1/practices/",
        {
            "title": "New",
            "summary": "New entry.",
            "countries": ["MLI"],
            "contact_email": "someone@example.org",
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    practice = Practice.objects.get(title="New")
    assert practice.status == Practice.Status.DRAFT  # the state changes through moderation only
    assert practice.submitter == editor
    assert practice.transitions.get().to_status == Practice.Status.DRAFT


# --- every write is checked as the model checks it ------------------------------------------------


def test_a_write_that_breaks_a_unique_constraint_is_refused(editor_api, reference_data):
    roundtable = Roundtable.objects.select_related("edition").first()
    response = editor_api.post(
        "/api/v1/roundtables/", {"edition": roundtable.edition.label, "code": roundtable.code}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "The fields edition, code must make a unique set."
    assert error["fields"] == {"non_field_errors": ["The fields edition, code must make a unique set."]}


def test_a_write_with_an_invalid_choice_or_address_is_refused_field_by_field(editor_api, reference_data):
    response = editor_api.post(
        "/api/v1/meetings/", {"edition": "2010", "kind": "party", "title": "x", "country": "ZZZ"}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["kind"] == ['"party" is not a valid choice.']
    assert fields["country"] == ["Object with iso3=ZZZ does not exist."]
    response = editor_api.post(
        "/api/v1/practices/", {"title": "t", "summary": "s", "contact_email": "nope"}, format="json"
    )
    assert response.json()["error"]["fields"] == {"contact_email": ["Enter a valid email address."]}
    assert not Meeting.objects.filter(title="x").exists() and not Practice.objects.filter(title="t").exists()


def test_the_models_own_clean_runs_on_every_write(editor_api, reference_data, monkeypatch):
    """full_clean, not only the serializer's checks: a rule of the model's clean() holds in the API too."""

    def clean(country):
        if country.gfmd_status == "observer" and country.un_member_since:
            raise ValidationError({"gfmd_status": "A UN member state is not an observer."})

    monkeypatch.setattr(Country, "clean", clean, raising=False)
    response = editor_api.patch("/api/v1/countries/mli/", {"gfmd_status": "observer"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"gfmd_status": ["A UN member state is not an observer."]}
    assert Country.objects.get(iso3="MLI").gfmd_status == ""
    response = editor_api.patch("/api/v1/countries/mli/", {"name": "x" * 121}, format="json")
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]


def test_deleting_a_record_others_refer_to_is_a_conflict(editor_api, mali):
    roundtable = Roundtable.objects.filter(roles__isnull=False).first()
    response = editor_api.delete(f"/api/v1/roundtables/{roundtable.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "protected"
    assert Roundtable.objects.filter(pk=roundtable.pk).exists()


@pytest.mark.parametrize("path", ["/api/v1/countries/mli/", "/api/v1/editions/2019/"])
def test_a_country_or_edition_holding_a_participation_record_is_not_deleted(editor_api, mali_on_record, path):
    """The record would have gone with it (a cascade): the database refuses, the API says why."""
    Practice.objects.all().delete()  # a practice naming the country holds it too (tests/countries)
    response = editor_api.delete(path)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "protected"
    assert error["message"] == (
        "The record cannot be deleted: other records refer to it (participations: 1). Delete those first."
    )
    assert Participation.objects.filter(country__iso3="MLI", edition__label="2019").count() == 1
    assert Country.objects.filter(iso3="MLI").exists()


def test_a_country_without_a_record_can_still_be_deleted(editor_api, mali_on_record):
    assert editor_api.delete("/api/v1/countries/geo/").status_code == 204
    assert not Country.objects.filter(iso3="GEO").exists()


# --- rate limit ---------------------------------------------------------------------------------


def test_anonymous_requests_are_rate_limited_editors_are_not(api, editor_api, reference_data, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    for _ in range(3):
        assert api.get("/api/v1/gcm-objectives/").status_code == 200
    response = api.get("/api/v1/gcm-objectives/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "throttled" and error["status"] == 429
    for _ in range(5):
        assert editor_api.get("/api/v1/gcm-objectives/").status_code == 200


# --- the second factor: staff without one are refused on every way in -----------------------------

SECOND_FACTOR_REQUIRED = {
    "status": 403,
    "code": "second_factor_required",
    "message": "Editors and administrators must turn on two-factor authentication (an authenticator app, "
    "under /accounts/2fa/ on the portal) before using the API.",
}


@pytest.fixture
def editor_without_totp(editor):
    editor.authenticator_set.all().delete()
    return editor


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_token_of_staff_without_a_second_factor_neither_writes_nor_reads(editor_without_totp, secret_practices):
    client = token_client(editor_without_totp)
    created = client.post("/api/v1/practices/", {"title": "New", "summary": "New entry."}, format="json")
    assert created.status_code == 403
    assert created.json()["error"] == SECOND_FACTOR_REQUIRED
    assert not Practice.objects.filter(title="New").exists()
    draft = client.get(f"/api/v1/practices/{secret_practices['draft'].pk}/")
    assert draft.status_code == 403 and draft.json()["error"] == SECOND_FACTOR_REQUIRED
    assert "draft-contact@example.org" not in draft.content.decode()
    assert client.get("/api/v1/practices/").status_code == 403


def test_an_administrators_token_without_a_second_factor_is_refused(django_user_model, reference_data):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    response = token_client(admin).delete("/api/v1/countries/mli/")
    assert response.status_code == 403 and response.json()["error"] == SECOND_FACTOR_REQUIRED
    assert Country.objects.filter(iso3="MLI").exists()


def test_a_session_of_staff_without_a_second_factor_gets_the_apis_403_not_a_redirect(
    client, editor_without_totp, secret_practices
):
    client.force_login(editor_without_totp)
    response = client.get("/api/v1/practices/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == SECOND_FACTOR_REQUIRED


def test_with_the_second_factor_turned_on_the_same_token_works(editor, secret_practices):
    response = token_client(editor).get(f"/api/v1/practices/{secret_practices['draft'].pk}/")
    assert response.status_code == 200 and response.json()["contact_email"] == "draft-contact@example.org"


def test_no_api_view_takes_a_password_alone():
    """HTTP Basic (REST framework's default) would take a password without the second factor: no view under
    /api/v1/, the schema and its docs included, accepts it."""
    from portal.api_urls import urlpatterns

    views = [pattern.callback.cls for pattern in urlpatterns if hasattr(pattern.callback, "cls")]
    assert len(views) > 10
    for view in views:
        classes = view().get_authenticators() if hasattr(view, "get_authenticators") else []
        assert not any(isinstance(c, BasicAuthentication) for c in classes), view

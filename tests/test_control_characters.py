"""Text with a control character (other than tab, newline and carriage return) is refused on every
path people or imports write by, with a message naming the character, and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum.models import CorrectionProposal, Edition
from portal.lib.text import strip_control_characters, validate_clean_text
from portal.practices.models import Practice
from portal.subscriptions.models import Subscription
from tests.practices.conftest import verified

HOSTILE = "ctrl\x01\x02"
MESSAGE = "Remove the control character U+0001 (at position 5): text cannot hold it."


@pytest.mark.parametrize("text", ["a\x00b", "a\x01", "\x1b[31m", "a\x7f", "a\x85b", ["ok", {"k": "a\x0c"}]])
def test_the_validator_refuses_control_characters_and_names_the_first(text):
    with pytest.raises(ValidationError) as raised:
        validate_clean_text(text)
    assert raised.value.code == "control_character"
    assert "Remove the control character U+" in raised.value.messages[0]


@pytest.mark.parametrize("text", ["", "Tabs\tnew\nlines\r\nand ünïcödé — “quotes” 🙂", 12, None])
def test_the_validator_lets_text_with_tabs_and_newlines_through(text):
    validate_clean_text(text)


def test_stripping_keeps_tabs_and_newlines():
    assert strip_control_characters("a\x00b\tc\nd\x1f") == "ab\tc\nd"


def test_model_full_clean_refuses_a_hostile_title(db):
    with pytest.raises(ValidationError) as raised:
        Practice(title=HOSTILE, summary="s").full_clean()
    assert raised.value.message_dict["title"] == [MESSAGE]


# --- the contribution form -------------------------------------------------------------------------


@pytest.fixture
def contributor(db):
    return verified(User.objects.create_user("amina", "amina@example.org", "pw", first_name="Amina"))


FORM = {"title": "Diaspora bonds", "summary": "Bonds.", "countries": ["SEN"], "action": "submit"}


@pytest.mark.parametrize("field", ["title", "summary", "body", "partners", "contact_name", "sources_text"])
def test_the_form_shows_the_error_beside_the_field_and_saves_nothing(client, reference_data, contributor, field):
    client.force_login(contributor)
    response = client.post(reverse("practices:submit"), {**FORM, field: f"x{HOSTILE}"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE.replace("position 5", "position 6")]
    assert "Remove the control character U+0001" in response.content.decode()
    assert not Practice.objects.exists()


def test_the_profile_form_refuses_a_hostile_name(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("accounts:profile"), {"first_name": HOSTILE, "last_name": "DIALLO", "language": "en"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == [MESSAGE]
    contributor.refresh_from_db()
    assert contributor.first_name == "Amina"


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_refuses_a_hostile_title_on_post_with_400(editor_api, reference_data):
    response = editor_api.post(
        "/api/v1/practices/", {"title": HOSTILE, "summary": "s", "countries": ["MLI"]}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"]["title"] == [MESSAGE]
    assert not Practice.objects.exists()


def test_the_api_refuses_a_hostile_summary_on_patch_with_400(editor_api, reference_data):
    practice = Practice.objects.create(title="Fine", summary="Fine.")
    response = editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"summary": "a\x00b"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["summary"]  # DRF's own NUL check or ours: both refuse
    response = editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"summary": "a\x1bb"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["summary"] == [MESSAGE.replace("U+0001", "U+001B").replace("5", "2")]
    practice.refresh_from_db()
    assert practice.summary == "Fine."


def test_the_api_refuses_a_hostile_country_background(editor_api, reference_data):
    response = editor_api.patch("/api/v1/countries/mli/", {"background": HOSTILE}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["background"] == [MESSAGE]
    assert Country.objects.get(iso3="MLI").background != HOSTILE


# --- the admin -------------------------------------------------------------------------------------


def test_the_admin_refuses_a_hostile_edition_chair(admin_client, reference_data):
    edition = Edition.objects.order_by("ordinal").first()
    url = reverse("admin:forum_edition_change", args=[edition.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data["chair"] = HOSTILE
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["chair"] == [MESSAGE]
    edition.refresh_from_db()
    assert edition.chair != HOSTILE


# --- corrections and subscriptions -----------------------------------------------------------------


def test_a_correction_proposal_with_a_hostile_value_is_refused(reference_data, contributor):
    from portal.forum.correction_forms import ProposalForm

    form = ProposalForm({"background": HOSTILE, "note": "Source: the ministry"})
    assert not form.is_valid()
    assert form.errors["background"] == [MESSAGE]
    proposal = CorrectionProposal(
        country=Country.objects.get(iso3="MLI"), changes={"background": HOSTILE}, proposer=contributor
    )
    with pytest.raises(ValidationError):
        proposal.full_clean()
    assert not CorrectionProposal.objects.exists()


def test_a_subscription_address_with_a_control_character_is_refused(client, reference_data):
    response = client.post(
        reverse("subscriptions:subscribe"),
        {"target": "country:mli", "frequency": "weekly", "email": '"a\x01"@example.org'},
    )
    assert response.status_code == 400
    assert "Remove the control character U+0001" in response.content.decode()
    assert not Subscription.objects.exists()

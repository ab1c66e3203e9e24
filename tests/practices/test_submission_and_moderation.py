"""A contributor's practice from the form to publication, with the e-mails at each step."""

import re

import pytest
from django.urls import reverse

from portal.core.concurrency import version_of
from portal.countries.models import Country
from portal.practices import services
from portal.practices.models import Practice, Transition
from tests.html_text import visible_lines
from tests.practices.conftest import mail_to

FORM = {
    "title": "Diaspora bonds for local investment",
    "summary": "The ministry issues bonds to its diaspora and invests the proceeds in rural infrastructure.",
    "body": "",
    "countries": ["SEN"],
    "partners": "Central bank",
    "submitter_kind": "government",
    "contact_name": "A. Diallo",
    "contact_email": "contact@example.org",
    "sources_text": "GFMD 2013-2014 – Thematic meeting on diaspora",
}


@pytest.fixture
def senegal(reference_data):
    return Country.objects.get(iso3="SEN")


def test_practice_goes_from_form_to_publication_and_the_submitter_is_told_at_each_step(
    client, senegal, contributor, editor, mail_dir, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:submit"), {**FORM, "action": "submit"})
    practice = Practice.objects.get(title=FORM["title"])
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == "submitted" and practice.submitter == contributor
    assert list(practice.countries.values_list("iso3", flat=True)) == ["SEN"]
    assert practice.sources.get().edition.label == "2013-2014"
    assert "awaits review" in mail_to(mail_dir, "editor@example.org")[-1]

    client.force_login(editor)
    queue = client.get(reverse("practices:queue")).content.decode()
    assert FORM["title"] in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practices:moderate", args=[practice.pk]),
            {"action": "changes_requested", "comment": "Please name the partners."},
        )
    practice.refresh_from_db()
    assert practice.status == "changes_requested"
    message = mail_to(mail_dir, "amina@example.org")[-1]
    assert "is now: Changes requested" in message and "Please name the partners." in message

    client.force_login(contributor)
    mine = client.get(reverse("practices:mine")).content.decode()
    assert "Changes requested" in mine and "Please name the partners." in mine
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practices:edit", args=[practice.pk]),
            {**FORM, "partners": "Central bank; IOM", "action": "submit", "loaded_version": version_of(practice)},
        )
    practice.refresh_from_db()
    assert practice.status == "submitted" and practice.partners == "Central bank; IOM"

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:moderate", args=[practice.pk]), {"action": "published", "comment": ""})
    practice.refresh_from_db()
    assert practice.status == "published" and practice.date_shared is not None
    assert "is now: Published" in mail_to(mail_dir, "amina@example.org")[-1]
    told = [m.split("is now: ")[1].split(".")[0] for m in mail_to(mail_dir, "amina@example.org")]
    assert told == ["Submitted", "Changes requested", "Submitted", "Published"]
    steps = list(Transition.objects.filter(practice=practice).values_list("from_status", "to_status"))
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "published"),
    ]
    client.logout()
    public = client.get(practice.get_absolute_url()).content.decode()
    assert FORM["title"] in public and "contact@example.org" not in public and "A. Diallo" not in public


def test_saving_a_draft_keeps_it_private(client, senegal, contributor, other_contributor):
    client.force_login(contributor)
    client.post(reverse("practices:submit"), {**FORM, "action": "draft"})
    practice = Practice.objects.get(title=FORM["title"])
    assert practice.status == "draft"
    assert client.get(practice.get_absolute_url()).status_code == 200
    client.force_login(other_contributor)
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_missing_title_and_unknown_country_get_their_own_messages_and_keep_other_values(client, senegal, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("practices:submit"), {**FORM, "title": "", "countries": ["SEN", "XXX"], "action": "submit"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please give the practice a title." in page
    assert "“XXX” is not a country we know: please choose from the list." in page
    assert FORM["summary"] in page and "Central bank" in page
    assert not Practice.objects.exists()


def test_no_country_and_not_global_is_refused(client, senegal, contributor):
    client.force_login(contributor)
    response = client.post(reverse("practices:submit"), {**FORM, "countries": [], "action": "submit"})
    assert "Choose at least one country, or tick “Global”." in response.content.decode()
    assert not Practice.objects.exists()


def test_markup_typed_in_a_field_is_shown_as_text(client, senegal, contributor):
    client.force_login(contributor)
    client.post(reverse("practices:submit"), {**FORM, "title": "<script>alert(1)</script>", "action": "draft"})
    practice = Practice.objects.get()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rejecting_without_a_comment_is_refused_and_changes_nothing(client, senegal, contributor, editor):
    practice = Practice.objects.create(title="T", summary="S", submitter=contributor, status="submitted")
    client.force_login(editor)
    response = client.post(reverse("practices:moderate", args=[practice.pk]), {"action": "rejected", "comment": ""})
    assert "Please say why, in the comment: the submitter will read it." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == "submitted" and not practice.transitions.exists()


def test_a_step_that_the_state_does_not_allow_is_refused(contributor, editor, db):
    practice = Practice.objects.create(title="T", summary="S", submitter=contributor, status="draft")
    with pytest.raises(Exception, match="cannot become published"):
        services.approve(practice=practice, editor=editor)
    practice.refresh_from_db()
    assert practice.status == "draft"


# --- who may do what ---------------------------------------------------------------------------------


@pytest.fixture
def waiting(contributor, db):
    return Practice.objects.create(title="Waiting", summary="S", submitter=contributor, status="submitted")


@pytest.mark.parametrize(
    ("who", "submit_page", "queue", "moderate", "edit_waiting"),
    [
        ("anonymous", 302, 302, 302, 302),
        ("contributor", 200, 403, 403, 403),
        ("other_contributor", 200, 403, 403, 403),
        ("editor", 200, 200, 200, 200),
    ],
)
def test_each_role_against_each_action(request, client, waiting, who, submit_page, queue, moderate, edit_waiting):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("practices:submit")).status_code == submit_page
    assert client.get(reverse("practices:queue")).status_code == queue
    assert client.get(reverse("practices:moderate", args=[waiting.pk])).status_code == moderate
    assert client.get(reverse("practices:edit", args=[waiting.pk])).status_code == edit_waiting


def test_a_contributor_cannot_publish_their_own_practice(client, waiting, contributor):
    client.force_login(contributor)
    response = client.post(reverse("practices:moderate", args=[waiting.pk]), {"action": "published"})
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


def test_a_user_without_a_verified_address_may_not_submit(client, db):
    from portal.accounts.models import User

    client.force_login(User.objects.create_user("visitor", "v@example.org", "pw"))
    assert client.get(reverse("practices:submit")).status_code == 403


def test_a_visitor_who_opens_the_form_is_told_on_the_sign_in_page_why_to_sign_in(client, db):
    response = client.get(reverse("practices:submit"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")
    lines = visible_lines(response.content.decode())
    assert "Sign in to share a practice. No account yet? Sign up first: it is free." in lines


@pytest.mark.parametrize("field", ["themes", "gcm_objectives", "sdg_targets"])
@pytest.mark.parametrize(
    "value", ["99999999999999999999", "-99999999999999999999", "+99999999999999999999", " 99999999999999999999"]
)
def test_an_id_beyond_the_databases_numbers_is_an_unknown_choice(client, senegal, contributor, field, value):
    client.force_login(contributor)
    response = client.post(reverse("practices:submit"), {**FORM, field: [value], "action": "draft"})
    assert response.status_code == 200
    assert f"“{value}” is not a valid value." in response.content.decode()
    assert not Practice.objects.exists()


def test_the_form_names_the_countries_in_the_page_language_in_their_order(client, senegal, contributor):
    client.force_login(contributor)
    html = client.get("/fr/practices/submit/").content.decode()
    names = re.findall(r'<input type="checkbox" name="countries" value="(?:DZA|ASM|SEN)"[^>]*>\s*([^<]+)</label>', html)
    assert [name.strip() for name in names] == ["Algérie", "Samoa américaines", "Sénégal"]


@pytest.mark.parametrize("value", ["--5", "9_9999999999999999999x", "abc"])
def test_an_id_that_is_no_number_is_refused_with_its_message(client, senegal, contributor, value):
    client.force_login(contributor)
    response = client.post(reverse("practices:submit"), {**FORM, "themes": [value], "action": "draft"})
    assert response.status_code == 200
    assert f"“{value}” is not a valid value." in response.content.decode()
    assert not Practice.objects.exists()

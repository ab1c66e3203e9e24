"""The editors' way to their work, the styled lists, the contribution form, and the e-mails' links."""

import re

import pytest
from django.urls import reverse

from portal.countries.models import Country
from portal.forum.models import CorrectionProposal
from portal.legacy.models import ImportDoubt
from portal.practices import services
from portal.practices.models import Practice
from tests.practices.conftest import mail_to

HOST = "portal.example.org:8217"


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org", "testserver"]


def waiting_practice(submitter, title="Remittance corridors") -> Practice:
    practice = Practice.objects.create(title=title, summary="Lower fees.", submitter=submitter, status="submitted")
    return practice


# --- the review bar ---------------------------------------------------------------------------------------


def test_an_editor_sees_review_counts_leading_to_each_list_and_to_the_tools(client, editor, contributor, mali):
    waiting_practice(contributor)
    waiting_practice(contributor, "Second")
    CorrectionProposal.objects.create(country=mali, proposer=contributor, changes={"background": "x"})
    client.force_login(editor)
    html = client.get("/").content.decode()
    bar = html.split('class="editor-bar"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'href="/practices/queue/">Practices waiting <span class="count-badge is-waiting">2</span>', bar)
    assert re.search(r'href="/corrections/">Corrections waiting <span class="count-badge is-waiting">1</span>', bar)
    unsettled = ImportDoubt.objects.filter(settled_at__isnull=True).count()
    assert unsettled > 0  # the Mali page's doubts
    link = r'href="/admin/legacy/importdoubt/\?settled=no">Import doubts '
    assert re.search(link + rf'<span class="count-badge[^"]*">{unsettled}</span>', bar)
    assert 'href="/translations/' in bar and 'href="/admin/"' in bar


def test_the_review_bar_speaks_the_page_language(client, editor):
    client.force_login(editor)
    html = client.get("/fr/").content.decode()
    assert "Pratiques en attente" in html and 'href="/fr/practices/queue/"' in html


def test_contributors_and_visitors_get_no_review_bar(client, contributor):
    assert "editor-bar" not in client.get("/").content.decode()
    client.force_login(contributor)
    assert "editor-bar" not in client.get("/").content.decode()


def test_the_review_bar_costs_an_editor_three_count_queries(client, editor, django_assert_num_queries):
    client.force_login(editor)
    client.get("/accessibility/")  # sessions, permissions and the like are loaded once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/accessibility/")
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 3


def test_a_visitor_s_page_asks_nothing_for_the_header(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/accessibility/").status_code == 200


# --- styled lists -----------------------------------------------------------------------------------------


def test_my_practices_shows_each_state_as_a_badge_with_the_last_comment(client, contributor, editor, senegal):
    practice = waiting_practice(contributor)
    services.request_changes(practice=practice, editor=editor, comment="Please name the partners.")
    client.force_login(contributor)
    html = client.get(reverse("practices:mine")).content.decode()
    assert 'class="status status-changes_requested"' in html and "Changes requested" in html
    assert "Last comment, by Eda on" in html and "Please name the partners." in html
    assert f'href="/practices/{practice.pk}/edit/"' in html


def test_the_queue_shows_the_badge_and_the_last_comment_of_a_resubmitted_practice(client, contributor, editor, senegal):
    practice = waiting_practice(contributor)
    practice.countries.add(senegal)
    services.request_changes(practice=practice, editor=editor, comment="Please name the partners.")
    services.submit(practice=practice, actor=contributor)
    client.force_login(editor)
    html = client.get(reverse("practices:queue")).content.decode()
    assert 'class="status status-submitted"' in html
    assert "Please name the partners." in html and "Submitted by Ms. Amina DIALLO" in html


def test_after_a_decision_the_queue_says_what_changed(client, contributor, editor, senegal):
    practice = waiting_practice(contributor)
    client.force_login(editor)
    response = client.post(
        reverse("practices:moderate", args=[practice.pk]), {"action": "published", "comment": ""}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("practices:queue")
    assert "“Remittance corridors” is now published." in html


# --- the contribution form --------------------------------------------------------------------------------


@pytest.fixture
def senegal(reference_data):
    return Country.objects.get(iso3="SEN")


def test_the_form_comes_in_sections_with_check_box_lists_and_its_script(client, contributor, senegal):
    client.force_login(contributor)
    html = client.get(reverse("practices:submit")).content.decode()
    legends = re.findall(r'<fieldset class="form-section">\s*<legend>([^<]+)</legend>', html)
    assert legends == ["What", "Where", "Who", "Sources", "Contact"]
    for name in ("countries", "themes", "gcm_objectives", "sdg_targets"):
        assert f'type="checkbox" name="{name}"' in html
        assert "<select" not in html.split(f'name="{name}"', 1)[0].rsplit("<fieldset", 1)[1]
    assert 'data-choice-filter="Filter: Implementing countries"' in html
    assert 'data-count-for="id_summary"' in html
    assert re.search(r'<script src="/static/js/practice-form.js" defer></script>', html)
    assert "Ctrl" not in html


def test_errors_are_listed_at_the_top_and_beside_the_field_and_other_values_are_kept(client, contributor, senegal):
    client.force_login(contributor)
    response = client.post(
        reverse("practices:submit"),
        {
            "title": "",
            "summary": "Kept summary.",
            "countries": ["SEN"],
            "partners": "Kept partner",
            "contact_email": "not-an-address",
            "action": "submit",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    top = html.split('class="form-errors"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_title"' in top and 'href="#id_contact_email"' in top
    assert '<p class="error" id="id_title_error">' in html
    assert "Kept summary.</textarea>" in html and "Kept partner</textarea>" in html
    assert re.search(r'value="SEN"[^>]*checked|checked[^>]*value="SEN"', html)
    assert not Practice.objects.exists()


def test_a_practice_without_a_country_or_global_is_refused_at_the_countries_list(client, contributor, senegal):
    client.force_login(contributor)
    response = client.post(reverse("practices:submit"), {"title": "T", "summary": "S", "action": "submit"})
    html = response.content.decode()
    assert 'href="#id_countries"' in html and "Choose at least one country" in html
    assert not Practice.objects.exists()


# --- e-mails: links to the address the request came to, in the recipient's language ---------------------


def test_the_editors_notice_links_to_the_queue_on_the_request_s_host(
    client, contributor, editor, senegal, mail_dir, other_host, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practices:submit"),
            {"title": "T", "summary": "S", "countries": ["SEN"], "action": "submit"},
            HTTP_HOST=HOST,
        )
    [message] = mail_to(mail_dir, "editor@example.org")
    assert f"http://{HOST}/practices/queue/" in message
    assert "127.0.0.1:8000" not in message
    assert "You receive this message because you are an editor of the GFMD Portal." in message


def test_the_decision_e_mail_links_to_the_request_s_host_in_the_submitter_s_language(
    client, contributor, editor, senegal, mail_dir, other_host, django_capture_on_commit_callbacks
):
    contributor.language = "fr"
    contributor.save()
    practice = waiting_practice(contributor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practices:moderate", args=[practice.pk]), {"action": "published", "comment": ""}, HTTP_HOST=HOST
        )
    [message] = mail_to(mail_dir, "amina@example.org")
    assert f"http://{HOST}/fr/practices/{practice.pk}/" in message
    assert "Publiée" in message or "publiée" in message
    assert "parce que vous avez partagé cette pratique" in message


def test_the_correction_decision_e_mail_links_to_the_request_s_host(
    client, contributor, editor, mali, mail_dir, other_host, django_capture_on_commit_callbacks
):
    contributor.focal_point_for.add(mali)
    proposal = CorrectionProposal.objects.create(country=mali, proposer=contributor, changes={"background": "New."})
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:correction", args=[proposal.pk]),
            {"decision": "decline", "comment": "No source."},
            HTTP_HOST=HOST,
        )
    [message] = mail_to(mail_dir, "amina@example.org")
    assert f"http://{HOST}/countries/mli/" in message
    assert "because you proposed this correction" in message


# --- the review step ----------------------------------------------------------------------------------------


def test_review_and_submit_saves_a_draft_and_shows_it_as_published_with_the_submit_button(
    client, contributor, senegal, mail_dir
):
    client.force_login(contributor)
    response = client.post(
        reverse("practices:submit"),
        {"title": "Diaspora bonds", "summary": "Bonds.", "countries": ["SEN"], "action": "review"},
        follow=True,
    )
    practice = Practice.objects.get(title="Diaspora bonds")
    assert practice.status == "draft"
    html = response.content.decode()
    assert "Check, then submit for review" in html and "Ms. Amina DIALLO" in html
    assert f'action="/practices/{practice.pk}/send/"' in html
    assert mail_to(mail_dir, "editor@example.org") == []  # nothing sent before the submitter says so

    sent = client.post(reverse("practices:send", args=[practice.pk]), follow=True)
    practice.refresh_from_db()
    assert practice.status == "submitted"
    assert "submitted for review" in sent.content.decode()
    assert "Check, then submit for review" not in sent.content.decode()


def test_only_the_submitter_may_send_a_draft_and_only_by_post(client, contributor, other_contributor, senegal):
    practice = Practice.objects.create(title="T", summary="S", submitter=contributor, status="draft")
    client.force_login(other_contributor)
    assert client.post(reverse("practices:send", args=[practice.pk])).status_code == 404
    client.force_login(contributor)
    assert client.get(reverse("practices:send", args=[practice.pk])).status_code == 405
    practice.refresh_from_db()
    assert practice.status == "draft"


def test_sending_a_practice_twice_says_why_and_changes_nothing(client, contributor, senegal):
    practice = waiting_practice(contributor)
    client.force_login(contributor)
    response = client.post(reverse("practices:send", args=[practice.pk]), follow=True)
    assert "cannot become submitted" in response.content.decode()
    assert practice.transitions.count() == 0

"""The one rule of what people see (``Practice.objects.published()`` and ``visible_to`` built on it):
a practice that is not published is absent from every public path, its contributor sees it, an
editor sees everything."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.practices.models import GCMObjective, Practice, Theme

HIDDEN_STATES = [
    Practice.Status.DRAFT,
    Practice.Status.SUBMITTED,
    Practice.Status.CHANGES_REQUESTED,
    Practice.Status.REJECTED,
    Practice.Status.WITHDRAWN,
]


@pytest.fixture
def theme(reference_data):
    return Theme.objects.order_by("pk").first()


@pytest.fixture
def objective(reference_data):
    return GCMObjective.objects.get(number=19)


def tagged(practice, mali, theme, objective):
    practice.countries.add(mali)
    practice.themes.add(theme)
    practice.gcm_objectives.add(objective)
    return practice


@pytest.fixture
def shown(mali, theme, objective):
    practice = Practice.objects.create(title="Shown zebra crossing", summary="zebra", status=Practice.Status.PUBLISHED)
    return tagged(practice, mali, theme, objective)


@pytest.fixture
def hidden(mali, theme, objective, contributor, shown):
    """A practice of the contributor's in each state the public never sees, and a merged one."""
    practices = [
        tagged(
            Practice.objects.create(
                title=f"Hidden zebra {state}", summary="zebra", status=state, submitter=contributor
            ),
            mali,
            theme,
            objective,
        )
        for state in HIDDEN_STATES
    ]
    merged = Practice.objects.create(
        title="Hidden zebra merged", summary="zebra", status=Practice.Status.PUBLISHED, merged_into=shown
    )
    return [*practices, tagged(merged, mali, theme, objective)]


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def public_paths(theme, objective) -> list[str]:
    return [
        "/practices/?q=zebra",
        "/practices/",
        "/countries/mli/",
        f"/themes/{theme.slug}/",
        f"/gcm-objectives/{objective.number}/",
        "/feeds/countries/mli/",
        f"/feeds/themes/{theme.slug}/",
        f"/feeds/gcm-objectives/{objective.number}/",
        "/exports/practices.csv",
        "/exports/practices.json",
        "/api/v1/practices/?page_size=500",
        "/sitemap-practices.xml",
    ]


def test_no_public_path_shows_a_practice_that_is_not_published(client, shown, hidden, theme, objective):
    for path in public_paths(theme, objective):
        text = body(client.get(path))
        assert "Hidden zebra" not in text, path
        for practice in hidden:
            assert f"/practices/{practice.pk}/" not in text, path
    assert "Shown zebra crossing" in body(client.get(f"/themes/{theme.slug}/"))
    for practice in hidden[:-1]:
        assert client.get(f"/practices/{practice.pk}/").status_code == 404
        assert client.get(f"/api/v1/practices/{practice.pk}/").status_code == 404


def test_the_objective_list_counts_published_practices_only(client, shown, hidden, objective):
    html = body(client.get("/gcm-objectives/"))
    count = Practice.objects.published().filter(gcm_objectives=objective).count()
    assert count == 1
    assert f'<a href="/gcm-objectives/{objective.number}/">' in html
    assert html.split(f'/gcm-objectives/{objective.number}/"', 1)[1].split("</li>")[0].count("(1 practice)") == 1


def test_a_contributor_sees_their_own_practices_on_their_pages_and_in_the_api(client, contributor, hidden):
    client.force_login(contributor)
    token = Token.objects.create(user=contributor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for practice in hidden[:-1]:
        page = body(client.get(f"/practices/{practice.pk}/"))
        assert practice.title in page and 'name="robots" content="noindex"' in page and "Not public" in page
        assert api.get(f"/api/v1/practices/{practice.pk}/").json()["title"] == practice.title


def test_someone_else_signed_in_does_not_see_them(client, other_contributor, hidden):
    client.force_login(other_contributor)
    for practice in hidden[:-1]:
        assert client.get(f"/practices/{practice.pk}/").status_code == 404


def test_an_editor_sees_every_state(client, editor, hidden):
    client.force_login(editor)
    for practice in hidden[:-1]:
        assert practice.title in body(client.get(f"/practices/{practice.pk}/"))
    assert set(Practice.objects.visible_to(editor)) >= set(hidden)


def test_a_merged_record_leads_to_the_one_kept(client, shown, hidden):
    response = client.get(f"/practices/{hidden[-1].pk}/")
    assert response.status_code == 301 and response["Location"] == f"/practices/{shown.pk}/"


def test_the_published_page_carries_no_notice_and_may_be_indexed(client, shown):
    page = body(client.get(f"/practices/{shown.pk}/"))
    assert "Not public" not in page and 'content="noindex"' not in page
    assert "application/ld+json" in page

"""One way to write a practice (``services.save_practice``): the contribution form and the API store
the same record from the same input, sources included, and refuse bad sources without writing."""

import pytest
from django.urls import reverse

from portal.practices.models import GCMObjective, Practice, SDGTarget, Theme

FIELDS = {
    "summary": "The ministry issues bonds to its diaspora and invests the proceeds in rural infrastructure.",
    "body": "Three issues since 2015.",
    "partners": "Central bank",
    "submitter_kind": "government",
    "contact_name": "A. Diallo",
    "contact_email": "contact@example.org",
}
SOURCES = ["GFMD 2013-2014 – Thematic meeting on  diaspora", "", "  Mayors Mechanism call  "]


def stored(practice: Practice) -> dict:
    """What was written, without what tells two records apart (id, title, times)."""
    return {
        **{name: getattr(practice, name) for name in FIELDS},
        "language": practice.language,
        "status": practice.status,
        "submitter": practice.submitter_id,
        "countries": sorted(practice.countries.values_list("iso3", flat=True)),
        "themes": sorted(practice.themes.values_list("slug", flat=True)),
        "gcm_objectives": sorted(practice.gcm_objectives.values_list("number", flat=True)),
        "sdg_targets": sorted(practice.sdg_targets.values_list("code", flat=True)),
        "sources": list(practice.sources.values_list("text", "edition__label")),
        "steps": list(practice.transitions.values_list("from_status", "to_status", "actor")),
    }


@pytest.fixture
def tags(reference_data):
    return Theme.objects.order_by("pk").first(), GCMObjective.objects.get(number=19), SDGTarget.objects.first()


def test_the_form_and_the_api_store_the_same_practice_sources_included(client, editor, editor_api, tags):
    theme, objective, target = tags
    client.force_login(editor)
    response = client.post(
        reverse("practices:submit"),
        {
            **FIELDS,
            "title": "Through the form",
            "countries": ["SEN"],
            "themes": [theme.pk],
            "gcm_objectives": [objective.pk],
            "sdg_targets": [target.pk],
            "sources_text": "\n".join(SOURCES),
            "action": "save",
        },
    )
    assert response.status_code == 302
    response = editor_api.post(
        "/api/v1/practices/",
        {
            **FIELDS,
            "title": "Through the API",
            "countries": ["SEN"],
            "themes": [theme.slug],
            "gcm_objectives": [objective.number],
            "sdg_targets": [target.code],
            "sources": [{"text": text} for text in SOURCES],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    by_form = Practice.objects.get(title="Through the form")
    by_api = Practice.objects.get(title="Through the API")
    assert stored(by_api) == stored(by_form)
    assert stored(by_api)["sources"] == [
        ("GFMD 2013-2014 – Thematic meeting on diaspora", "2013-2014"),
        ("Mayors Mechanism call", None),
    ]
    assert [source["text"] for source in response.json()["sources"]] == [text for text, _ in stored(by_api)["sources"]]


def test_an_api_update_replaces_the_sources_when_given_and_keeps_them_otherwise(editor_api, reference_data):
    created = editor_api.post(
        "/api/v1/practices/",
        {"title": "T", "summary": "S", "is_global": True, "sources": [{"text": "GFMD 2019 – Quito summit"}]},
        format="json",
    ).json()
    practice = Practice.objects.get(title="T")
    assert list(practice.sources.values_list("text", "edition__label")) == [("GFMD 2019 – Quito summit", "2019")]
    assert editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"body": "More."}, format="json").status_code == 200
    assert practice.sources.count() == 1
    response = editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"sources": []}, format="json")
    assert response.status_code == 200 and response.json()["sources"] == []
    assert not practice.sources.exists()
    assert created["sources"][0]["edition"] == "2019"


def test_sources_of_the_wrong_shape_are_refused_and_nothing_is_written(editor_api, reference_data):
    response = editor_api.post(
        "/api/v1/practices/", {"title": "Bad", "summary": "S", "sources": "GFMD 2019"}, format="json"
    )
    assert response.status_code == 400
    assert "sources" in response.content.decode()
    assert not Practice.objects.filter(title="Bad").exists()


def test_the_api_refuses_a_practice_without_a_place_as_the_form_does_and_writes_nothing(editor_api, reference_data):
    response = editor_api.post("/api/v1/practices/", {"title": "Nowhere", "summary": "S"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"countries": ["Choose at least one country, or tick “Global”."]}
    assert not Practice.objects.filter(title="Nowhere").exists()

    placed = editor_api.post(
        "/api/v1/practices/", {"title": "Placed", "summary": "S", "countries": ["MLI"]}, format="json"
    )
    assert placed.status_code == 201
    practice = Practice.objects.get(title="Placed")
    response = editor_api.patch(
        f"/api/v1/practices/{practice.pk}/", {"title": "Changed", "countries": []}, format="json"
    )
    assert response.status_code == 400
    practice.refresh_from_db()
    assert practice.title == "Placed"
    assert list(practice.countries.values_list("iso3", flat=True)) == ["MLI"]


@pytest.mark.parametrize("objective", [1.5, True, "1.5", "²", None])
def test_a_gcm_objective_is_named_by_a_whole_number_only(editor_api, reference_data, objective):
    response = editor_api.post(
        "/api/v1/practices/",
        {"title": "Odd", "summary": "S", "is_global": True, "gcm_objectives": [objective]},
        format="json",
    )
    assert response.status_code == 400
    assert "gcm_objectives" in response.json()["error"]["fields"]
    assert not Practice.objects.filter(title="Odd").exists()


def test_a_gcm_objective_by_its_number_as_a_number_or_a_text(editor_api, reference_data):
    for title, objective in (("By number", 5), ("By text", "5")):
        response = editor_api.post(
            "/api/v1/practices/",
            {"title": title, "summary": "S", "is_global": True, "gcm_objectives": [objective]},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert list(Practice.objects.get(title=title).gcm_objectives.values_list("number", flat=True)) == [5]


def test_a_practice_stored_without_a_place_can_still_be_edited_without_giving_one(editor_api, editor, reference_data):
    # The old portal's CSV import and the admin can store one; the place is checked when it is written.
    practice = Practice.objects.create(title="Imported", summary="S", submitter=editor, status="draft")
    response = editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"title": "Retitled"}, format="json")
    assert response.status_code == 200, response.content
    practice.refresh_from_db()
    assert practice.title == "Retitled"
    response = editor_api.patch(f"/api/v1/practices/{practice.pk}/", {"is_global": False}, format="json")
    assert response.status_code == 400

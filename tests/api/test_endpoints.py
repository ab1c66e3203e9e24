"""Each collection of /api/v1/: list, one record, filters, ordering and pages."""

import pytest

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, Participation, Roundtable
from portal.practices.models import GCMObjective, SDGTarget, Theme
from tests import factories


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_front_page_lists_every_collection(api, db):
    body = api.get("/api/v1/").json()
    assert set(body["collections"]) == {
        "countries",
        "editions",
        "meetings",
        "roundtables",
        "participation",
        "practices",
        "themes",
        "gcm-objectives",
        "sdg-targets",
        "external-resources",
    }
    assert body["schema"].endswith("/api/v1/schema/") and body["docs"].endswith("/api/v1/docs/")


# --- countries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["mli", "MLI", "Mli"])
def test_a_country_by_its_iso3_code_in_any_case(api, mali, code):
    body = api.get(f"/api/v1/countries/{code}/").json()
    assert body["iso3"] == "MLI" and body["iso2"] == "ML" and body["name"] == "Mali"
    assert (body["longitude"], body["latitude"]) == (-4, 17)
    assert body["wkt"] == "POINT (-4 17)"
    assert body["url"] == "http://testserver/countries/mli/"


def test_countries_filter_like_the_country_list(api, reference_data):
    assert {row["iso3"] for row in results(api.get("/api/v1/countries/?q=mal&page_size=500"))} >= {"MLI", "MLT"}
    assert [row["iso3"] for row in results(api.get("/api/v1/countries/?q=ml"))] == ["MLI"]  # ISO2 code
    africa = results(api.get("/api/v1/countries/?region=africa&page_size=500"))
    assert africa and all(row["region"] == "Africa" for row in africa)
    assert [row["iso3"] for row in results(api.get("/api/v1/countries/?iso3=sen,mli&ordering=iso3"))] == [
        "MLI",
        "SEN",
    ]


def test_countries_and_participations_refuse_an_unknown_region_or_sub_region_and_take_them_in_any_case(api, mali):
    subregion = Country.objects.get(iso3="MLI").subregion
    assert subregion
    near = results(api.get("/api/v1/countries/", {"subregion": subregion.swapcase(), "page_size": 500}))
    assert "MLI" in {row["iso3"] for row in near} and {row["subregion"] for row in near} == {subregion}
    for path in ("/api/v1/countries/?region=Atlantis", "/api/v1/participation/?region=Atlantis"):
        refused = api.get(path)
        assert refused.status_code == 400, path
        assert refused.json()["error"]["fields"]["region"] == [
            "Select a valid choice. Atlantis is not one of the available choices."
        ]
    refused = api.get("/api/v1/countries/?subregion=Atlantis")
    assert refused.status_code == 400 and "subregion" in refused.json()["error"]["fields"]
    records = results(api.get("/api/v1/participation/?region=africa&page_size=500"))
    assert records and {row["country"] for row in records} == {"MLI"}


def test_countries_come_in_pages(api, reference_data):
    body = api.get("/api/v1/countries/").json()
    assert body["count"] == 249 and len(body["results"]) == 50
    assert body["next"] == "http://testserver/api/v1/countries/?page=2" and body["previous"] is None
    last = api.get("/api/v1/countries/?page=5").json()
    assert len(last["results"]) == 49 and last["next"] is None
    assert len(results(api.get("/api/v1/countries/?page_size=10"))) == 10
    assert len(results(api.get("/api/v1/countries/?page_size=500"))) == 249
    assert len(results(api.get("/api/v1/countries/?page_size=&page="))) == 50
    for wrong in ("0", "501", "-1", "ten"):
        response = api.get(f"/api/v1/countries/?page_size={wrong}")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"page_size": ["A whole number from 1 to 500."]}
    assert api.get("/api/v1/countries/?page=99").status_code == 404


def test_countries_order_by_any_listed_field(api, reference_data):
    names = [row["name"] for row in results(api.get("/api/v1/countries/?ordering=-name&page_size=3"))]
    assert names == sorted(names, reverse=True)
    codes = [row["iso3"] for row in results(api.get("/api/v1/countries/?ordering=iso3&page_size=3"))]
    assert codes == ["ABW", "AFG", "AGO"]
    # An unknown field is ignored rather than refused.
    assert api.get("/api/v1/countries/?ordering=background").status_code == 200


def test_external_resources(api, mali):
    rows = results(api.get("/api/v1/external-resources/?country=mli"))
    assert rows and all("MLI" in row["countries"] for row in rows)
    assert results(api.get("/api/v1/external-resources/?country=SEN")) == []
    one = api.get(f"/api/v1/external-resources/{rows[0]['id']}/").json()
    assert one["text"] == rows[0]["text"]


# --- the Forum ----------------------------------------------------------------------------------


def test_editions_by_label(api, reference_data):
    rows = results(api.get("/api/v1/editions/"))
    assert [row["label"] for row in rows][:2] == ["2007", "2008"]
    assert [row["label"] for row in results(api.get("/api/v1/editions/?year=2013"))] == ["2013-2014"]
    body = api.get("/api/v1/editions/2013-2014/").json()
    assert body["label"] == "2013-2014" and body["url"] == "http://testserver/editions/2013-2014/"
    assert body["summit_country"] == Edition.objects.get(label="2013-2014").summit_country.iso3
    assert api.get("/api/v1/editions/1999/").status_code == 404


def test_meetings_filter_by_edition_kind_country_and_year(api, mali):
    thematic = results(api.get("/api/v1/meetings/?kind=thematic_meeting&page_size=500"))
    assert thematic and all(row["kind"] == "thematic_meeting" for row in thematic)
    assert len(thematic) == Meeting.objects.filter(kind="thematic_meeting").count()
    label = thematic[0]["edition"]
    in_edition = results(api.get(f"/api/v1/meetings/?edition={label}&page_size=500"))
    assert {row["edition"] for row in in_edition} == {label}
    assert len(in_edition) == Meeting.objects.filter(edition__label=label).count()
    hosted = Meeting.objects.exclude(country=None).select_related("country").first()
    rows = results(api.get(f"/api/v1/meetings/?country={hosted.country.iso3.lower()}&page_size=500"))
    assert rows and all(row["country"] == hosted.country.iso3 for row in rows)
    dated = Meeting.objects.exclude(start_date=None).first()
    year = results(api.get(f"/api/v1/meetings/?year={dated.start_date.year}&page_size=500"))
    assert year and all(row["start_date"].startswith(str(dated.start_date.year)) for row in year)
    first = in_edition[0]
    assert api.get(f"/api/v1/meetings/{first['id']}/").json() == first


def test_roundtables_filter_by_edition_and_code(api, mali):
    rows = results(api.get("/api/v1/roundtables/?edition=2007&code=RT%202&page_size=500"))
    assert rows and all(row["code"].startswith("RT 2") and row["edition"] == "2007" for row in rows)
    assert len(results(api.get("/api/v1/roundtables/?page_size=500"))) == min(Roundtable.objects.count(), 500)


def test_participation_filters_like_the_matrix(api, mali):
    assert api.get("/api/v1/participation/").json()["count"] == 12
    assert api.get("/api/v1/participation/?country=MLI").json()["count"] == 12
    assert api.get("/api/v1/participation/?region=Europe").json()["count"] == 0
    (record,) = results(api.get("/api/v1/participation/?country=mli&edition=2007"))
    assert record["attended_meeting"] is True
    assert record["roundtable_roles"][0]["code"] == "RT 2.4"
    summits = api.get("/api/v1/participation/?attended_summit=true").json()["count"]
    assert summits == Participation.objects.filter(attended_summit=True).count()
    with_meetings = [row for row in results(api.get("/api/v1/participation/?page_size=50")) if row["meeting_roles"]]
    assert with_meetings and with_meetings[0]["meeting_roles"][0]["title"]


# --- practices and taxonomies --------------------------------------------------------------------


def test_practices_show_codes_and_the_submitters_name(api, mali):
    body = api.get("/api/v1/practices/").json()
    assert body["count"] == 8
    practice = body["results"][0]
    assert practice["countries"] == ["MLI"]
    assert practice["submitter"] == "Ms. Laurence BRON"
    assert practice["url"] == f"http://testserver/practices/{practice['id']}/"
    assert {"themes", "gcm_objectives", "sdg_targets", "sources", "date_shared"} <= set(practice)
    assert api.get(f"/api/v1/practices/{practice['id']}/").json() == practice


def test_a_list_page_shows_each_practices_codes_in_order_as_its_own_page_does(api, reference_data):
    # The list reads a page's codes in one query per relation; a single practice reads its relations.
    themes = list(Theme.objects.order_by("slug").values_list("slug", flat=True)[:3])
    # Denmark comes before Germany by name, DNK after DEU by code: codes are in code order everywhere.
    linked = factories.practice("Linked", countries=["SEN", "DNK", "DEU"], themes=themes[::-1])
    linked.gcm_objectives.set(GCMObjective.objects.filter(number__in=[19, 2]))
    linked.sdg_targets.set(SDGTarget.objects.filter(code__in=["10.7", "10.c"]))
    factories.practice("Unlinked", countries=[])
    listed = {practice["title"]: practice for practice in results(api.get("/api/v1/practices/"))}
    assert listed["Linked"]["countries"] == ["DEU", "DNK", "SEN"]
    assert listed["Linked"]["themes"] == sorted(themes)
    assert listed["Linked"]["gcm_objectives"] == [2, 19]
    assert listed["Linked"]["sdg_targets"] == ["10.7", "10.c"]
    assert [listed["Unlinked"][name] for name in ("countries", "themes", "gcm_objectives", "sdg_targets")] == [[]] * 4
    for practice in listed.values():
        assert api.get(f"/api/v1/practices/{practice['id']}/").json() == practice


def test_a_practice_with_taxonomies_and_sources(api, editor_api, mali):
    theme = Theme.objects.order_by("slug").first()
    created = editor_api.post(
        "/api/v1/practices/",
        {
            "title": "Migrant resource centres",
            "summary": "One-stop shops.",
            "countries": ["sen", "MLI"],
            "themes": [theme.slug],
            "gcm_objectives": [19, 2],
            "sdg_targets": ["10.7"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["countries"] == ["MLI", "SEN"]
    assert body["gcm_objectives"] == [2, 19]
    assert body["sdg_targets"] == ["10.7"] and body["themes"] == [theme.slug]
    assert body["status"] == "draft"
    # The answer to a write shows the record as reading it again does, codes in the same order.
    assert editor_api.get(f"/api/v1/practices/{body['id']}/").json() == body


def test_taxonomies(api, reference_data):
    objectives = results(api.get("/api/v1/gcm-objectives/"))
    assert [row["number"] for row in objectives] == list(range(1, 24))
    assert api.get("/api/v1/gcm-objectives/19/").json()["number"] == 19
    assert GCMObjective.objects.count() == 23
    target = api.get("/api/v1/sdg-targets/10.7/").json()
    assert target["code"] == "10.7"
    goal = results(api.get("/api/v1/sdg-targets/?goal=10"))
    assert goal and all(row["code"].startswith("10.") for row in goal)
    assert len(goal) == SDGTarget.objects.filter(code__startswith="10.").count()
    themes = results(api.get("/api/v1/themes/?page_size=500"))
    assert len(themes) == Theme.objects.count()
    parent = Theme.objects.order_by("pk").first()
    child = Theme.objects.create(name="A sub-theme", slug="a-sub-theme", parent=parent)
    assert api.get(f"/api/v1/themes/{child.slug}/").json()["parent"] == child.parent.slug
    top = results(api.get("/api/v1/themes/?parent=none&page_size=500"))
    assert top and all(row["parent"] is None for row in top)


def test_practices_take_the_search_pages_filters(api, secret_practices, mali):
    public = secret_practices["public"]
    public.date_shared = "2021-06-01"
    public.submitter_kind = "government"
    public.save()
    public.gcm_objectives.add(GCMObjective.objects.get(number=19))

    def ids(query: str) -> set[int]:
        return {row["id"] for row in results(api.get(f"/api/v1/practices/?page_size=500&{query}"))}

    assert ids("country=mli") == ids("country=MLI") and len(ids("country=MLI")) == 9
    assert ids("country=SEN") == set()
    assert ids("region=Africa") == ids("")
    assert ids("year=2021") == {public.pk}
    assert ids("kind=government") == {public.pk}
    assert ids("gcm=19") == {public.pk}
    assert public.pk in ids("q=diaspora bonds")
    assert ids("q=diaspora bonds&sort=date")  # the same filter's sort parameter
    response = api.get("/api/v1/practices/?country=XYZ")
    assert response.status_code == 400
    assert "country" in response.json()["error"]["fields"]
    # Drafts stay out whatever the filters say.
    assert secret_practices["draft"].pk not in ids("q=remittances")


def test_practices_take_a_region_in_any_case_refuse_an_unknown_one_and_list_them_in_the_document(api, mali):
    ids = [row["id"] for row in results(api.get("/api/v1/practices/?page_size=500&region=Africa"))]
    assert ids and [row["id"] for row in results(api.get("/api/v1/practices/?page_size=500&region=aFRICA"))] == ids
    refused = api.get("/api/v1/practices/?region=Atlantis")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["region"] == [
        "Select a valid choice. Atlantis is not one of the available choices."
    ]
    document = api.get("/api/v1/schema/?format=json").json()
    [region] = [p for p in document["paths"]["/api/v1/practices/"]["get"]["parameters"] if p["name"] == "region"]
    assert "Africa" in region["schema"]["enum"] and "Atlantis" not in region["schema"]["enum"]

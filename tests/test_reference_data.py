import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, Roundtable
from portal.practices.models import GCMObjective, SDGTarget, Theme

MODELS = [Country, Edition, Meeting, Roundtable, GCMObjective, SDGTarget, Theme]


def load() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def loaded(db) -> str:
    return load()


def test_first_run_creates_every_iso_country_and_says_so(loaded):
    assert Country.objects.count() == 249
    assert "countries: 249 created, 0 already present" in loaded


def test_mali_row_holds_codes_official_name_regions_and_coordinates(loaded):
    mali = Country.objects.get(iso3="MLI")
    assert (mali.iso2, mali.iso3, mali.numeric) == ("ML", "MLI", "466")
    assert mali.name == "Mali"
    assert mali.official_name == "Republic of Mali"
    assert (mali.region, mali.subregion, mali.intermediate_region) == ("Africa", "Sub-Saharan Africa", "Western Africa")
    assert mali.latitude == Decimal("17")
    assert mali.longitude == Decimal("-4")


def test_georgia_longitude_keeps_its_half_degree(loaded):
    georgia = Country.objects.get(iso3="GEO")
    assert georgia.longitude == Decimal("43.5")
    assert georgia.latitude == Decimal("42")


def test_official_name_falls_back_to_the_short_name_when_iso_has_none(loaded):
    georgia = Country.objects.get(iso3="GEO")
    assert georgia.official_name == georgia.name == "Georgia"


def test_countries_without_a_point_or_region_keep_those_fields_empty(loaded):
    assert Country.objects.filter(latitude__isnull=True).count() == 12
    assert Country.objects.filter(longitude__isnull=True).count() == 12
    assert Country.objects.filter(region="").count() == 2
    antarctica = Country.objects.get(iso3="ATA")
    assert antarctica.region == "" and antarctica.latitude is None


def test_fifteen_editions_with_their_labels_in_order(loaded):
    labels = list(Edition.objects.order_by("ordinal").values_list("label", flat=True))
    assert labels == [
        "2007",
        "2008",
        "2009",
        "2010",
        "2011",
        "2012",
        "2013-2014",
        "2014-2015",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "2022-2023",
        "2024-2025",
    ]


def test_swedish_chairmanship_has_its_dates_and_others_have_none(loaded):
    sweden = Edition.objects.get(label="2013-2014")
    assert sweden.chair == "Sweden"
    assert sweden.chair_start == datetime.date(2013, 1, 1)
    assert sweden.chair_end == datetime.date(2014, 6, 30)
    assert Edition.objects.filter(chair_start__isnull=False).count() == 1


def test_2011_edition_had_no_summit_but_a_concluding_debate_in_geneva(loaded):
    edition = Edition.objects.get(ordinal=5)
    assert edition.summit_city == ""
    assert edition.summit_country is None
    assert edition.summit_start is None and edition.summit_end is None
    assert "Concluding Debate" in edition.summit_note
    debate = Meeting.objects.get(edition=edition, kind=Meeting.Kind.CONCLUDING_DEBATE)
    assert (debate.start_date, debate.end_date) == (datetime.date(2011, 12, 1), datetime.date(2011, 12, 2))
    assert debate.city == "Geneva" and debate.country.iso3 == "CHE"


def test_every_edition_names_its_source(loaded):
    assert not Edition.objects.filter(source_url="").exists()
    assert Edition.objects.get(ordinal=1).source_url == "http://www.gfmd.org/meetings/belgium2007"


def test_summits_are_linked_to_their_host_country(loaded):
    assert Edition.objects.get(label="2013-2014").summit_country.iso3 == "SWE"
    ecuador = Edition.objects.get(label="2019")
    assert ecuador.summit_start == datetime.date(2020, 1, 20)
    assert "November 2019" in ecuador.summit_note
    online = Edition.objects.get(label="2020")
    assert online.summit_country is None and online.summit_note


def test_mali_pages_meetings_exist_with_their_dates_and_places(loaded):
    meeting = Meeting.objects.get(kind=Meeting.Kind.THEMATIC_MEETING, edition__label="2013-2014")
    assert meeting.title.startswith("Recruitment, labour migration and diaspora:")
    assert meeting.start_date == datetime.date(2013, 9, 11)
    assert (meeting.city, meeting.country.iso3) == ("Geneva", "CHE")
    workshop = Meeting.objects.get(kind=Meeting.Kind.THEMATIC_WORKSHOP, edition__label="2018")
    assert workshop.title == "Migration for Development: a roadmap to achieving the SDGs"
    assert (workshop.start_date, workshop.end_date) == (datetime.date(2018, 4, 18), datetime.date(2018, 4, 19))
    assert (workshop.city, workshop.country.iso3) == ("Skhirat", "MAR")
    assert Meeting.objects.count() == 3


def test_roundtables_exist_with_exact_codes_per_edition(loaded):
    codes = {
        label: set(Roundtable.objects.filter(edition__label=label).values_list("code", flat=True))
        for label in ["2007", "2008", "2011", "2012", "2018"]
    }
    assert codes == {
        "2007": {"RT 1", "RT 2", "RT 3", "RT 2.4"},
        "2008": {"RT 1", "RT 2", "RT 3"},
        "2011": {"Cluster I", "Cluster II", "Cluster III"},
        "2012": {"RT 1", "RT 2", "RT 1.2"},
        "2018": {"RT 1", "RT 2", "RT 3", "RT 1.1", "RT 2.1", "RT 2.2"},
    }
    assert Roundtable.objects.count() == 19


def test_a_session_carries_its_roundtables_title_and_its_own(loaded):
    session = Roundtable.objects.get(edition__label="2007", code="RT 2.4")
    assert session.title == "Remittances and other diaspora resources"
    assert session.session_title == "Working with the diaspora for development"
    rt_2_2 = Roundtable.objects.get(edition__label="2018", code="RT 2.2")
    assert rt_2_2.title == Roundtable.objects.get(edition__label="2018", code="RT 2").title
    assert rt_2_2.session_title == "Regional mobility and policy coherence to support development"
    assert (
        Roundtable.objects.get(edition__label="2012", code="RT 1.2").title
        == "Circulating Labour for Inclusive Development"
    )
    assert Roundtable.objects.get(edition__label="2011", code="Cluster III").session_title == ""


def test_twenty_three_gcm_objectives_with_short_labels_and_no_full_title(loaded):
    assert list(GCMObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert GCMObjective.objects.get(number=1).short_label == "Data"
    assert GCMObjective.objects.get(number=23).short_label == "International cooperation"
    assert not GCMObjective.objects.exclude(title="").exists()


def test_sdg_targets_seeded_with_migration_target(loaded):
    assert set(SDGTarget.objects.values_list("code", flat=True)) == {"8.7", "8.8", "10.7", "10.c", "16.2", "17.18"}
    assert SDGTarget.objects.get(code="10.7").title.startswith("Facilitate orderly, safe, regular and responsible")


def test_themes_include_the_top_areas_and_the_entrepreneurship_listing(loaded):
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert {"development-planning", "policy-coherence-data-and-research", "migration-management"} <= slugs
    assert {"policy-coherence", "evidence-base", "mainstreaming-migration-into-development-planning"} <= slugs
    entrepreneurship = Theme.objects.get(slug="migration-and-entrepreneurship")
    assert entrepreneurship.name == "Migration and Entrepreneurship"
    assert entrepreneurship.parent is None
    assert Theme.objects.count() == 13


def test_second_run_creates_nothing(loaded):
    before = counts()
    second = load()
    assert counts() == before
    lines = second.strip().splitlines()
    assert len(lines) == 9
    assert all(" 0 created," in line for line in lines[:8])
    assert lines[8] == "editors group: already present"
    assert "countries: 0 created, 249 already present" in lines
    assert "editions: 0 created, 15 already present" in lines


def test_editors_changes_survive_a_rerun(loaded):
    Country.objects.filter(iso3="MLI").update(official_name="République du Mali")
    Edition.objects.filter(ordinal=2).update(theme="Edited by an editor")
    Roundtable.objects.filter(edition__ordinal=1, code="RT 2.4").update(session_title="Edited session")
    load()
    assert Country.objects.get(iso3="MLI").official_name == "République du Mali"
    assert Edition.objects.get(ordinal=2).theme == "Edited by an editor"
    assert Roundtable.objects.get(edition__ordinal=1, code="RT 2.4").session_title == "Edited session"


def test_a_deleted_country_comes_back_on_rerun(loaded):
    Country.objects.filter(iso3="GEO").delete()
    assert Country.objects.count() == 248
    output = load()
    assert "countries: 1 created, 248 already present" in output
    assert Country.objects.get(iso3="GEO").longitude == Decimal("43.5")


def test_a_deleted_edition_comes_back_with_its_roundtables(loaded):
    Edition.objects.filter(ordinal=1).delete()  # cascades to its roundtables
    output = load()
    assert "editions: 1 created, 14 already present" in output
    assert "roundtables: 4 created, 15 already present" in output
    assert Edition.objects.get(ordinal=1).summit_country.iso3 == "BEL"


def test_an_editor_may_rename_a_reference_meeting_without_it_coming_back(loaded):
    meeting = Meeting.objects.get(kind=Meeting.Kind.THEMATIC_WORKSHOP)
    meeting.title = "Migration for Development: a roadmap to achieving the SDGs (corrected)"
    meeting.start_date = datetime.date(2018, 4, 17)
    meeting.save()
    output = load()
    assert "meetings: 0 created, 3 already present" in output
    assert Meeting.objects.filter(kind=Meeting.Kind.THEMATIC_WORKSHOP).count() == 1


def test_un_member_states_are_marked_with_their_year_of_admission(loaded):
    assert Country.objects.filter(un_member_since__isnull=False).count() == 193
    assert Country.objects.get(iso3="MLI").un_member_since == 1960
    assert Country.objects.get(iso3="VAT").un_member_since is None  # an observer, not a member


def test_every_reference_text_of_the_editions_has_french_and_spanish():
    from portal.forum.reference_data import EDITIONS, MEETINGS, ROUNDTABLES, TRANSLATIONS

    texts = {record[name] for record in EDITIONS for name in ("chair", "theme", "summit_city", "summit_note")}
    texts |= {record[name] for record in MEETINGS for name in ("title", "city")}
    texts |= {record[name] for record in ROUNDTABLES for name in ("title", "session_title")}
    assert sorted(texts - {""} - set(TRANSLATIONS)) == []
    assert all(french.strip() and spanish.strip() for french, spanish in TRANSLATIONS.values())


def test_editions_meetings_and_roundtables_are_loaded_in_french_and_spanish(loaded):
    from portal.forum.reference_data import TRANSLATED_REFERENCE_FIELDS

    belgium = Edition.objects.get(ordinal=1)
    assert (belgium.chair_fr, belgium.chair_es, belgium.summit_city_fr, belgium.summit_city_es) == (
        "Belgique",
        "Bélgica",
        "Bruxelles",
        "Bruselas",
    )
    assert Edition.objects.get(ordinal=5).summit_note_fr.startswith("Pas de sommet cette année")
    debate = Meeting.objects.get(kind=Meeting.Kind.CONCLUDING_DEBATE)
    assert (debate.city_fr, debate.city_es) == ("Genève", "Ginebra")
    session = Roundtable.objects.get(edition__ordinal=1, code="RT 2.4")
    assert session.session_title_es == "Trabajar con la diáspora en favor del desarrollo"
    for model, fields in TRANSLATED_REFERENCE_FIELDS:
        for name in fields:
            for language in ("fr", "es"):
                untranslated = model.objects.exclude(**{name: ""}).filter(**{f"{name}_{language}": ""})
                assert not untranslated.exists(), (model.__name__, name, language)


def test_a_rerun_fills_the_translations_missing_from_an_existing_database(loaded):
    Edition.objects.update(chair_fr="", chair_es="", summit_note_fr="")
    Meeting.objects.update(city_es="")
    output = load()
    assert "French and Spanish texts of editions, meetings and roundtables: 38 created," in output
    assert Edition.objects.get(ordinal=7).chair_fr == "Suède"
    assert Edition.objects.get(ordinal=13).summit_note_fr == "Tenu en ligne."
    assert Meeting.objects.get(kind=Meeting.Kind.THEMATIC_WORKSHOP).city_es == "Skhirat"


def test_a_rerun_keeps_an_editors_translation_and_does_not_translate_a_changed_english_text(loaded):
    Edition.objects.filter(ordinal=1).update(chair_fr="Royaume de Belgique")
    Edition.objects.filter(ordinal=2).update(chair="Republic of the Philippines", chair_fr="", chair_es="")
    load()
    assert Edition.objects.get(ordinal=1).chair_fr == "Royaume de Belgique"
    philippines = Edition.objects.get(ordinal=2)
    assert (philippines.chair_fr, philippines.chair_es) == ("", "")


def test_a_rerun_gives_a_french_text_loaded_with_plain_spaces_its_no_break_space_but_keeps_an_edited_one(loaded):
    roundtables = Roundtable.objects.filter(title_fr__contains="\u00a0:")
    loaded_as_before, edited = roundtables[0], roundtables[1]
    old = loaded_as_before.title_fr.replace("\u00a0", " ")
    Roundtable.objects.filter(pk=loaded_as_before.pk).update(title_fr=old)
    Roundtable.objects.filter(pk=edited.pk).update(title_fr="Un titre revu : par un éditeur")
    load()
    assert Roundtable.objects.get(pk=loaded_as_before.pk).title_fr == old.replace(" :", "\u00a0:")
    assert Roundtable.objects.get(pk=edited.pk).title_fr == "Un titre revu : par un éditeur"

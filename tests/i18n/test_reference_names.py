"""Reference data in the reader's language: UN M49 regions, themes, GCM objectives and SDG targets.

The database keeps the English values (they are what filters and addresses use); pages in French and
Spanish show them through the catalogues (portal/core/reference_names.py)."""

import html
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.core.reference_names import (
    OBJECTIVE_LABELS,
    OBJECTIVE_TITLES,
    REGION_NAMES,
    SDG_TARGET_TITLES,
    THEME_NAMES,
    objective_label,
    objective_name,
    objective_title,
    region_name,
    sdg_target_name,
    sdg_target_title,
    theme_name,
    theme_path,
)
from portal.countries.models import Country
from portal.countries.reference import country_rows
from portal.forum.models import Edition
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme
from portal.practices.reference_data import GCM_OBJECTIVES, SDG_TARGETS, THEMES
from portal.subscriptions.models import target_name


def text_of(response) -> str:
    """The page's HTML, entities decoded and white space collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


# --- the tables --------------------------------------------------------------------------------


def test_every_table_key_is_its_own_msgid():
    """Each English value is written twice (key and msgid): the two must not drift apart."""
    with translation.override(None):
        for table in (REGION_NAMES, THEME_NAMES, OBJECTIVE_LABELS, OBJECTIVE_TITLES, SDG_TARGET_TITLES):
            assert [key for key, name in table.items() if str(name) != key] == []


def test_every_value_that_the_loader_creates_has_a_translation():
    rows = country_rows()
    regions = {value for row in rows for value in (row.region, row.subregion, row.intermediate_region) if value}
    assert regions == set(REGION_NAMES)
    assert {record["name"] for record in THEMES} == set(THEME_NAMES)
    assert {record["short_label"] for record in GCM_OBJECTIVES} == set(OBJECTIVE_LABELS)
    assert len(OBJECTIVE_TITLES) == 23
    assert {record["title"] for record in SDG_TARGETS} == set(SDG_TARGET_TITLES)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_name_is_translated_in_both_languages(language):
    """Official names differ from English; only a few are spelt the same in both (Europe, Asia…)."""
    same = {"Europe", "Asia", "Melanesia", "Micronesia"}
    with translation.override(language):
        for table in (REGION_NAMES, THEME_NAMES, OBJECTIVE_LABELS, OBJECTIVE_TITLES, SDG_TARGET_TITLES):
            untranslated = [key for key, name in table.items() if str(name) == key and key not in same]
            assert untranslated == [], language


def test_names_in_french_and_spanish():
    with translation.override("fr"):
        assert region_name("Sub-Saharan Africa") == "Afrique subsaharienne"
        assert region_name("Western Africa") == "Afrique de l'Ouest"
        assert region_name("Latin America and the Caribbean") == "Amérique latine et Caraïbes"
        assert theme_name("Migration Management") == "Gestion des migrations"
        assert objective_label("Remittances") == "Envois de fonds"
        assert sdg_target_title(SDG_TARGETS[2]["title"]).startswith("Faciliter la migration et la mobilité")
    with translation.override("es"):
        assert region_name("Sub-Saharan Africa") == "África subsahariana"
        assert region_name("Western Africa") == "África occidental"
        assert region_name("Latin America and the Caribbean") == "América Latina y el Caribe"
        assert theme_name("Migration Management") == "Gestión de la migración"
        assert objective_label("Remittances") == "Remesas"


def test_the_same_english_word_is_translated_by_its_context():
    """ "Data" is a theme and an objective's label; a region is not the interface's "Other"."""
    with translation.override("fr"):
        assert theme_name("Data") == "Données" == objective_label("Data")
        assert theme_name("Research") == "Recherche"  # not the search button's "Rechercher"


def test_english_shows_the_stored_value():
    assert region_name("Western Africa") == "Western Africa"
    assert theme_name("Data") == "Data"
    assert objective_label("Regular pathways") == "Regular pathways"


def test_an_unknown_value_is_shown_unchanged():
    with translation.override("fr"):
        assert region_name("Atlantis") == "Atlantis"
        assert theme_name("Labour mobility") == "Labour mobility"
        assert objective_label("Something an editor wrote") == "Something an editor wrote"
        assert objective_title("") == ""
        assert region_name("") == ""
        assert region_name(None) == ""


def test_the_functions_take_records_as_well_as_text(reference_data):
    objective = GCMObjective.objects.get(number=20)
    objective.title = (
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"
    )
    parent = Theme.objects.get(slug="migration-management")
    child = Theme.objects.create(name="Labour mobility", slug="labour-mobility", parent=parent)
    with translation.override("es"):
        assert objective_label(objective) == "Remesas"
        assert objective_title(objective).startswith("Promover transferencias de remesas")
        assert theme_name(parent) == "Gestión de la migración"
        assert theme_path(child) == "Gestión de la migración › Labour mobility"
        assert objective_name(objective) == "20. Remesas"
        assert sdg_target_name(SDGTarget.objects.get(code="10.c")).startswith("10.c De aquí a 2030")


def test_the_template_filters(reference_data):
    template = Template(
        "{% load reference_names %}{{ region|region_name }} / {{ theme|theme_name }} / {{ gcm|objective_label }}"
    )
    context = Context(
        {
            "region": "Western Africa",
            "theme": Theme.objects.get(slug="research"),
            "gcm": GCMObjective.objects.get(number=8),
        }
    )
    with translation.override("fr"):
        assert template.render(context) == "Afrique de l&#x27;Ouest / Recherche / Sauver des vies"
    assert template.render(context) == "Western Africa / Research / Save lives"


# --- the pages ---------------------------------------------------------------------------------


def test_mali_is_in_sub_saharan_and_western_africa(reference_data):
    mali = Country.objects.get(iso3="MLI")
    assert (mali.region, mali.subregion, mali.intermediate_region) == ("Africa", "Sub-Saharan Africa", "Western Africa")


def test_the_french_country_list_heads_its_groups_with_french_region_names(client, reference_data):
    page = client.get("/fr/countries/").content.decode()
    assert '<h3 id="states-region-africa">Afrique</h3>' in page  # the anchor keeps the stored name
    assert '<h3 id="states-region-americas">Amériques</h3>' in page
    assert '<h3 id="states-region-oceania">Océanie</h3>' in page
    assert ">Africa<" not in page
    headings = re.findall(r'<h3 id="states-region-[a-z-]+">([^<]+)</h3>', page)
    assert headings[:5] == ["Afrique", "Amériques", "Asie", "Europe", "Océanie"]


def test_the_english_country_list_keeps_the_english_names(client, reference_data):
    page = client.get("/countries/").content.decode()
    assert '<h3 id="states-region-africa">Africa</h3>' in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Afrique › Afrique subsaharienne › Afrique de l'Ouest"),
        ("es", "África › África subsahariana › África occidental"),
        ("en", "Africa › Sub-Saharan Africa › Western Africa"),
    ],
)
def test_the_country_profile_names_the_regions_in_the_page_language(client, mali, language, expected):
    prefix = "" if language == "en" else f"/{language}"
    assert expected in text_of(client.get(f"{prefix}/countries/mli/"))


@pytest.mark.parametrize(
    ("language", "theme", "objective"),
    [
        ("fr", "Gestion des migrations", "Filières de migration régulière"),
        ("es", "Gestión de la migración", "Vías de migración regular"),
    ],
)
def test_the_theme_and_objective_pages_are_in_the_page_language(client, reference_data, language, theme, objective):
    themes = text_of(client.get(f"/{language}/themes/"))
    assert f'href="/{language}/themes/migration-management/">{theme}</a>' in themes
    assert ">Migration Management<" not in themes
    objectives = text_of(client.get(f"/{language}/gcm-objectives/"))
    assert f'href="/{language}/gcm-objectives/5/">{objective}</a>' in objectives
    assert ">Regular pathways<" not in objectives
    assert f"<h1>{theme}</h1>" in text_of(client.get(f"/{language}/themes/migration-management/"))
    assert re.search(rf"<h1>[^<]*5[^<]*: {objective}</h1>", text_of(client.get(f"/{language}/gcm-objectives/5/")))


def test_an_objective_s_title_is_shown_translated_once_an_editor_enters_it(client, reference_data):
    GCMObjective.objects.filter(number=13).update(
        title="Use migration detention only as a measure of last resort and work towards alternatives"
    )
    page = text_of(client.get("/es/gcm-objectives/13/"))
    assert "Utilizar la detención de migrantes solo como último recurso" in page


def test_a_theme_an_editor_added_is_shown_as_stored(client, reference_data):
    Theme.objects.create(name="Labour mobility", slug="labour-mobility")
    page = text_of(client.get("/fr/themes/"))
    assert 'href="/fr/themes/labour-mobility/">Labour mobility</a>' in page
    assert "<h1>Labour mobility</h1>" in text_of(client.get("/fr/themes/labour-mobility/"))


def test_search_facets_name_regions_in_french_but_filter_by_the_english_value(client, mali):
    page = text_of(client.get("/fr/practices/?q=diaspora"))
    region_facet = re.search(r'<h3 id="facet-region">.*?</ul>', page)[0]
    assert '<a href="?q=diaspora&region=Africa">Afrique</a>' in region_facet
    assert ">Africa<" not in region_facet
    chosen = text_of(client.get("/fr/practices/?q=diaspora&region=Africa"))
    assert 'class="chip" href="?q=diaspora">Région : Afrique' in chosen


def test_search_facets_and_chips_name_themes_and_objectives_in_spanish(client, mali):
    practice = Practice.objects.published().get(title="Malian Diaspora Forum")
    practice.themes.add(Theme.objects.get(slug="research"))
    practice.gcm_objectives.add(GCMObjective.objects.get(number=19))
    page = text_of(client.get("/es/practices/?q=diaspora"))
    assert '&theme=research">Investigación</a>' in page
    assert '&gcm=19">19. Contribución de los migrantes y las diásporas</a>' in page
    chips = text_of(client.get("/es/practices/?q=diaspora&theme=research&gcm=19"))
    assert "Investigación" in chips and "19. Contribución de los migrantes y las diásporas" in chips


def test_the_practice_page_lists_themes_objectives_and_targets_in_the_page_language(client, mali):
    practice = Practice.objects.published().get(title="Malian Diaspora Forum")
    practice.themes.add(Theme.objects.get(slug="research"))
    practice.gcm_objectives.add(GCMObjective.objects.get(number=20))
    practice.sdg_targets.add(SDGTarget.objects.get(code="10.c"))
    url = practice.get_absolute_url()
    page = text_of(client.get(f"/fr{url}"))
    assert "<dd>Recherche</dd>" in page
    assert "<dd>20. Envois de fonds</dd>" in page
    assert "<dd>10.c D'ici à 2030, faire baisser" in page
    english = text_of(client.get(url))
    assert "<dd>Research</dd>" in english and "<dd>20. Remittances</dd>" in english


def test_the_participation_table_offers_regions_in_spanish_by_their_english_value(client, mali):
    page = text_of(client.get("/es/participation/"))
    assert '<option value="Africa">África</option>' in page
    filtered = text_of(client.get("/es/participation/?region=Africa"))
    assert '<option value="Africa" selected>África</option>' in filtered


def test_a_subscription_names_its_subject_in_the_active_language(reference_data):
    with translation.override("fr"):
        assert target_name(GCMObjective.objects.get(number=20)) == "Objectif 20 du PMM\u00a0: Envois de fonds"
        assert target_name(Theme.objects.get(slug="research")) == "Recherche"
    assert target_name(GCMObjective.objects.get(number=20)) == "GCM objective 20: Remittances"


def test_the_map_table_names_regions_in_the_page_language_and_sorts_by_them(client, reference_data):
    page = client.get("/es/map/?sort=region").content.decode()
    regions = re.findall(r"</th><td>([^<]+)</td>", page)
    assert "África" in regions and "Africa" not in regions
    named = [region for region in regions if region != "—"]
    assert named == sorted(named, key=lambda name: name.replace("Á", "A").casefold())


def test_the_contribution_form_lists_themes_and_objectives_in_the_page_language(client, reference_data, contributor):
    client.force_login(contributor)
    page = html.unescape(client.get("/fr/practices/submit/").content.decode())
    # Check boxes: each label holds the box and the name.
    assert re.search(r'name="themes" value="\d+"[^>]*>\s*Gestion des migrations</label>', page)
    assert re.search(r'name="gcm_objectives" value="\d+"[^>]*>\s*20. Envois de fonds</label>', page)
    assert "Migration Management</label>" not in page


def test_an_edition_s_charts_name_themes_and_objectives_in_the_page_language(client, reference_data):
    edition = Edition.objects.order_by("ordinal").first()
    practice = Practice.objects.create(title="Bonds", summary="Bonds.", status=Practice.Status.PUBLISHED)
    PracticeSource.objects.create(practice=practice, text=f"GFMD {edition.label}", edition=edition)
    practice.themes.add(Theme.objects.get(slug="research"))
    practice.gcm_objectives.add(GCMObjective.objects.get(number=20))
    page = text_of(client.get(f"/fr/editions/{edition.label}/"))
    assert "Recherche" in page and "20. Envois de fonds" in page
    assert "20. Remittances" not in page


def test_country_facets_and_chips_show_country_names_in_the_readers_language(client, mali):
    from portal.countries.models import Country
    from portal.practices.models import Practice

    practice = Practice.objects.create(title="Jobs abroad", summary="Fair recruitment.", status="published")
    practice.countries.add(Country.objects.get(iso3="DEU"))
    page = client.get("/fr/practices/?q=jobs").content.decode()
    assert "Allemagne" in page
    assert "country=DEU" in page
    chosen = client.get("/es/practices/?q=jobs&country=DEU").content.decode()
    assert "Alemania" in chosen

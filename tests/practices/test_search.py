"""Practice search: the forgiving QuerySet.search, the FilterSet, facets and the /practices/ page.

CI runs this file on SQLite (FTS5) and on PostgreSQL (tsvector + pg_trgm): the expected values
below are the same for both, which is how "both databases give the same results" is tested.
"""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from portal.core.translations import Text
from portal.countries.models import Country
from portal.forum.models import Edition
from portal.practices.facets import facet_counts
from portal.practices.filters import PracticeFilter
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme
from portal.practices.search import highlight, plan_search, query_terms, snippet
from tests.html_text import visible_lines

DIASPORA_TITLES = {
    "Malian Diaspora Forum",
    "Supporting diaspora productive investment programmes in Mali",
    "Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP)",
}


def make(title, summary="A practice.", *, status=Practice.Status.PUBLISHED, countries=(), themes=(), **fields):
    practice = Practice.objects.create(title=title, summary=summary, status=status, **fields)
    if countries:
        practice.countries.set(Country.objects.filter(iso3__in=countries))
    if themes:
        practice.themes.set(Theme.objects.filter(slug__in=themes))
    return practice


def found(text, queryset=None):
    queryset = Practice.objects.published() if queryset is None else queryset
    return [practice.title for practice in queryset.search(text)]


def page_text(response) -> str:
    """The page's HTML with runs of white space made single spaces."""
    return " ".join(response.content.decode().split())


# --- forgiving search ----------------------------------------------------------------------------


def test_a_prefix_finds_the_practices_that_mention_diaspora(mali):
    titles = found("diasp")
    assert set(titles) == DIASPORA_TITLES
    assert len(titles) == 4  # the AMEDIP pair counts twice: two records


def test_a_one_letter_typo_finds_the_same_practices_as_the_word(mali):
    assert sorted(found("diaspra")) == sorted(found("diaspora"))
    assert set(found("diaspra")) == DIASPORA_TITLES


@pytest.mark.parametrize("typo", ["diaspra", "diasproa", "diasporra", "diaspore", "iaspora"])
def test_insertions_deletions_substitutions_and_swaps_are_all_forgiven(mali, typo):
    plan = plan_search(Practice.objects.published(), typo)
    assert plan.fallback == "corrected"
    assert plan.suggestion == "diaspora"


def test_short_words_are_not_guessed_at(mali):
    # "mali" is four letters: "mael" could be "mail", "male", "mali"…, so nothing is guessed.
    plan = plan_search(Practice.objects.published(), "mael")
    assert plan.fallback == ""
    assert found("mael") == []


def test_words_are_found_whatever_their_case_and_accents(reference_data):
    make("Côte d'Ivoire: Réseau des Ivoiriens de l'étranger", countries=["CIV"])
    for text in ["cote", "CÔTE", "reseau", "Réseau", "ETRANGER"]:
        assert found(text) == ["Côte d'Ivoire: Réseau des Ivoiriens de l'étranger"], text


def test_partners_and_source_texts_are_searched(reference_data):
    practice = make("Labour mobility pilot", partners="Organisation internationale pour les migrations")
    PracticeSource.objects.create(practice=practice, text="GFMD 2019 roundtable on skills partnerships")
    assert found("internationale") == ["Labour mobility pilot"]
    assert found("roundtable skills") == ["Labour mobility pilot"]


def test_all_the_words_must_match_and_each_may_be_a_prefix(mali):
    assert set(found("diaspora mali")) == {
        "Malian Diaspora Forum",
        "Supporting diaspora productive investment programmes in Mali",
    }
    assert found("cigem bamak") == ["Centre for Migration Management and Information (CIGEM)"]


def test_words_found_apart_but_never_together_fall_back_to_any_of_them(mali):
    plan = plan_search(Practice.objects.published(), "ecowas diaspora")
    assert (plan.fallback, plan.any_term) == ("any", True)
    titles = set(found("ecowas diaspora"))
    assert "Free Movement in the Economic Community of West African States (ECOWAS)" in titles
    assert titles >= DIASPORA_TITLES


def test_a_query_without_words_does_not_filter(mali):
    assert Practice.objects.published().search("  !!! ").count() == 8


def test_the_index_follows_every_kind_of_write(reference_data):
    """Triggers, not signals: queryset.update and bulk_create bypass save() and are still seen."""
    practice = make("Seasonal workers scheme")
    assert found("seasonal") == ["Seasonal workers scheme"]

    Practice.objects.filter(pk=practice.pk).update(title="Circular migration scheme")
    assert found("seasonal") == []
    assert found("circular") == ["Circular migration scheme"]

    source = PracticeSource.objects.create(practice=practice, text="Presented at the Quito summit")
    assert found("quito") == ["Circular migration scheme"]
    PracticeSource.objects.filter(pk=source.pk).update(text="Presented at the Marrakech summit")
    assert found("quito") == []
    assert found("marrakech") == ["Circular migration scheme"]
    source.delete()
    assert found("marrakech") == []

    Practice.objects.bulk_create([Practice(title="Hometown associations fund", summary="s", status="published")])
    assert found("hometown") == ["Hometown associations fund"]

    practice.delete()
    assert found("circular") == []


def test_moderation_steps_do_not_lose_the_index(reference_data):
    practice = make("Ethical recruitment charter", status=Practice.Status.SUBMITTED)
    assert found("ethical") == []
    practice.status = Practice.Status.PUBLISHED
    practice.save()
    assert found("ethical") == ["Ethical recruitment charter"]


def test_the_search_triggers_exist_after_all_migrations(db):
    """A later migration that rebuilds the practice tables on SQLite would drop them: this says so."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'")
            expected = 6  # practices (3), sources (3)
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'practices_%search%'")
            expected = 7  # practices (4), sources (3)
        assert len(cursor.fetchall()) == expected


def test_the_published_practices_index_exists_after_all_migrations(db):
    """Created with the search index (search_index.py), which SQLite drops when it rebuilds the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'practices_practice_public_idx'"
            )
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'practices_practice_public_idx'")
        assert cursor.fetchall() == [("practices_practice_public_idx",)]


def test_unpublished_and_merged_practices_never_appear(client, reference_data):
    survivor = make("Zanzibarite survivor record")
    for status in ["draft", "submitted", "changes_requested", "rejected", "withdrawn"]:
        make(f"Zanzibarite {status} record", status=status)
    make("Zanzibarite merged record", merged_into=survivor)

    assert found("zanzibarite") == ["Zanzibarite survivor record"]
    assert [p.title for p in PracticeFilter(QueryDict("q=zanzibarite")).qs] == ["Zanzibarite survivor record"]
    lines = visible_lines(client.get("/practices/?q=zanzibarite").content.decode())
    assert "Zanzibarite survivor record" in lines
    assert not [line for line in lines if "draft" in line or "rejected" in line or "merged record" in line]
    # Editors may search every state through the same method.
    assert len(found("zanzibarite", Practice.objects.all())) == 7


def test_a_word_found_only_in_unpublished_practices_is_never_suggested(client, reference_data):
    make("Quilombola outreach", status=Practice.Status.DRAFT)
    plan = plan_search(Practice.objects.published(), "quilombolo")
    assert plan.fallback == ""
    assert "quilombola" not in client.get("/practices/?q=quilombolo").content.decode().lower()


def test_both_databases_give_the_same_results_in_the_same_order_on_the_test_corpus(mali):
    make("Remittance corridors for Senegalese workers", "Cheaper transfers home.", countries=["SEN"])
    make("Diaspora bonds in Côte d'Ivoire", "Investment by the diaspora.", countries=["CIV"])
    amedip = "Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP)"
    midwa = "Migration Dialogue for West Africa (MIDWA)"
    cigem = "Centre for Migration Management and Information (CIGEM)"
    postal = (
        "Extension of international and domestic postal financial services, including remittance-related "
        "services, to rural areas of French-speaking countries in Western Africa"
    )
    expected = {
        # Title matches first, then the rest; ties by date (none recorded here), then id.
        "remit": [postal, "Remittance corridors for Senegalese workers", "Malian Diaspora Forum"],
        "migration dialogue": [midwa, amedip, amedip],
        "ecowas": ["Free Movement in the Economic Community of West African States (ECOWAS)", midwa],
        "migraton": [midwa, cigem, amedip, amedip],
        "diaspora mali": ["Supporting diaspora productive investment programmes in Mali", "Malian Diaspora Forum"],
        "cigem bamak": [cigem],
    }
    for text, titles in expected.items():
        assert found(text) == titles, text


# --- ordering ------------------------------------------------------------------------------------


def test_relevance_puts_title_matches_first_then_newest(reference_data):
    make("Older remittance study", date_shared=datetime.date(2012, 1, 1))
    make("Newer scheme", "It lowers remittance costs.", date_shared=datetime.date(2022, 1, 1))
    make("Newest remittance platform", date_shared=datetime.date(2023, 1, 1))
    assert found("remittance") == ["Newest remittance platform", "Older remittance study", "Newer scheme"]
    by_date = PracticeFilter(QueryDict("q=remittance&sort=date")).qs
    assert [p.title for p in by_date] == ["Newest remittance platform", "Newer scheme", "Older remittance study"]


def test_sort_by_date_is_newest_first_with_undated_last(client, mali):
    make("Skills partnership", "Diaspora skills.", date_shared=datetime.date(2019, 3, 1))
    make("Return programme", "Diaspora return.", date_shared=datetime.date(2021, 6, 30))
    response = client.get("/practices/?q=diaspora&sort=date")
    titles = [
        line
        for line in visible_lines(response.content.decode())
        if line in DIASPORA_TITLES | {"Skills partnership", "Return programme"}
    ]
    assert titles[:2] == ["Return programme", "Skills partnership"]
    assert set(titles[2:]) == DIASPORA_TITLES
    assert "Submitted by an unnamed contributor on 30 June 2021" in visible_lines(response.content.decode())
    assert "Submitted by Ms. Laurence BRON on an unrecorded date" in visible_lines(response.content.decode())


def test_without_a_query_the_list_is_by_date(client, mali):
    make("Newest practice", date_shared=datetime.date(2024, 2, 2))
    lines = visible_lines(client.get("/practices/").content.decode())
    assert lines.index("Newest practice") < lines.index("Malian Diaspora Forum")
    assert "Newest first; practices with no date recorded come last." in lines


# --- the page ------------------------------------------------------------------------------------


def test_the_page_says_there_is_no_exact_hit_and_shows_the_closest(client, mali):
    response = client.get("/practices/?q=diaspra")
    assert response.status_code == 200
    assert "No practice contains “diaspra”. Showing results for “diaspora”." in page_text(response)
    lines = visible_lines(response.content.decode())
    assert "Malian Diaspora Forum" in lines
    assert "4 practices." in lines


def test_the_page_says_once_when_nothing_matches_at_all_and_what_to_try(client, mali):
    html = client.get("/practices/?q=qwxzvbn").content.decode()
    said = [line for line in visible_lines(html) if "qwxzvbn" in line]
    assert said == ['No practice contains "qwxzvbn".']
    empty_state = re.search(r'<div class="empty-state">(.*?)</div>', html, re.S)
    assert empty_state and visible_lines(empty_state[1]) == [
        'No practice contains "qwxzvbn".',
        "Check the spelling, or try shorter or other words. Show all practices",
    ]
    assert "search-notice" not in html and "<article" not in html
    # With a filter as well: the words are the reason, so removing the filter is not suggested.
    # (visible_lines makes curly quotes straight.)
    lines = visible_lines(client.get("/practices/?q=qwxzvbn&country=MLI").content.decode())
    assert [line for line in lines if "qwxzvbn" in line] == ['No practice contains "qwxzvbn".']
    assert "Check the spelling, or try shorter or other words. Show all practices" in lines


def test_the_page_says_once_in_french_when_nothing_matches(client, mali):
    lines = visible_lines(client.get("/fr/practices/?q=qwxzvbn").content.decode())
    assert [line for line in lines if "qwxzvbn" in line] == ["Aucune pratique ne contient « qwxzvbn »."]
    assert (
        "Vérifiez l'orthographe, ou essayez des mots plus courts ou différents. Afficher toutes les pratiques" in lines
    )


def test_words_found_but_not_with_the_filters_suggest_removing_a_filter(client, faceted):
    lines = visible_lines(client.get("/practices/?q=remittance&country=FRA&country=SEN").content.decode())
    assert [line for line in lines if "remittance" in line] == [
        'No published practice matches "remittance" with these filters.'
    ]
    assert "Try fewer or shorter words, or remove a filter. Show all practices" in lines


def test_markup_typed_in_the_query_is_shown_as_text(client, mali):
    response = client.get("/practices/", {"q": '<script>alert("x")</script><b>diaspora</b>'})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<b>diaspora" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;diaspora&lt;/b&gt;" in html


def test_matches_are_highlighted_in_titles_and_snippets(client, mali):
    html = client.get("/practices/?q=diasp").content.decode()
    assert '<a href="/practices/' in html
    assert "Malian <mark>Diaspora</mark> Forum" in html
    assert re.search(r'<p class="snippet" dir="auto">[^<]*(?:<mark>[^<]*</mark>[^<]*)*<mark>diaspora</mark>', html)


def marked(pieces: list[tuple[str, bool]]) -> str:
    return render_to_string("core/_translated_text.html", {"text": Text("", "en", False, "en"), "pieces": pieces})


def test_highlighting_escapes_the_text_and_marks_whole_words():
    assert marked(highlight("<b>Diaspora</b> & diasporas, not adiaspora", ("diasp",))) == (
        "&lt;b&gt;<mark>Diaspora</mark>&lt;/b&gt; &amp; <mark>diasporas</mark>, not adiaspora"
    )
    assert marked(highlight("Côte d'Ivoire", query_terms("cote"))) == "<mark>Côte</mark> d&#x27;Ivoire"
    assert highlight("", ("cote",)) == []


def test_the_snippet_is_cut_around_the_first_match():
    text = " ".join(f"word{i}" for i in range(100)) + " diaspora " + " ".join(f"tail{i}" for i in range(100))
    shown = marked(snippet(text, ("diaspora",), length=20))
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "<mark>diaspora</mark>" in shown
    assert len(shown.split()) <= 22


def test_the_search_box_is_labelled_and_results_are_articles(client, mali):
    html = client.get("/practices/?q=cigem").content.decode()
    assert '<label for="practice-q">Search practices</label>' in html
    assert 'id="practice-q" name="q" value="cigem"' in html
    assert '<article class="search-result">' in html
    assert "<script" not in html and "style=" not in html


# --- filters and facets --------------------------------------------------------------------------


@pytest.fixture
def faceted(reference_data):
    """Four published practices and a draft, with countries, themes, kinds, years and sources."""
    edition = Edition.objects.get(label="2019")
    one = make(
        "Remittances to Mali and Senegal",
        countries=["MLI", "SEN"],
        themes=["data"],
        submitter_kind="government",
        date_shared=datetime.date(2020, 5, 1),
    )
    one.gcm_objectives.set(GCMObjective.objects.filter(number=20))
    one.sdg_targets.set(SDGTarget.objects.filter(code="10.c"))
    PracticeSource.objects.create(practice=one, text="GFMD 2019 roundtable", edition=edition)
    make(
        "Remittance apps in Mali",
        countries=["MLI"],
        themes=["research"],
        submitter_kind="civil_society",
        date_shared=datetime.date(2021, 2, 1),
    )
    make(
        "Senegal remittance survey",
        countries=["SEN"],
        themes=["data"],
        submitter_kind="government",
        date_shared=datetime.date(2021, 9, 1),
    )
    make(
        "Niger remittance fund",
        countries=["NER", "FRA"],
        submitter_kind="government",
        date_shared=datetime.date(2019, 1, 1),
    )
    make("Draft remittance idea", countries=["MLI"], status=Practice.Status.DRAFT, submitter_kind="government")


def counts(params: str) -> dict[str, dict[str, int]]:
    facets = facet_counts(PracticeFilter(QueryDict(params)))
    return {name: {value.value: value.count for value in values} for name, values in facets.items()}


def titles(params: str) -> set[str]:
    return {practice.title for practice in PracticeFilter(QueryDict(params)).qs}


def test_facet_counts_cover_published_practices_only(faceted):
    facets = counts("q=remittance")
    assert facets["country"] == {"MLI": 2, "SEN": 2, "NER": 1, "FRA": 1}
    assert facets["region"] == {"Africa": 4, "Europe": 1}
    assert facets["theme"] == {"data": 2, "research": 1}
    assert facets["kind"] == {"government": 3, "civil_society": 1}
    assert facets["year"] == {"2021": 2, "2020": 1, "2019": 1}
    assert facets["gcm"] == {"20": 1}
    assert facets["sdg"] == {"10.c": 1}
    assert facets["edition"] == {"2019": 1}


def test_facets_combine_and_each_count_is_the_number_of_results_after_choosing_it(faceted):
    assert titles("q=remittance&country=MLI") == {"Remittances to Mali and Senegal", "Remittance apps in Mali"}
    facets = counts("q=remittance&country=MLI")
    assert facets["country"] == {"MLI": 2, "SEN": 1}
    assert facets["kind"] == {"government": 1, "civil_society": 1}
    # Choosing Senegal as well: practices implemented in both, as the count said.
    assert titles("q=remittance&country=MLI&country=SEN") == {"Remittances to Mali and Senegal"}
    assert titles("country=MLI&kind=government") == {"Remittances to Mali and Senegal"}
    assert titles("region=Europe") == {"Niger remittance fund"}
    assert titles("theme=data&year=2021") == {"Senegal remittance survey"}
    assert titles("gcm=20&sdg=10.c&edition=2019") == {"Remittances to Mali and Senegal"}
    assert titles("country=mli&theme=research") == {"Remittance apps in Mali"}  # ISO3 in any case


def test_a_parent_theme_includes_its_sub_themes(faceted):
    parent = Theme.objects.create(name="Evidence", slug="evidence-parent")
    Theme.objects.filter(slug="research").update(parent=parent)
    assert titles("theme=evidence-parent") == {"Remittance apps in Mali"}
    assert counts("")["theme"]["evidence-parent"] == 1


def test_the_page_shows_facets_with_counts_and_removable_chips(client, faceted):
    response = client.get("/practices/?q=remittance&country=MLI&kind=government")
    html = response.content.decode()
    lines = visible_lines(html)
    assert "1 practice." in lines
    assert "Country: Mali (remove this filter) ×" in lines
    assert "Kind of submitting organisation" not in lines  # the facet titles are short
    assert 'href="?q=remittance&amp;kind=government"' in html  # removing Mali keeps the rest
    assert 'href="?q=remittance&amp;country=MLI"' in html  # removing the kind keeps the rest
    assert "Senegal (1)" in lines
    assert 'href="?q=remittance&amp;country=MLI&amp;country=SEN&amp;kind=government"' in html
    assert '<h3 id="facet-country">Country</h3>' in html


def test_a_chip_separates_the_filter_from_its_value_as_each_language_writes_a_colon(client, faceted):
    """French sets a no-break space before the colon; English and Spanish do not."""
    french = client.get("/fr/practices/?country=MLI").content.decode()
    assert "Pays : Mali (retirer ce filtre) ×" in visible_lines(french)
    assert '<a class="chip" href="?">Pays\u00a0: Mali<span' in french  # the space does not break
    spanish = client.get("/es/practices/?country=MLI").content.decode()
    assert "País: Malí (quitar este filtro) ×" in visible_lines(spanish)


def test_a_link_near_the_top_of_the_results_reaches_the_filters(client, faceted):
    """On a narrow screen the filters come after every result: a link above them leads there."""
    html = client.get("/practices/?q=remittance").content.decode()
    link = re.search(r'<a href="#([^"]+)">Refine the results</a>', html)
    assert link, "no link to the filters"
    target = re.search(rf'<aside [^>]*\bid="{link[1]}"[^>]*>', html)
    assert target and 'class="search-facets"' in target[0]
    assert html.index(link[0]) < html.index('<ol class="search-result-list"') < target.start()
    french = client.get("/fr/practices/?q=remittance").content.decode()
    assert f'<a href="#{link[1]}">Affiner les résultats</a>' in french
    # No results, no filters to reach, no link.
    html = client.get("/practices/?q=qwxzvbn").content.decode()
    assert "Refine the results" not in html and 'id="refine"' not in html


def test_pagination_has_twenty_a_page_and_keeps_the_other_parameters(client, reference_data):
    for number in range(25):
        make(f"Remittance pilot {number:02d}", countries=["SEN"], date_shared=datetime.date(2020, 1, 1 + number))
    first = client.get("/practices/?q=remittance&country=SEN")
    assert first.content.decode().count('<article class="search-result">') == 20
    assert 'href="?q=remittance&amp;country=SEN&amp;page=2"' in first.content.decode()
    assert "25 practices, showing 1–20." in visible_lines(first.content.decode())
    second = client.get("/practices/?q=remittance&country=SEN&page=2")
    html = second.content.decode()
    assert html.count('<article class="search-result">') == 5
    assert 'href="?q=remittance&amp;country=SEN&amp;page=1"' in html
    assert "Country: Senegal (remove this filter) ×" in visible_lines(html)


def test_an_unknown_filter_value_is_reported_not_fatal(client, mali):
    response = client.get("/practices/?country=XXX&year=abc")
    assert response.status_code == 200
    assert "Some filters were not understood and are ignored:" in visible_lines(response.content.decode())


def test_a_refused_filter_is_named_as_the_reader_knows_it(client, mali):
    lines = visible_lines(client.get("/practices/?region=Atlantis&year=abc").content.decode())
    assert any(line.startswith("Region: Select a valid choice.") for line in lines), lines
    assert any(line.startswith("Year shared: ") for line in lines), lines
    assert not any(line.startswith(("region:", "year:")) for line in lines)


def test_words_too_long_to_search_are_reported_and_do_not_title_the_page(client, mali):
    words = "remittances " * 50
    response = client.get("/practices/", {"q": words})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Policy and Practice Database" in html
    assert "Search: Ensure this value has at most 200 characters (it has 599)." in visible_lines(html)
    assert words.strip() not in html


def test_the_parameters_applied_are_the_given_ones_less_those_ignored(faceted):
    applied = PracticeFilter(QueryDict("country=MLI&theme=nope&utm_source=x&country=sen&q=remit&year=abc&kind="))
    assert applied.applied_params().urlencode() == "country=MLI&country=sen&q=remit&kind="
    assert titles(applied.applied_params().urlencode()) == {practice.title for practice in applied.qs}
    assert PracticeFilter().applied_params().urlencode() == ""
    assert PracticeFilter({"region": "Africa", "year": 2021}).applied_params().urlencode() == "region=Africa&year=2021"


def _populate(number: int) -> None:
    countries = list(Country.objects.filter(iso3__in=["MLI", "SEN", "NER", "FRA", "CIV"]))
    themes = list(Theme.objects.all()[:3])
    edition = Edition.objects.first()
    for i in range(number):
        practice = make(
            f"Diaspora practice {i}",
            "Diaspora engagement and remittances.",
            submitter_kind="government" if i % 2 else "academia",
            date_shared=datetime.date(2010 + i % 10, 1, 1),
        )
        practice.countries.set(countries[i % 5 : i % 5 + 2])
        practice.themes.set(themes[: i % 3])
        PracticeSource.objects.create(practice=practice, text="GFMD source", edition=edition)


@pytest.mark.parametrize(
    "url", ["/practices/", "/practices/?q=diaspora&country=MLI", "/practices/?q=diaspra&sort=date&page=2"]
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_practices(client, reference_data, url):
    _populate(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _populate(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [query["sql"][:120] for query in many]
    assert len(many) <= 20

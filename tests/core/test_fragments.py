"""Costly parts of pages are cached for everyone, signed in or not, and refreshed by any change."""

import io
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from portal.practices.models import Practice
from tests import factories
from tests.core.test_page_cache import assert_a_corrected_participation_shows_at_once


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE = True  # as with Redis; the tests' cache is local memory


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw"))
    return client


def without_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())


def queries_of(client, path: str, django_assert_max_num_queries) -> tuple[int, str]:
    with django_assert_max_num_queries(100) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), without_tokens(response.content)


def test_a_signed_in_reader_gets_the_country_record_from_the_cache_the_second_time(
    signed_in, mali, caching, django_assert_max_num_queries
):
    first_count, first = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    second_count, second = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    # Not fetched again: the editions, their concluding debates, the country's records and their two
    # kinds of roles; and the rows of the practices on the page.
    assert second_count == first_count - 6
    assert second == first
    assert "Malian Diaspora Forum" in second


def test_without_caching_every_request_reads_the_record_again(signed_in, mali, django_assert_max_num_queries):
    first_count, first = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    second_count, second = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    assert second_count == first_count
    assert second == first


def test_the_cached_record_is_kept_per_language(signed_in, mali, caching):
    signed_in.get("/countries/mli/")
    french = signed_in.get("/fr/countries/mli/").content.decode()
    english = signed_in.get("/countries/mli/").content.decode()
    assert "A assisté au sommet" in french
    assert "Attended Summit" not in french
    assert "Attended Summit" in english


@pytest.mark.django_db(transaction=True)
def test_a_corrected_participation_shows_at_once_to_a_signed_in_reader(signed_in, caching):
    assert_a_corrected_participation_shows_at_once(signed_in)


def import_mali() -> None:
    """Mali's page imported (outside a test transaction: its changes reach the cache on commit)."""
    call_command("load_reference_data", verbosity=0)
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())


def publish_another_mali_practice() -> None:
    practice = Practice.objects.create(title="Remittance bonds", summary="S", status="published")
    practice.countries.add(*Practice.objects.get(title="Malian Diaspora Forum").countries.all())


@pytest.mark.django_db(transaction=True)
def test_a_newly_published_practice_shows_at_once_in_the_profiles_list(signed_in, caching):
    import_mali()
    before = signed_in.get("/countries/mli/").content.decode()
    publish_another_mali_practice()
    after = signed_in.get("/countries/mli/").content.decode()
    assert "Remittance bonds" not in before
    assert "Remittance bonds" in after


def test_each_page_of_a_profiles_practice_list_is_kept_apart(signed_in, reference_data, caching):
    for number in range(25):  # two pages of twenty
        factories.practice(f"Practice number {number}", countries=["SEN"])
    first, second = (signed_in.get(f"/countries/sen/?page={n}").content.decode() for n in (1, 2))
    again = signed_in.get("/countries/sen/?page=2").content.decode()
    assert "Page 1 of" in first
    assert "Page 2 of" in second
    assert titles_of(first) and titles_of(second) and set(titles_of(first)).isdisjoint(titles_of(second))
    assert titles_of(again) == titles_of(second)


def test_a_page_number_out_of_range_or_not_a_number_gets_the_page_it_stands_for(signed_in, reference_data, caching):
    for number in range(25):  # two pages of twenty
        factories.practice(f"Practice number {number}", countries=["SEN"])
    first, last = (titles_of(signed_in.get(f"/countries/sen/?page={n}").content.decode()) for n in (1, 2))
    for junk, expected in [("abc", first), ("", first), ("-1", last), ("99999999999999999999999", last)]:
        response = signed_in.get(f"/countries/sen/?page={junk}")
        assert response.status_code == 200, junk
        assert titles_of(response.content.decode()) == expected, junk


def test_what_was_built_from_an_older_list_of_practices_is_not_served_again(signed_in, reference_data, caching):
    factories.practice("Kept practice", countries=["SEN"])
    withdrawn = factories.practice("Withdrawn practice", countries=["SEN"])
    first = signed_in.get("/countries/sen/").content.decode()
    # Withdrawn without a signal, so the generation stays: as when the withdrawal lands while a request
    # that read the list before it is still building the page (its fragments carry the new generation).
    Practice.objects.filter(pk=withdrawn.pk).update(status=Practice.Status.WITHDRAWN)
    second = signed_in.get("/countries/sen/").content.decode()
    assert sorted(titles_of(first)) == ["Kept practice", "Withdrawn practice"]
    assert titles_of(second) == ["Kept practice"]
    assert timeline_total(first) == 2
    assert timeline_total(second) == 1


def timeline_total(html: str) -> int:
    found = re.search(r'All published practices \(listed below\)</th><td class="num">(\d+)</td>', html)
    assert found is not None, "no total under the timeline"
    return int(found.group(1))


def titles_of(html: str) -> list[str]:
    return re.findall(r'<article class="practice-summary"><h3 dir="auto"><a href="[^"]+">(.*?)</a></h3>', html)


@pytest.fixture
def sixty_practices(reference_data):
    call_command("generate_synthetic", practices=60, seed=2, stdout=io.StringIO())
    assert Practice.objects.published().count() > 40  # three pages of twenty


def test_every_page_and_order_of_a_search_shares_its_facet_counts(
    client, sixty_practices, caching, django_assert_max_num_queries
):
    first_count, first = queries_of(client, "/practices/?region=Africa", django_assert_max_num_queries)
    second_count, second = queries_of(client, "/practices/?region=Africa&page=2", django_assert_max_num_queries)
    third_count, _ = queries_of(client, "/practices/?sort=date&region=Africa", django_assert_max_num_queries)
    # The counts come from the facet sets (no query of their own) and are kept as one fragment: the
    # later pages and orders show the same counts and cost no more than the first.
    assert second_count <= first_count
    assert third_count <= first_count
    assert facets_of(second) == facets_of(first)


def facets_of(html: str) -> str:
    found = re.search(r'<aside class="search-facets".*?</aside>', html, re.S)
    assert found is not None, "no facets on the page"
    assert 'class="count"' in found.group(0)
    return found.group(0)


def test_another_search_gets_its_own_facet_counts(client, sixty_practices, caching, django_assert_max_num_queries):
    first_count, _ = queries_of(client, "/practices/?region=Africa", django_assert_max_num_queries)
    other_count, _ = queries_of(client, "/practices/?region=Asia", django_assert_max_num_queries)
    assert other_count == first_count


@pytest.mark.django_db(transaction=True)
def test_a_newly_published_practice_changes_the_facet_counts_at_once(client, caching):
    import_mali()
    before = client.get("/practices/?page=1").content.decode()
    publish_another_mali_practice()
    after = client.get("/practices/?page=2").content.decode()  # another address: not the cached page
    assert facet_count(after, "Mali") == facet_count(before, "Mali") + 1


def facet_count(html: str, label: str) -> int:
    found = re.search(rf'>{label}</a> <span class="count">\(([\d,]+)\)</span>', facets_of(html))
    assert found is not None, f"no facet value {label}"
    return int(found.group(1).replace(",", ""))


def test_with_the_cache_unreachable_a_signed_in_reader_still_gets_the_whole_profile(signed_in, mali, caching):
    from django.test.utils import override_settings

    from tests.core.test_healthz import closed_port, redis_cache

    expected = without_tokens(signed_in.get("/countries/mli/").content)
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = signed_in.get("/countries/mli/")
        search = signed_in.get("/practices/?region=Africa")
    assert response.status_code == 200
    assert without_tokens(response.content) == expected
    assert search.status_code == 200


def test_without_a_shared_cache_signed_in_readers_get_no_cached_record(
    signed_in, mali, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE = False  # local memory: another process's change would go unseen
    first_count, _ = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    second_count, _ = queries_of(signed_in, "/countries/mli/", django_assert_max_num_queries)
    assert second_count == first_count


def test_fragments_are_on_by_default_only_with_redis(tmp_path):
    from tests.core.test_prepared_statements import ROOT

    def fragment_cache(**environment: str) -> str:
        env = {**{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "FRAGMENT_CACHE"}}, **environment}
        code = "import portal.settings as s; print(s.FRAGMENT_CACHE)"
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        return run.stdout.strip()

    assert fragment_cache(VAR_DIR=str(tmp_path)) == "False"
    assert fragment_cache(VAR_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/0") == "True"
    assert fragment_cache(VAR_DIR=str(tmp_path), FRAGMENT_CACHE="0", REDIS_URL="redis://127.0.0.1:6379/0") == "False"


def test_a_facet_given_twice_counts_as_its_last_value_as_the_search_reads_it(client, sixty_practices, caching):
    """?region=A&region=B searches region B: its facet counts are B's, not those of ?region=B&region=A."""

    def counts(query: str) -> list[tuple[str, str]]:
        html = facets_of(client.get(f"/practices/?{query}").content.decode())
        return re.findall(r'>([^<>]+)</a> <span class="count">\(([\d,]+)\)</span>', html)

    africa, asia = counts("region=Africa"), counts("region=Asia")
    assert africa and asia and africa != asia
    assert counts("region=Asia&region=Africa") == africa
    assert counts("region=Africa&region=Asia") == asia

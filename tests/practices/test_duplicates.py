import pytest
from django.contrib.auth.models import Permission

from portal.accounts.models import User
from portal.practices.duplicates import (
    MAX_CANDIDATES,
    SIMILARITY_THRESHOLD,
    _candidates,
    duplicate_pairs,
    normalise,
    similar_practices,
)
from portal.practices.merge import merge_practices
from portal.practices.models import Practice
from tests.conftest import with_totp

AMEDIP = "Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP)"


@pytest.fixture
def amedip(mali):
    """The seed's two AMEDIP records, in the order the page lists them (Ms. BRON's first)."""
    first, second = Practice.objects.filter(title=AMEDIP).order_by("pk")
    assert first.submitter != second.submitter and first.summary != second.summary
    return first, second


@pytest.fixture
def merging_editor(db):
    user = User.objects.create_user("merging-editor", "me@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_practice"))
    return with_totp(User.objects.get(pk=user.pk))


def test_each_amedip_record_finds_the_other_first_with_a_high_score(amedip):
    first, second = amedip
    for this, other in [(first, second), (second, first)]:
        similar = similar_practices(title=this.title, summary=this.summary, exclude_pk=this.pk)
        assert similar, f"nothing found for #{this.pk}"
        top = similar[0]
        assert top.practice == other
        assert top.title_score == 100
        assert top.score >= 70
        assert "title" in top.matched


def test_unrelated_practices_from_the_seed_are_scored_below_the_threshold_and_not_listed(amedip):
    first, second = amedip
    similar = similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk)
    assert [item.practice for item in similar] == [second]

    # "Malian Diaspora Forum" shares a key word with both AMEDIP records, so they are candidates;
    # it is the score, not the narrowing, that keeps them out.
    forum = Practice.objects.get(title="Malian Diaspora Forum")
    candidates = {row["pk"] for row in _candidates(forum.title, exclude_pk=forum.pk, among=None)}
    assert {first.pk, second.pk} <= candidates
    assert similar_practices(title=forum.title, summary=forum.summary, exclude_pk=forum.pk) == []
    assert similar_practices(title=forum.title, summary=forum.summary, exclude_pk=forum.pk, threshold=1)


def test_merged_records_are_never_suggested(amedip, merging_editor):
    first, second = amedip
    merge_practices(survivor=first, duplicate=second, editor=merging_editor)

    assert similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk) == []
    suggested = similar_practices(title=second.title, summary=second.summary)
    assert [item.practice for item in suggested] == [first]
    assert duplicate_pairs() == []


def test_a_draft_duplicate_is_suggested_unless_the_caller_asks_for_published_ones_only(amedip):
    first, _ = amedip
    draft = Practice.objects.create(title=AMEDIP, summary="A draft of the same project.", status="draft")

    anything = similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk)
    assert draft in [item.practice for item in anything]

    public = similar_practices(
        title=first.title, summary=first.summary, exclude_pk=first.pk, among=Practice.objects.published()
    )
    assert draft not in [item.practice for item in public]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Développement local : l'expérience de Kayes", "DEVELOPPEMENT LOCAL - L’EXPERIENCE DE KAYES"),
        ("Developpement local, l'experience de Kayes", "Développement local : l'Expérience de Kayes!"),
    ],
)
def test_case_accents_and_punctuation_do_not_hide_a_duplicate(db, stored, typed):
    practice = Practice.objects.create(title=stored, summary="Local development with the diaspora.", status="published")
    similar = similar_practices(title=typed, summary="")
    assert [item.practice for item in similar] == [practice]
    assert similar[0].score == 100
    assert normalise(stored) == normalise(typed)


def test_the_best_match_is_found_even_when_many_titles_share_a_common_word(amedip):
    first, second = amedip
    Practice.objects.bulk_create(
        Practice(title=f"Diaspora engagement programme number {n}", summary="Diaspora.", status="published")
        for n in range(MAX_CANDIDATES + 50)
    )
    similar = similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk)
    assert similar[0].practice == second


def test_finding_similar_practices_takes_two_queries_whatever_the_size_of_the_table(amedip, django_assert_num_queries):
    first, second = amedip
    # More titles than the candidate cap, each holding all three looked-up words of the AMEDIP title.
    Practice.objects.bulk_create(
        Practice(title=f"Strengthening diaspora exchange {n}", summary="Other text.", status="published")
        for n in range(MAX_CANDIDATES + 100)
    )
    with django_assert_num_queries(2):
        similar = similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk, limit=5)
    assert similar[0].practice == second


def test_a_title_without_distinctive_words_finds_nothing_without_querying(db, django_assert_num_queries):
    Practice.objects.create(title="The", summary="x", status="published")
    with django_assert_num_queries(0):
        assert similar_practices(title="of the", summary="") == []


def test_the_editor_overview_lists_the_amedip_pair_and_nothing_else_from_the_seed(amedip):
    first, second = amedip
    pairs = duplicate_pairs()
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.first, pair.second) == (first, second)
    assert pair.score >= SIMILARITY_THRESHOLD


def test_the_editor_overview_leaves_out_drafts_and_includes_submitted_practices(amedip):
    first, second = amedip
    Practice.objects.create(title=AMEDIP, summary="Draft copy.", status="draft")
    submitted = Practice.objects.create(title=AMEDIP, summary="Submitted copy.", status="submitted")

    pairs = {frozenset({pair.first.pk, pair.second.pk}) for pair in duplicate_pairs()}
    assert pairs == {
        frozenset({first.pk, second.pk}),
        frozenset({first.pk, submitted.pk}),
        frozenset({second.pk, submitted.pk}),
    }


def test_the_similar_partial_shows_title_link_state_submitter_and_score(amedip, client, merging_editor):
    first, second = amedip
    client.force_login(merging_editor)
    html = client.get(f"/practices/{first.pk}/merge/").content.decode()
    similar = similar_practices(title=first.title, summary=first.summary, exclude_pk=first.pk)[0]
    assert f'href="/practices/{second.pk}/"' in html
    assert f"{similar.score}% similar" in html
    assert "Published" in html
    assert second.submitter.display_name in html


def test_a_contributor_sees_look_alikes_among_what_they_may_open_never_another_persons_draft(amedip, client):
    first, second = amedip
    owner = first.submitter
    summary = "A draft of the same project."
    mine = Practice.objects.create(title=AMEDIP, summary=summary, status="draft", submitter=owner)
    my_other = Practice.objects.create(title=AMEDIP, summary=summary, status="draft", submitter=owner)
    theirs = Practice.objects.create(title=AMEDIP, summary=summary, status="draft", submitter=second.submitter)
    client.force_login(owner)
    html = client.get(f"/practices/{mine.pk}/").content.decode()
    for shown in (first, second, my_other):
        assert f'href="/practices/{shown.pk}/"' in html
    assert f'href="/practices/{theirs.pk}/"' not in html

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum.models import Edition
from portal.practices.merge import combine_body, combine_lines, combined_history, merge_practices
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme, Transition
from tests.conftest import with_totp
from tests.html_text import visible_lines

AMEDIP = "Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP)"


@pytest.fixture
def amedip(mali):
    """The seed's two AMEDIP records: (Ms. BRON's, Mr. Muhamudo's)."""
    first, second = Practice.objects.filter(title=AMEDIP).order_by("pk")
    return first, second


def _user(username: str, *, staff: bool, may_change_practices: bool) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=staff)
    if may_change_practices:
        user.user_permissions.add(Permission.objects.get(codename="change_practice"))
    user = User.objects.get(pk=user.pk)  # fresh: no cached permissions
    return with_totp(user) if staff else user  # staff cannot work without a second factor


@pytest.fixture
def merging_editor(db):
    return _user("merging-editor", staff=True, may_change_practices=True)


def snapshot() -> dict:
    """Everything a merge writes, to compare before and after a refused one."""
    return {
        "practices": Practice.objects.count(),
        "sources": PracticeSource.objects.count(),
        "transitions": Transition.objects.count(),
        "history": Practice.history.count(),
        "records": [
            (
                practice.pk,
                practice.merged_into_id,
                practice.status,
                practice.body,
                practice.partners,
                practice.is_global,
                sorted(practice.countries.values_list("pk", flat=True)),
                sorted(practice.themes.values_list("pk", flat=True)),
                sorted(practice.gcm_objectives.values_list("pk", flat=True)),
                sorted(practice.sdg_targets.values_list("pk", flat=True)),
            )
            for practice in Practice.objects.order_by("pk")
        ],
    }


def test_merge_unions_countries_themes_objectives_targets_and_sources_and_keeps_both_histories(amedip, merging_editor):
    survivor, duplicate = amedip
    mali, senegal = Country.objects.get(iso3="MLI"), Country.objects.get(iso3="SEN")
    theme_a, theme_b = Theme.objects.order_by("pk")[:2]
    objective_1, objective_19 = GCMObjective.objects.get(number=1), GCMObjective.objects.get(number=19)
    target_10_7, target_10_c = SDGTarget.objects.get(code="10.7"), SDGTarget.objects.get(code="10.c")
    edition = Edition.objects.order_by("pk").first()

    survivor.themes.add(theme_a)
    survivor.gcm_objectives.add(objective_1)
    survivor.sdg_targets.add(target_10_7)
    survivor.partners = "ICMPD\nIOM"
    survivor.body = "Survivor's own description."
    survivor.save()
    PracticeSource.objects.create(practice=survivor, text="Shared source", edition=edition)
    duplicate.countries.add(senegal)
    duplicate.themes.add(theme_a, theme_b)
    duplicate.gcm_objectives.add(objective_19)
    duplicate.sdg_targets.add(target_10_7, target_10_c)
    duplicate.is_global = True
    duplicate.partners = "iom\nEuropean Union"
    duplicate.body = "The duplicate's description."
    duplicate.save()
    PracticeSource.objects.create(practice=duplicate, text="Shared source", edition=edition)
    PracticeSource.objects.create(practice=duplicate, text="GFMD 2014 Stockholm roundtable")
    duplicate_history_before = set(duplicate.history.values_list("history_id", flat=True))
    survivor_history_before = set(survivor.history.values_list("history_id", flat=True))

    result = merge_practices(
        survivor=survivor, duplicate=duplicate, editor=merging_editor, comment="Same project, two submitters."
    )

    assert result == survivor
    assert set(survivor.countries.all()) == {mali, senegal}
    assert set(survivor.themes.all()) == {theme_a, theme_b}
    assert set(survivor.gcm_objectives.all()) == {objective_1, objective_19}
    assert set(survivor.sdg_targets.all()) == {target_10_7, target_10_c}
    assert list(survivor.sources.values_list("text", "edition")) == [
        ("Shared source", edition.pk),
        ("GFMD 2014 Stockholm roundtable", None),
    ]
    assert duplicate.sources.count() == 2, "the duplicate keeps its own sources"
    assert survivor.is_global is True
    assert survivor.partners == "ICMPD\nIOM\nEuropean Union"
    assert survivor.body == (
        f"Survivor's own description.\n\nFrom the merged record: {AMEDIP}\n\nThe duplicate's description."
    )
    assert duplicate.merged_into == survivor
    assert duplicate.status == survivor.status == "published"

    merged_step = duplicate.transitions.get()
    absorbed_step = survivor.transitions.get()
    assert merged_step.comment == f"Merged into #{survivor.pk}\n\nSame project, two submitters."
    assert absorbed_step.comment == f"Absorbed #{duplicate.pk}\n\nSame project, two submitters."
    assert merged_step.actor == absorbed_step.actor == merging_editor
    assert (merged_step.from_status, merged_step.to_status) == ("published", "published")

    history = combined_history(survivor)
    history_ids = {entry.history_id for entry in history}
    assert duplicate_history_before | survivor_history_before < history_ids
    assert {entry.id for entry in history} == {survivor.pk, duplicate.pk}
    dates = [entry.history_date for entry in history]
    assert dates == sorted(dates, reverse=True)
    # One new entry each, by the editor, naming the other record; the survivor's holds the union.
    assert len(history_ids) == len(duplicate_history_before) + len(survivor_history_before) + 2
    latest = survivor.history.first()
    assert latest.history_user == merging_editor
    assert latest.history_change_reason == f"Absorbed #{duplicate.pk}"
    assert {row.country_id for row in latest.countries.all()} == {mali.pk, senegal.pk}
    assert duplicate.history.first().history_change_reason == f"Merged into #{survivor.pk}"


def test_merging_records_with_the_same_description_does_not_repeat_it(amedip, merging_editor):
    survivor, duplicate = amedip
    Practice.objects.filter(pk__in=[survivor.pk, duplicate.pk]).update(body="Same words.\n")
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    merge_practices(survivor=survivor, duplicate=duplicate, editor=merging_editor)
    assert survivor.body == "Same words."


def test_partner_lines_and_descriptions_are_combined_without_repetition():
    assert combine_lines("ICMPD\nIOM", "IOM \n\nicmpd\nUNDP") == "ICMPD\nIOM\nUNDP"
    assert combine_lines("", "UNDP\nUNDP") == "UNDP"
    assert combine_body("Kept.", "", "Other") == "Kept."
    assert combine_body("Kept. Added text.", "Added   text.", "Other") == "Kept. Added text."
    assert combine_body("", "Added.", "Other") == "From the merged record: Other\n\nAdded."


def test_a_record_merged_earlier_into_the_duplicate_then_points_at_the_survivor(amedip, merging_editor):
    survivor, duplicate = amedip
    earlier = Practice.objects.create(title=AMEDIP, summary="A third copy.", status="published")
    merge_practices(survivor=duplicate, duplicate=earlier, editor=merging_editor)
    merge_practices(survivor=survivor, duplicate=duplicate, editor=merging_editor)

    earlier.refresh_from_db()
    assert earlier.merged_into == survivor
    assert {entry.id for entry in combined_history(survivor)} == {survivor.pk, duplicate.pk, earlier.pk}


@pytest.mark.parametrize("case", ["itself", "already merged", "into a merged record"])
def test_the_service_refuses_impossible_merges_and_writes_nothing(amedip, merging_editor, case):
    first, second = amedip
    third = Practice.objects.create(title="Malian diaspora investment", summary="x", status="published")
    merge_practices(survivor=first, duplicate=second, editor=merging_editor)
    before = snapshot()
    survivor, duplicate, message = {
        "itself": (third, third, f"Record #{third.pk} cannot be merged into itself."),
        "already merged": (third, second, f"Record #{second.pk} was already merged into #{first.pk}"),
        "into a merged record": (second, third, f"Record #{second.pk} is itself merged into #{first.pk}"),
    }[case]
    with pytest.raises(ValueError, match=message):
        merge_practices(survivor=survivor, duplicate=duplicate, editor=merging_editor)
    assert snapshot() == before


# The merge page.


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("non-staff user", 403), ("staff without change_practice", 403), ("editor", 200)],
)
def test_only_editors_may_open_or_post_the_merge_page(client, amedip, who, expected):
    first, second = amedip
    users = {
        "non-staff user": lambda: _user("plain", staff=False, may_change_practices=True),
        "staff without change_practice": lambda: _user("staff", staff=True, may_change_practices=False),
        "editor": lambda: _user("editor-x", staff=True, may_change_practices=True),
    }
    if who in users:
        client.force_login(users[who]())
    url = f"/practices/{first.pk}/merge/"

    response = client.get(url)
    assert response.status_code == expected
    if who == "anonymous":
        # The login page the project names (the admin's today): /admin/login/?next=/practices/<pk>/merge/
        assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"

    response = client.post(url, {"other": second.pk, "keep": "this"})
    assert response.status_code == (302 if who in ("anonymous", "editor") else 403)
    second.refresh_from_db()
    assert (second.merged_into_id == first.pk) is (who == "editor")


def test_the_merge_page_shows_the_record_its_similar_practices_and_a_protected_form(client, amedip, merging_editor):
    first, second = amedip
    client.force_login(merging_editor)
    response = client.get(f"/practices/{first.pk}/merge/")
    html = response.content.decode()
    lines = visible_lines(html)
    assert f'Merge "{AMEDIP}"' in lines
    assert "Similar records" in lines
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="other" value="{second.pk}"' in html
    assert 'name="keep" value="this"' in html and 'name="keep" value="other"' in html
    assert "<script" not in html and "style=" not in html


def test_an_editor_merges_from_the_page_and_lands_on_the_survivor_with_a_message(client, amedip, merging_editor):
    first, second = amedip
    client.force_login(merging_editor)
    response = client.post(
        f"/practices/{first.pk}/merge/", {"other": second.pk, "keep": "other", "comment": "Keep the longer one."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{second.pk}/"
    first.refresh_from_db()
    assert first.merged_into == second
    assert second.transitions.get().comment == f"Absorbed #{first.pk}\n\nKeep the longer one."

    page = client.get(response["Location"])
    assert f'Record #{first.pk} "{AMEDIP}" was merged into this one (#{second.pk}); its page now leads here.' in (
        visible_lines(page.content.decode())
    )


@pytest.mark.parametrize("case", ["itself", "already merged", "this record is merged", "no such record"])
def test_a_refused_merge_shows_its_message_on_the_page_and_changes_nothing(client, amedip, merging_editor, case):
    first, second = amedip
    third = Practice.objects.create(title="Malian diaspora investment", summary="x", status="published")
    merge_practices(survivor=first, duplicate=second, editor=merging_editor)
    client.force_login(merging_editor)
    before = snapshot()
    page, data, message = {
        "itself": (third, {"other_number": third.pk}, f"Record #{third.pk} cannot be merged into itself."),
        "already merged": (
            third,
            {"other_number": second.pk},
            f"Record #{second.pk} was already merged into #{first.pk}; it cannot be merged again.",
        ),
        "this record is merged": (
            second,
            {"other_number": third.pk},
            f"Record #{second.pk} is itself merged into #{first.pk}; merge into #{first.pk} instead.",
        ),
        "no such record": (third, {"other_number": 999999}, "There is no record #999999."),
    }[case]

    response = client.post(f"/practices/{page.pk}/merge/", {**data, "keep": "this", "comment": "try"})

    assert response.status_code == 200
    assert message in visible_lines(response.content.decode())
    assert snapshot() == before


def test_titles_are_shown_as_text_on_the_merge_page(client, db, merging_editor):
    marked = Practice.objects.create(title="<b>Diaspora</b> bonds <script>x()</script>", summary="s", status="draft")
    twin = Practice.objects.create(title="<b>Diaspora</b> bonds <script>x()</script>", summary="s", status="published")
    client.force_login(merging_editor)
    html = client.get(f"/practices/{marked.pk}/merge/").content.decode()
    assert "<script>x()" not in html and "<b>Diaspora" not in html
    assert "&lt;b&gt;Diaspora&lt;/b&gt; bonds &lt;script&gt;x()&lt;/script&gt;" in html
    assert f'href="/practices/{twin.pk}/"' in html


def test_the_merged_record_page_redirects_to_the_survivor(client, amedip, merging_editor):
    survivor, duplicate = amedip
    merge_practices(survivor=survivor, duplicate=duplicate, editor=merging_editor)
    response = client.get(f"/practices/{duplicate.pk}/")
    assert response.status_code in (301, 302)
    assert response["Location"] == f"/practices/{survivor.pk}/"

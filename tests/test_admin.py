import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from portal.countries.models import Country, ExternalResource
from portal.forum.models import (
    CorrectionProposal,
    Edition,
    Meeting,
    MeetingRole,
    Participation,
    Roundtable,
    RoundtableRole,
)
from portal.practices.models import GCMObjective, Practice, SDGTarget, Theme

ADMIN_APPS = ("countries", "forum", "practices")


def admin_models():
    """Models editors manage on their own pages (history tables and inlined records aside)."""
    inlined = {"PracticeSource", "Transition"}
    return [
        model
        for label in ADMIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and model.__name__ not in inlined
    ]


@pytest.fixture
def one_of_each(db):
    """One saved record of every model the editors manage, keyed by model."""
    mali = Country.objects.create(
        iso2="ML",
        iso3="MLI",
        name="Mali",
        official_name="Republic of Mali",
        region="Africa",
        gfmd_status=Country.GfmdStatus.MEMBER_STATE,
    )
    Country.objects.create(iso2="FR", iso3="FRA", name="France", region="Europe")
    resource = ExternalResource.objects.create(title="i-Map: Mali", url="https://example.org/mali", publisher="ICMPD")
    resource.countries.add(mali)
    edition = Edition.objects.create(ordinal=7, label="2013-2014", chair="Sweden", summit_city="Stockholm")
    meeting = Meeting.objects.create(
        edition=edition,
        kind=Meeting.Kind.THEMATIC_MEETING,
        title="Recruitment",
        start_date=datetime.date(2013, 9, 11),
        country=mali,
    )
    roundtable = Roundtable.objects.create(edition=edition, code="RT 2.4", session_title="Diaspora")
    participation = Participation.objects.create(country=mali, edition=edition, attended_summit=True)
    roundtable_role = RoundtableRole.objects.create(
        participation=participation, roundtable=roundtable, role="Team Member"
    )
    meeting_role = MeetingRole.objects.create(participation=participation, meeting=meeting, role="Participated")
    parent_theme = Theme.objects.create(name="Diaspora", slug="diaspora")
    theme = Theme.objects.create(name="Remittances", slug="remittances", parent=parent_theme)
    objective = GCMObjective.objects.create(number=19, short_label="Diaspora contributions")
    target = SDGTarget.objects.create(code="10.c", title="Reduce remittance costs")
    practice = Practice.objects.create(
        title="Malian Diaspora Forum", summary="Fora with the diaspora.", status=Practice.Status.PUBLISHED
    )
    practice.countries.add(mali)
    practice.themes.add(theme)
    practice.gcm_objectives.add(objective)
    practice.sdg_targets.add(target)
    proposal = CorrectionProposal.objects.create(
        country=mali, edition=edition, changes={"attended_summit": False}, note="Mali sent no delegation."
    )
    return {
        CorrectionProposal: proposal,
        Country: mali,
        ExternalResource: resource,
        Edition: edition,
        Meeting: meeting,
        Roundtable: roundtable,
        Participation: participation,
        RoundtableRole: roundtable_role,
        MeetingRole: meeting_role,
        Theme: theme,
        GCMObjective: objective,
        SDGTarget: target,
        Practice: practice,
    }


def test_every_model_of_countries_forum_and_practices_is_in_the_admin():
    missing = [model.__name__ for model in admin_models() if not admin.site.is_registered(model)]

    assert missing == []


def test_superuser_opens_every_changelist_add_and_change_page(admin_client, one_of_each):
    assert set(one_of_each) == set(admin_models()), "the fixture covers every registered model"
    for model, instance in one_of_each.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages = [
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_add".format(*info)),
            reverse("admin:{}_{}_change".format(*info), args=[instance.pk]),
        ]
        for url in pages:
            response = admin_client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"


def test_superuser_changelists_accept_their_filters(admin_client, one_of_each):
    # Each list_filter parameter the sidebar offers must give a working page, not an error redirect.
    edition = one_of_each[Edition]
    checks = {
        "admin:countries_country_changelist": {"region": "Africa", "gfmd_status__exact": "member_state"},
        "admin:forum_meeting_changelist": {"edition__id__exact": edition.pk, "kind__exact": "thematic_meeting"},
        "admin:forum_roundtable_changelist": {"edition__id__exact": edition.pk},
        "admin:forum_participation_changelist": {"edition__id__exact": edition.pk, "attended_summit__exact": 1},
        "admin:practices_practice_changelist": {"status__exact": "published"},
    }
    for name, params in checks.items():
        response = admin_client.get(reverse(name), params)
        assert response.status_code == 200, name
        assert response.context["cl"].result_count == 1, name


def test_every_changelist_search_answers_with_words_and_numbers(admin_client, one_of_each):
    for model in one_of_each:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin.site.get_model_admin(model).search_fields, f"{model.__name__} has no search"
        for term in ("mali", "19", "10.c"):
            response = admin_client.get(url, {"q": term})
            assert response.status_code == 200, f"{url}?q={term}"


@pytest.mark.parametrize("term", ["mali", "Republic of Mali", "MLI", "ml"])
def test_country_changelist_search_finds_by_name_official_name_and_codes(admin_client, one_of_each, term):
    response = admin_client.get(reverse("admin:countries_country_changelist"), {"q": term})

    assert response.status_code == 200
    assert [country.iso3 for country in response.context["cl"].result_list] == ["MLI"]


def test_participation_changelist_search_by_country_name(admin_client, one_of_each):
    response = admin_client.get(reverse("admin:forum_participation_changelist"), {"q": "Mali"})

    assert [str(row) for row in response.context["cl"].result_list] == ["Mali in 2013-2014"]


def test_participation_change_page_edits_roundtable_and_meeting_roles_inline(admin_client, one_of_each):
    participation = one_of_each[Participation]

    response = admin_client.get(reverse("admin:forum_participation_change", args=[participation.pk]))

    formsets = {formset.formset.prefix: formset.formset for formset in response.context["inline_admin_formsets"]}
    assert set(formsets) == {"roundtable_roles", "meeting_roles"}
    assert formsets["roundtable_roles"].forms[0].instance == one_of_each[RoundtableRole]
    assert formsets["meeting_roles"].forms[0].instance == one_of_each[MeetingRole]


def test_country_autocomplete_answers_for_participation_country(admin_client, one_of_each):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "mal", "app_label": "forum", "model_name": "participation", "field_name": "country"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Mali"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("admin:practices_practice_changelist", {"date_shared__year": "99999999999999999999"}),
        ("admin:forum_meeting_changelist", {"start_date__year": "99999999999999999999"}),
    ],
)
def test_a_year_beyond_the_calendar_in_a_list_filter_answers_400(admin_client, one_of_each, name, params):
    response = admin_client.get(reverse(name), params)
    assert response.status_code == 400
    assert "The portal could not understand this request." in response.content.decode()


def test_an_id_beyond_the_databases_numbers_in_a_list_filter_is_not_a_server_error(admin_client, one_of_each):
    # SQLite cannot take the number (400); PostgreSQL compares it and finds nothing (200). A word where
    # an id belongs ("?id__in=1,abc") Django checks itself (a redirect to "?e=1").
    response = admin_client.get(reverse("admin:practices_practice_changelist"), {"id__in": "1,99999999999999999999"})
    assert response.status_code == (400 if connection.vendor == "sqlite" else 200)


@pytest.mark.parametrize("chosen", ["abc", "99999999999999999999", "1.5"])
def test_an_action_on_ids_that_are_not_ids_is_refused_and_deletes_nothing(admin_client, one_of_each, chosen):
    before = Theme.objects.count()
    response = admin_client.post(
        reverse("admin:practices_theme_changelist"),
        {"action": "delete_selected", "_selected_action": [chosen], "post": "yes"},
    )
    # PostgreSQL compares a huge number and finds nothing to delete (back to the list, 302).
    huge_on_postgresql = chosen.isdecimal() and connection.vendor != "sqlite"
    assert response.status_code == (302 if huge_on_postgresql else 400)
    assert Theme.objects.count() == before


def test_a_value_error_outside_the_lists_is_still_a_server_error(admin_client, one_of_each, monkeypatch):
    # The 400 is for what a list's address asks of the database, not for a bug in a page.
    from portal.practices.admin import ThemeAdmin

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(ThemeAdmin, "get_object", broken)  # read at request time, unlike the URLs' views
    with pytest.raises(ValueError, match="a bug"):
        admin_client.get(reverse("admin:practices_theme_change", args=[one_of_each[Theme].pk]))


def test_the_admin_is_named_for_the_portal_and_lists_each_section_once(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "GFMD Portal administration" in html
    assert "Django administration" not in html
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert len(sections) == len(set(sections)), sections
    assert "Users" in sections

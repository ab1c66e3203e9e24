"""The import review: editors list the doubts of the imported pages, filter them and mark them settled."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.accounts.models import User
from portal.countries.models import Country
from portal.legacy.models import ImportDoubt
from tests.conftest import with_totp

URL = "/admin/legacy/importdoubt/"
PAGES = "tests/data/pages"


@pytest.fixture
def imported(reference_data):
    for page in ("turkey.txt", "belgium.txt"):
        call_command("import_page", f"{PAGES}/{page}", stdout=io.StringIO())


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("eda", "eda@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(with_totp(User.objects.get(pk=user.pk)))
    client.user = user
    return client


def test_an_import_stores_its_doubts_with_line_text_and_the_record_they_concern(imported):
    turkey = Country.objects.get(iso3="TUR")
    doubts = ImportDoubt.objects.filter(country=turkey)
    assert doubts.count() == 10
    kept = doubts.get(line=65)
    assert (kept.kind, kept.text, kept.source) == ("verbatim", "Business Roundtable", "old portal page turkey.txt")
    assert kept.participation.edition.label == kept.edition.label == "2012"
    assert kept.settled_at is None


def test_editors_list_and_filter_the_doubts_by_country_kind_and_settled(editor_client, imported):
    page = editor_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Business Roundtable" in html and "Kingdom of Belgium" not in html
    turkey = Country.objects.get(iso3="TUR")
    by_country = editor_client.get(URL, {"country__id__exact": turkey.pk}).content.decode()
    assert "Business Roundtable" in by_country and "POINT (4 50.5)" not in by_country
    by_kind = editor_client.get(URL, {"kind__exact": "corrected"}).content.decode()
    assert "POINT (4 50.5)" in by_kind and "Business Roundtable" not in by_kind
    assert "Business Roundtable" in editor_client.get(URL, {"settled": "no"}).content.decode()
    assert "Business Roundtable" not in editor_client.get(URL, {"settled": "yes"}).content.decode()
    assert "Business Roundtable" in editor_client.get(URL, {"q": "Business"}).content.decode()


def test_each_doubt_links_to_the_record_to_correct(editor_client, imported):
    doubt = ImportDoubt.objects.get(country__iso3="TUR", line=65)
    html = editor_client.get(URL, {"q": "Business"}).content.decode()
    assert f'href="/admin/forum/participation/{doubt.participation_id}/change/"' in html
    official = ImportDoubt.objects.get(country__iso3="TUR", line=2)
    html = editor_client.get(URL, {"q": "Republic of Turkey"}).content.decode()
    assert f'href="/admin/countries/country/{official.country_id}/change/"' in html


def test_mark_settled_records_who_and_when(editor_client, imported):
    chosen = list(ImportDoubt.objects.filter(country__iso3="TUR").values_list("pk", flat=True)[:3])
    response = editor_client.post(URL, {"action": "mark_settled", "_selected_action": chosen}, follow=True)
    assert "3 doubts marked settled." in response.content.decode()
    settled = ImportDoubt.objects.filter(pk__in=chosen)
    assert {doubt.settled_by_id for doubt in settled} == {editor_client.user.pk}
    assert all(doubt.settled_at for doubt in settled)
    assert ImportDoubt.objects.filter(settled_at__isnull=True).count() == ImportDoubt.objects.count() - 3


def test_a_settled_doubt_stays_settled_after_a_new_import(editor_client, imported):
    doubt = ImportDoubt.objects.get(country__iso3="TUR", line=65)
    editor_client.post(URL, {"action": "mark_settled", "_selected_action": [doubt.pk]})
    count = ImportDoubt.objects.count()
    call_command("import_page", f"{PAGES}/turkey.txt", stdout=io.StringIO())
    assert ImportDoubt.objects.count() == count
    doubt.refresh_from_db()
    assert doubt.settled_at is not None


def test_the_country_admin_page_lists_its_doubts(editor_client, imported):
    turkey = Country.objects.get(iso3="TUR")
    html = editor_client.get(f"/admin/countries/country/{turkey.pk}/change/").content.decode()
    assert "Business Roundtable" in html and "Platform for Partnerships" in html
    assert "POINT (4 50.5)" not in html


def test_nobody_else_sees_the_import_review(client, imported):
    assert client.get(URL).status_code == 302  # anonymous: to the sign-in page
    member = User.objects.create_user("member", "member@example.org", "pw")
    client.force_login(member)
    assert client.get(URL).status_code == 302
    staff = with_totp(User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True))
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    turkey = Country.objects.get(iso3="TUR")
    staff.user_permissions.add(*Group.objects.get(name="Editors").permissions.filter(codename="change_country"))
    staff.user_permissions.add(*Group.objects.get(name="Editors").permissions.filter(codename="view_country"))
    client.force_login(User.objects.get(pk=staff.pk))
    html = client.get(f"/admin/countries/country/{turkey.pk}/change/").content.decode()
    assert "Business Roundtable" not in html  # the country, without the permission to see its doubts


def test_the_record_to_correct_shows_its_lines_kept_as_written(editor_client, imported):
    doubt = ImportDoubt.objects.get(country__iso3="TUR", line=65)
    html = editor_client.get(f"/admin/forum/participation/{doubt.participation_id}/change/").content.decode()
    assert "Kept as written" in html and "Business Roundtable" in html
    turkey = Country.objects.get(iso3="TUR")
    html = editor_client.get(f"/admin/countries/country/{turkey.pk}/change/").content.decode()
    assert "Subscribe to Turkey" in html  # the country's own lines kept as written, editable

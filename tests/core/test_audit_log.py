"""The audit log: who changed what through the admin, on one page that nobody can rewrite."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group

from portal.countries.models import Country
from tests.conftest import with_totp

AUDIT_LOG = "/admin/admin/logentry/"


@pytest.fixture
def changed_country(admin_client, admin_user):
    """Mali, whose GFMD status an administrator changed through its admin page."""
    country = Country.objects.create(iso2="ML", iso3="MLI", name="Mali", official_name="Republic of Mali")
    page = admin_client.get(f"/admin/countries/country/{country.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["gfmd_status"] = Country.GfmdStatus.MEMBER_STATE
    response = admin_client.post(f"/admin/countries/country/{country.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    return country


def test_the_audit_log_lists_who_changed_which_record_and_which_fields(admin_client, changed_country):
    page = admin_client.get(AUDIT_LOG)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mali" in html
    assert "admin" in html  # the user who changed it
    assert "Changed" in html
    assert "GFMD status" in html  # the field that changed
    assert f"/admin/countries/country/{changed_country.pk}/change/" in html


def test_the_audit_log_can_be_searched_by_user_and_record(admin_client, changed_country):
    def found(words: str) -> int:
        return admin_client.get(AUDIT_LOG, {"q": words}).context["cl"].result_count

    assert LogEntry.objects.count() == 1
    assert found("nobody") == 0
    assert found("Mali") == 1
    assert found("admin") == 1  # the user


def test_nobody_can_add_change_or_delete_an_entry_of_the_audit_log(admin_client, changed_country):
    entry = LogEntry.objects.get()
    assert admin_client.get(AUDIT_LOG + "add/").status_code == 403
    assert admin_client.post(f"{AUDIT_LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(f"{AUDIT_LOG}{entry.pk}/change/", {"change_message": "nothing happened"})
    entry.refresh_from_db()
    assert "nothing happened" not in entry.change_message
    assert LogEntry.objects.count() == 1


def test_an_editor_without_the_permission_cannot_read_the_audit_log(client, django_user_model, changed_country):
    editor = django_user_model.objects.create_user("eda", "eda@example.org", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(with_totp(editor))
    assert client.get(AUDIT_LOG).status_code == 403

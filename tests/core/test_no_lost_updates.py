"""Two editors saving the same record: the second is told, sees both versions, and nothing is overwritten."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.accounts.models import User
from portal.core.concurrency import version_of
from portal.forum.models import Participation
from tests.conftest import with_totp


def editor(name: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return with_totp(User.objects.get(pk=user.pk))


@pytest.fixture
def record(mali):
    return Participation.objects.get(country=mali, edition__label="2009")


def admin_form(client, record) -> dict:
    """What the change page would post back, as the page was loaded."""
    page = client.get(reverse("admin:forum_participation_change", args=[record.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("on" if value is True else "" if value in (False, None) else value) for name, value in data.items()}
    for prefix in ("roundtable_roles", "meeting_roles"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_second_of_two_editors_is_told_and_the_first_save_stands(client, record):
    first, second = editor("first"), editor("second")
    client.force_login(first)
    first_form = admin_form(client, record)
    client.force_login(second)
    second_form = admin_form(client, record)

    client.force_login(first)
    first_form["financial_contribution"] = "USD 10,000 (first editor)"
    response = client.post(reverse("admin:forum_participation_change", args=[record.pk]), first_form)
    assert response.status_code == 302

    client.force_login(second)
    second_form["financial_contribution"] = "EUR 5,000 (second editor)"
    response = client.post(reverse("admin:forum_participation_change", args=[record.pk]), second_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record after you opened it, so your changes were not saved." in page
    assert "theirs “USD 10,000 (first editor)”, yours “EUR 5,000 (second editor)”" in page
    record.refresh_from_db()
    assert record.financial_contribution == "USD 10,000 (first editor)"


def test_a_save_on_the_current_version_goes_through(client, record):
    client.force_login(editor("only"))
    form = admin_form(client, record)
    assert form["loaded_version"] == version_of(record)
    form["financial_contribution"] = "CHF 2,000"
    assert client.post(reverse("admin:forum_participation_change", args=[record.pk]), form).status_code == 302
    record.refresh_from_db()
    assert record.financial_contribution == "CHF 2,000"

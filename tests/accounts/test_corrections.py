"""Focal points propose corrections to their own country's record; editors accept or decline."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum.models import CorrectionProposal, Participation
from tests.conftest import with_totp
from tests.practices.conftest import mail_to


@pytest.fixture
def focal_point(mali):
    user = User.objects.create_user("fp", "fp@example.org", "pw", first_name="Awa", last_name="KEITA", salutation="Ms.")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.focal_point_for.add(mali)
    return user


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return with_totp(User.objects.get(pk=user.pk))


def propose_2009_no_summit(client):
    return client.post(
        reverse("forum:propose_correction", args=["mli"]),
        {
            "edition": _edition_pk("2009"),
            "attended_prep_meetings": "",
            "attended_summit": "",
            "financial_contribution": "",
            "note": "Report of the 2009 summit, list of delegations, p. 4",
        },
    )


def _edition_pk(label):
    from portal.forum.models import Edition

    return Edition.objects.get(label=label).pk


def test_a_focal_points_accepted_correction_changes_the_record_and_the_history_says_who(
    client, focal_point, editor, mali, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    client.force_login(focal_point)
    propose_2009_no_summit(client)
    proposal = CorrectionProposal.objects.get()
    assert proposal.changes == {"attended_summit": False}
    record = Participation.objects.get(country=mali, edition__label="2009")
    assert record.attended_summit is True, "nothing changes before an editor decides"

    client.force_login(editor)
    assert "Mali: GFMD 2009" in client.get(reverse("forum:corrections")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:correction", args=[proposal.pk]), {"decision": "accept", "comment": "Checked."})
    record.refresh_from_db()
    assert record.attended_summit is False
    last = record.history.first()
    assert last.history_user == editor
    assert last.history_change_reason == f"Correction #{proposal.pk} proposed by Ms. Awa KEITA"
    assert "was accepted" in mail_to(tmp_path / "mail", "fp@example.org")[-1]


def test_a_declined_correction_needs_a_reason_and_changes_nothing(client, focal_point, editor, mali):
    client.force_login(focal_point)
    propose_2009_no_summit(client)
    proposal = CorrectionProposal.objects.get()
    client.force_login(editor)
    response = client.post(reverse("forum:correction", args=[proposal.pk]), {"decision": "decline", "comment": ""})
    assert "Please say why the proposal is declined" in response.content.decode()
    client.post(reverse("forum:correction", args=[proposal.pk]), {"decision": "decline", "comment": "No source."})
    proposal.refresh_from_db()
    assert proposal.state == "declined"
    assert Participation.objects.get(country=mali, edition__label="2009").attended_summit is True


def test_a_proposal_identical_to_the_record_is_refused(client, focal_point, mali):
    client.force_login(focal_point)
    response = client.post(
        reverse("forum:propose_correction", args=["mli"]),
        {"edition": _edition_pk("2009"), "attended_summit": "on", "note": "Same as the record"},
    )
    assert "Nothing differs from the record: there is nothing to propose." in response.content.decode()
    assert not CorrectionProposal.objects.exists()


def test_a_focal_point_cannot_propose_for_another_country(client, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("forum:propose_correction", args=["sen"])).status_code == 403
    response = client.post(
        reverse("forum:propose_correction", args=["sen"]), {"edition": "", "background": "x", "note": "y"}
    )
    assert response.status_code == 403
    assert not CorrectionProposal.objects.exists()
    assert Country.objects.get(iso3="SEN").background == ""


@pytest.mark.parametrize(
    ("who", "propose", "queue"),
    [("anonymous", 302, 302), ("contributor", 403, 403), ("focal_point", 200, 403), ("editor", 403, 200)],
)
def test_each_role_against_the_correction_pages(request, client, mali, focal_point, editor, who, propose, queue):
    if who == "contributor":
        user = User.objects.create_user("c", "c@example.org", "pw")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        client.force_login(user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("forum:propose_correction", args=["mli"])).status_code == propose
    assert client.get(reverse("forum:corrections")).status_code == queue


def test_an_editor_cannot_decide_twice(client, focal_point, editor, mali):
    client.force_login(focal_point)
    propose_2009_no_summit(client)
    proposal = CorrectionProposal.objects.get()
    client.force_login(editor)
    client.post(reverse("forum:correction", args=[proposal.pk]), {"decision": "decline", "comment": "No."})
    client.post(reverse("forum:correction", args=[proposal.pk]), {"decision": "accept", "comment": ""})
    proposal.refresh_from_db()
    assert proposal.state == "declined"
    assert Participation.objects.get(country=mali, edition__label="2009").attended_summit is True

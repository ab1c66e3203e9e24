"""Moderation and correction e-mails are tasks queued with ``transaction.on_commit``: a decision
rolled back tells no one; a committed one is told, with links to the host the decision came from."""

import pytest
from django.db import transaction

from portal.forum import corrections
from portal.forum.models import CorrectionProposal
from portal.lib.urls import using_root
from portal.practices import services
from portal.practices.models import Practice

from .conftest import mail_to


class Rollback(Exception):
    pass


@pytest.fixture
def waiting(contributor):
    return Practice.objects.create(
        title="Remittance corridors", summary="Lower fees.", submitter=contributor, status="submitted"
    )


def test_a_moderation_step_rolled_back_sends_nothing(mail_dir, editor, waiting, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        services.approve(practice=waiting, editor=editor)
        raise Rollback
    assert callbacks == []
    assert mail_to(mail_dir, "amina@example.org") == []
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


def test_a_moderation_step_is_told_once_committed_with_links_to_the_deciders_host(
    mail_dir, editor, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, using_root("https://portal.example.org"):
        services.approve(practice=waiting, editor=editor)
    assert mail_to(mail_dir, "amina@example.org") == [], "nothing before the commit"
    for callback in callbacks:
        callback()
    [message] = mail_to(mail_dir, "amina@example.org")
    assert "is now: Published" in message and f"https://portal.example.org/practices/{waiting.pk}/" in message


def test_a_submission_rolled_back_does_not_tell_the_editors(
    mail_dir, editor, contributor, django_capture_on_commit_callbacks
):
    draft = Practice.objects.create(title="Draft", summary="Text.", submitter=contributor)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        services.submit(practice=draft, actor=contributor)
        raise Rollback
    assert mail_to(mail_dir, "editor@example.org") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(practice=draft, actor=contributor)
    assert "awaits review" in mail_to(mail_dir, "editor@example.org")[-1]


def test_a_correction_decision_is_told_after_commit_only(
    mail_dir, editor, contributor, mali, django_capture_on_commit_callbacks
):
    contributor.focal_point_for.add(mali)
    proposal = CorrectionProposal.objects.create(country=mali, proposer=contributor, changes={"background": "New."})
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        corrections.decline(proposal=proposal, editor=editor, comment="No source.")
        raise Rollback
    assert mail_to(mail_dir, "amina@example.org") == []
    proposal.refresh_from_db()
    assert proposal.state == CorrectionProposal.State.PENDING

    with django_capture_on_commit_callbacks(execute=True), using_root("https://portal.example.org"):
        corrections.decline(proposal=proposal, editor=editor, comment="No source.")
    [message] = mail_to(mail_dir, "amina@example.org")
    assert "was declined" in message and "https://portal.example.org/countries/mli/" in message

"""What a practice page says about a practice that is not public yet, and the history the public reads."""

import re

import pytest

from portal.practices import services
from portal.practices.models import Practice
from tests import factories
from tests.conftest import with_totp


def history_entries(html: str) -> list[str]:
    found = re.search(r'<ol class="history">(.*?)</ol>', html, re.S)
    if found is None:
        return []
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


@pytest.fixture
def amina(reference_data):
    return factories.user("amina", first_name="Amina", last_name="DIALLO")


@pytest.fixture
def draft(amina):
    practice = factories.practice(
        "Diaspora savings", status=Practice.Status.DRAFT, submitter=amina, contact_email="amina@example.org"
    )
    practice._history_user = amina
    for summary in ("First try.", "Second try."):  # the author's drafts
        practice.summary = summary
        practice.save()
    return practice


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        ("draft", "Not public: this practice is a draft."),
        ("submitted", "Not public yet: this practice is waiting for an editor’s review."),
        ("changes_requested", "Not public yet: an editor has asked for changes."),
        ("rejected", "Not public: an editor has rejected this practice."),
        ("withdrawn", "Not public: this practice has been withdrawn."),
    ],
)
def test_the_author_reads_in_a_sentence_where_the_practice_stands(client, amina, draft, status, notice):
    Practice.objects.filter(pk=draft.pk).update(status=status)
    client.force_login(amina)
    html = client.get(f"/practices/{draft.pk}/").content.decode()
    assert f"{notice} Only you and the editors can see this page." in html


def test_an_unpublished_practice_is_not_said_to_have_an_unrecorded_date(client, amina, draft):
    client.force_login(amina)
    html = client.get(f"/practices/{draft.pk}/").content.decode()
    assert "Submitted by Amina DIALLO; the date is added when an editor publishes it." in html
    assert "unrecorded date" not in html


def test_a_contact_without_a_name_starts_with_what_there_is(client, amina, draft):
    client.force_login(amina)
    html = client.get(f"/practices/{draft.pk}/").content.decode()
    assert '<ul class="contact-parts"><li>amina@example.org</li></ul>' in html


def test_the_public_history_starts_at_publication_then_lists_each_update(client, amina, draft):
    editor = with_totp(factories.user("ed", editor=True))
    draft.refresh_from_db()
    draft = services.submit(practice=draft, actor=amina)
    draft = services.approve(practice=draft, editor=editor)
    entries = history_entries(client.get(f"/practices/{draft.pk}/").content.decode())
    assert len(entries) == 1 and entries[0].endswith(": Published"), entries

    draft._history_user = editor
    draft.partners = "IOM"
    draft.save()
    entries = history_entries(client.get(f"/practices/{draft.pk}/").content.decode())
    assert len(entries) == 2, entries
    assert entries[0].endswith(": Updated") and entries[1].endswith(": Published")


def test_a_draft_shows_no_history_to_its_author_either(client, amina, draft):
    client.force_login(amina)
    assert history_entries(client.get(f"/practices/{draft.pk}/").content.decode()) == []


def test_a_practice_published_again_after_a_withdrawal_reads_published_again(client, amina, draft):
    editor = with_totp(factories.user("ed", editor=True))
    draft.refresh_from_db()
    draft = services.approve(practice=services.submit(practice=draft, actor=amina), editor=editor)
    draft = services.withdraw(practice=draft, actor=amina)
    draft.refresh_from_db()
    draft._history_user = editor
    draft.status = Practice.Status.PUBLISHED
    draft.save()
    entries = history_entries(client.get(f"/practices/{draft.pk}/").content.decode())
    assert [entry.rsplit(": ", 1)[1] for entry in entries] == ["Published", "Published"], entries

"""A proposal that waited while the record was edited: accepting it must not undo the edit.

Acceptance compares each field the proposal changes as it was when the proposal was made (from the
record's history) with the record now, and refuses when it changed meanwhile."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum import corrections
from portal.forum.models import CorrectionProposal, Edition, Participation
from tests.conftest import with_totp


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return with_totp(User.objects.get(pk=user.pk))


def focal_point_for(country: Country) -> User:
    user = User.objects.create_user(f"fp-{country.iso3}", f"fp-{country.iso3}@example.org", "pw", first_name="Awa")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.focal_point_for.add(country)
    return user


def propose(country: Country, edition: Edition | None, **changes) -> CorrectionProposal:
    values = {**corrections.current_values(country, edition), **changes}
    return corrections.propose(
        proposer=focal_point_for(country), country=country, edition=edition, values=values, note="A source."
    )


def edit(record, **values) -> None:
    """An editor's edit through the admin or the API: a save of the record."""
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


@pytest.fixture
def mali_2009(mali) -> Participation:
    return Participation.objects.get(country=mali, edition__label="2009")


def test_a_field_edited_after_the_proposal_is_not_overwritten_on_acceptance(mali_2009, editor):
    proposal = propose(mali_2009.country, mali_2009.edition, financial_contribution="USD 5,000 (proposed)")
    edit(Participation.objects.get(pk=mali_2009.pk), financial_contribution="EUR 7,000 (edited meanwhile)")

    with pytest.raises(ValidationError) as refused:
        corrections.accept(proposal=proposal, editor=editor)

    assert refused.value.code == "changed_since"
    message = refused.value.messages[0]
    assert "The record was changed after this proposal was made" in message
    assert "nothing was applied" in message
    assert "on record now “EUR 7,000 (edited meanwhile)”, proposed “USD 5,000 (proposed)”" in message
    mali_2009.refresh_from_db()
    assert mali_2009.financial_contribution == "EUR 7,000 (edited meanwhile)"
    proposal.refresh_from_db()
    assert proposal.state == CorrectionProposal.State.PENDING


def test_the_refusal_shows_the_value_the_proposal_was_made_on(mali_2009, editor):
    before = mali_2009.financial_contribution
    proposal = propose(mali_2009.country, mali_2009.edition, financial_contribution="USD 5,000")
    edit(Participation.objects.get(pk=mali_2009.pk), financial_contribution="EUR 7,000")
    changed = corrections.changed_since_proposed(proposal, Participation.objects.get(pk=mali_2009.pk))
    assert changed == [("Financial Contribution", before or "—", "EUR 7,000", "USD 5,000")]


def test_an_edit_of_other_fields_does_not_stop_the_proposal(mali_2009, editor):
    proposal = propose(mali_2009.country, mali_2009.edition, financial_contribution="USD 5,000")
    edit(Participation.objects.get(pk=mali_2009.pk), attended_meeting=not mali_2009.attended_meeting)

    corrections.accept(proposal=proposal, editor=editor)

    record = Participation.objects.get(pk=mali_2009.pk)
    assert record.financial_contribution == "USD 5,000"
    assert record.attended_meeting is not mali_2009.attended_meeting, "the other edit stays"


def test_a_field_changed_meanwhile_to_the_proposed_value_is_no_conflict(mali_2009, editor):
    proposal = propose(mali_2009.country, mali_2009.edition, attended_summit=False)
    edit(Participation.objects.get(pk=mali_2009.pk), attended_summit=False)
    assert corrections.accept(proposal=proposal, editor=editor).state == CorrectionProposal.State.ACCEPTED


def test_the_editor_reads_why_on_the_decision_page(client, mali_2009, editor):
    proposal = propose(mali_2009.country, mali_2009.edition, financial_contribution="USD 5,000")
    edit(Participation.objects.get(pk=mali_2009.pk), financial_contribution="EUR 7,000")
    client.force_login(editor)
    response = client.post(
        reverse("forum:correction", args=[proposal.pk]), {"decision": "accept", "comment": "Checked."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The record was changed after this proposal was made" in page
    assert "on record now “EUR 7,000”, proposed “USD 5,000”" in page
    proposal.refresh_from_db()
    assert proposal.state == CorrectionProposal.State.PENDING


def test_a_participation_put_on_record_after_the_proposal_is_compared_with_no_record(mali, editor):
    """Proposed while the country had no record for that edition: the blank form was what it saw."""
    edition = Edition.objects.exclude(participations__country=mali).first()
    assert edition is not None
    proposal = propose(mali, edition, financial_contribution="USD 5,000")
    Participation.objects.create(country=mali, edition=edition, financial_contribution="EUR 7,000")

    with pytest.raises(ValidationError):
        corrections.accept(proposal=proposal, editor=editor)
    assert Participation.objects.get(country=mali, edition=edition).financial_contribution == "EUR 7,000"


def test_a_proposal_for_an_edition_still_without_a_record_puts_one_on_record(mali, editor):
    edition = Edition.objects.exclude(participations__country=mali).first()
    assert edition is not None
    proposal = propose(mali, edition, attended_summit=True)
    corrections.accept(proposal=proposal, editor=editor)
    assert Participation.objects.get(country=mali, edition=edition).attended_summit is True


def test_a_country_without_history_gets_a_first_entry_when_a_proposal_is_made(reference_data, editor):
    """Countries are loaded in bulk, without history; the proposal keeps their values of that moment."""
    senegal = Country.objects.get(iso3="SEN")
    assert not senegal.history.exists()
    proposal = propose(senegal, None, background="Proposed background.")
    assert senegal.history.count() == 1
    edit(Country.objects.get(pk=senegal.pk), background="Edited meanwhile.")

    with pytest.raises(ValidationError) as refused:
        corrections.accept(proposal=proposal, editor=editor)
    assert "when proposed “—”, on record now “Edited meanwhile.”" in refused.value.messages[0]
    assert Country.objects.get(pk=senegal.pk).background == "Edited meanwhile."


def test_an_earlier_proposal_on_a_record_never_saved_since_is_accepted(reference_data, editor):
    """A proposal made before proposals kept a history entry: with the record untouched since, it applies."""
    senegal = Country.objects.get(iso3="SEN")
    proposal = CorrectionProposal.objects.create(country=senegal, changes={"background": "Proposed."})
    corrections.accept(proposal=proposal, editor=editor)
    assert Country.objects.get(pk=senegal.pk).background == "Proposed."


def test_an_earlier_proposal_on_a_record_saved_since_without_earlier_history_is_refused(reference_data, editor):
    """What the record held when it was proposed is unknown then: the editor is asked to check."""
    senegal = Country.objects.get(iso3="SEN")
    proposal = CorrectionProposal.objects.create(country=senegal, changes={"background": "Proposed."})
    edit(Country.objects.get(pk=senegal.pk), background="Edited meanwhile.")
    with pytest.raises(ValidationError) as refused:
        corrections.accept(proposal=proposal, editor=editor)
    assert "when proposed “?”, on record now “Edited meanwhile.”" in refused.value.messages[0]

"""Focal points propose corrections to their country's record; editors accept or decline them.

An accepted proposal is applied in one transaction; the record's history (django-simple-history)
keeps who changed what, with the proposal named as the reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.accounts.roles import is_editor, is_focal_point_for
from portal.countries.models import Country
from portal.lib.email import send_templated

from .models import CorrectionProposal, Edition, Participation

# What a focal point may propose to change, and how the form shows it.
PARTICIPATION_FIELDS = {
    "attended_meeting": _("Attended Meeting"),
    "attended_prep_meetings": _("Attended Prep Meetings"),
    "attended_summit": _("Attended Summit"),
    "financial_contribution": _("Financial Contribution"),
}
COUNTRY_FIELDS = {"background": _("Background")}


def current_values(country: Country, edition: Edition | None) -> dict:
    if edition is None:
        return {name: getattr(country, name) for name in COUNTRY_FIELDS}
    record = Participation.objects.filter(country=country, edition=edition).first()
    if record is None:
        return {name: (False if name.startswith("attended") else "") for name in PARTICIPATION_FIELDS}
    return {name: getattr(record, name) for name in PARTICIPATION_FIELDS}


def propose(
    *, proposer: User, country: Country, edition: Edition | None, values: dict, note: str
) -> CorrectionProposal:
    """Record a proposal holding only the fields that differ from the record."""
    if not is_focal_point_for(proposer, country):
        raise PermissionDenied(f"You are not a focal point for {country.name}.")
    allowed = COUNTRY_FIELDS if edition is None else PARTICIPATION_FIELDS
    current = current_values(country, edition)
    changes = {name: value for name, value in values.items() if name in allowed and value != current[name]}
    if not changes:
        raise ValidationError(gettext("Nothing differs from the record: there is nothing to propose."))
    proposal = CorrectionProposal(
        country=country, edition=edition, changes=changes, note=note.strip(), proposer=proposer
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def accept(*, proposal: CorrectionProposal, editor: User, comment: str = "") -> CorrectionProposal:
    return _decide(proposal=proposal, editor=editor, comment=comment, accepted=True)


def decline(*, proposal: CorrectionProposal, editor: User, comment: str) -> CorrectionProposal:
    if not comment.strip():
        raise ValidationError(gettext("Please say why the proposal is declined: the focal point will read it."))
    return _decide(proposal=proposal, editor=editor, comment=comment, accepted=False)


def _decide(*, proposal: CorrectionProposal, editor: User, comment: str, accepted: bool) -> CorrectionProposal:
    if not is_editor(editor):
        raise PermissionDenied("Only editors decide on proposed corrections.")
    with transaction.atomic():
        proposal = CorrectionProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != CorrectionProposal.State.PENDING:
            raise ValidationError(
                gettext("This proposal was already {state}.").format(state=proposal.get_state_display().lower())
            )
        if accepted:
            _apply(proposal, editor)
        proposal.state = CorrectionProposal.State.ACCEPTED if accepted else CorrectionProposal.State.DECLINED
        proposal.reviewer = editor
        proposal.review_comment = comment.strip()
        proposal.reviewed_at = timezone.now()
        proposal.save()
    if proposal.proposer and proposal.proposer.email:
        send_templated(
            to=[proposal.proposer.email],
            template="correction_decided",
            context={"proposal": proposal},
            language=proposal.proposer.language,
        )
    return proposal


def _apply(proposal: CorrectionProposal, editor: User) -> None:
    reason = f"Correction #{proposal.pk} proposed by {proposal.proposer.display_name if proposal.proposer else '?'}"
    if proposal.edition_id is None:
        target = proposal.country
    else:
        target, _ = Participation.objects.get_or_create(country=proposal.country, edition=proposal.edition)
        if "financial_contribution" in proposal.changes:
            target.financial_recorded = True
    for name, value in proposal.changes.items():
        setattr(target, name, value)
    target._history_user = editor
    target._change_reason = reason
    target.full_clean()
    target.save()

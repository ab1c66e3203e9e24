"""Focal points propose corrections to their country's record; editors accept or decline them.

An accepted proposal is applied in one transaction; the record's history (django-simple-history)
keeps who changed what, with the proposal named as the reason.

A proposal may wait a while, and the record may be edited meanwhile. Accepting it then would
silently undo that edit, so acceptance compares each field the proposal changes as it was when the
proposal was made (the record's history as of that moment) with the record now, and refuses when
one of them changed, listing the value then, now and proposed. A proposal records what the record
held when it was made by the history alone (no field of its own): so that the history has that
moment even for a record never saved before (countries loaded in bulk), making a proposal first
keeps a copy of the record in its history when it has none.
"""

from datetime import datetime
from typing import Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.accounts.roles import is_editor, is_focal_point_for
from portal.countries.models import Country
from portal.lib.history import attribute_next_save
from portal.lib.urls import site_root

from . import tasks
from .models import CorrectionProposal, Edition, Participation

# What a focal point may propose to change, and how the form shows it.
PARTICIPATION_FIELDS = {
    "attended_meeting": _("Attended Meeting"),
    "attended_prep_meetings": _("Attended Prep Meetings"),
    "attended_summit": _("Attended Summit"),
    "financial_contribution": _("Financial Contribution"),
}
COUNTRY_FIELDS = {"background": _("Background")}

# A record a proposal corrects, and one of its fields changed meanwhile: label, value then, now, proposed.
Record = Country | Participation
Changed = tuple[str, str, str, str]


def current_values(country: Country, edition: Edition | None) -> dict:
    if edition is None:
        return {name: getattr(country, name) for name in COUNTRY_FIELDS}
    record = Participation.objects.filter(country=country, edition=edition).first()
    if record is None:
        return _no_record_values()
    return {name: getattr(record, name) for name in PARTICIPATION_FIELDS}


def _no_record_values() -> dict:
    """What the form shows for an edition of which the country has no participation on record."""
    return {name: (False if name.startswith("attended") else "") for name in PARTICIPATION_FIELDS}


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
    with transaction.atomic():
        _keep_a_first_history_entry(country, edition)
        proposal.save()
    return proposal


def _keep_a_first_history_entry(country: Country, edition: Edition | None) -> None:
    """Give the record a history entry if it has none, so that its values at this moment are known later."""
    record = country if edition is None else Participation.objects.filter(country=country, edition=edition).first()
    if record is not None and not record.history.exists():
        type(record).history.bulk_history_create([record], update=True, default_change_reason="Kept for a proposal")


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
    # The proposer hears of it once the decision is committed (never of one rolled back).
    root = site_root()
    transaction.on_commit(lambda: tasks.send_correction_decided.enqueue(proposal.pk, root))
    return proposal


def _apply(proposal: CorrectionProposal, editor: User) -> None:
    reason = f"Correction #{proposal.pk} proposed by {proposal.proposer.display_name if proposal.proposer else '?'}"
    # The record is locked until the proposal is applied, so that no edit slips in after the comparison.
    target: Record
    if proposal.edition_id is None:
        target = Country.objects.select_for_update().get(pk=proposal.country_id)
    else:
        target, _ = Participation.objects.select_for_update().get_or_create(
            country=proposal.country, edition=proposal.edition
        )
    _refuse_if_changed_since(proposal, target)
    if isinstance(target, Participation) and "financial_contribution" in proposal.changes:
        target.financial_recorded = True
    for name, value in proposal.changes.items():
        setattr(target, name, value)
    attribute_next_save(target, editor, reason)
    target.full_clean()
    target.save()


def changed_since_proposed(proposal: CorrectionProposal, record: Record) -> list[Changed]:
    """The fields of the proposal that were changed on the record after it was made, each as
    (label, value then, value now, value proposed). A field changed meanwhile to the very value
    proposed is no conflict. When the record's values of that time are not known, every field the
    proposal changes whose value now is not the proposed one counts as changed."""
    then = _values_when_proposed(proposal, record)
    labels = {**PARTICIPATION_FIELDS, **COUNTRY_FIELDS}
    changed = []
    for name, proposed in proposal.changes.items():
        now = getattr(record, name)
        if now == proposed or (then is not None and then[name] == now):
            continue
        before = "?" if then is None else then[name]
        changed.append((str(labels.get(name, name)), _shown(before), _shown(now), _shown(proposed)))
    return changed


def _values_when_proposed(proposal: CorrectionProposal, record: Record) -> dict | None:
    """The record's values of the proposal's fields when the proposal was made, from its history;
    None when the history does not say (a record last saved before it kept a history)."""
    names = list(proposal.changes)
    no_record = {name: value for name, value in _no_record_values().items() if name in names}
    entry = _history_as_of(record, proposal.created_at)
    if entry is not None:
        if entry.history_type == "-":  # the participation had been deleted
            return no_record
        return {name: getattr(entry, name) for name in names}
    if record.updated_at <= proposal.created_at:  # not saved since: as it is now
        return {name: getattr(record, name) for name in names}
    first = record.history.order_by("history_date", "history_id").first()
    if first is not None and first.history_type == "+":  # the participation came on record afterwards
        return no_record
    return None


class HistoryEntry(Protocol):
    """A row of a record's history (simple-history builds its model at run time, untyped)."""

    history_type: str  # "+" created, "~" changed, "-" deleted


def _history_as_of(record: Record, moment: datetime) -> HistoryEntry | None:
    entry: HistoryEntry | None = (
        record.history.filter(history_date__lte=moment).order_by("-history_date", "-history_id").first()
    )
    return entry


def _shown(value: object) -> str:
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    return str(value) if value not in (None, "") else "—"


def _refuse_if_changed_since(proposal: CorrectionProposal, record: Record) -> None:
    changed = changed_since_proposed(proposal, record)
    if not changed:
        return
    listing = "; ".join(
        gettext("{field}: when proposed “{then}”, on record now “{now}”, proposed “{proposed}”").format(
            field=label, then=then, now=now, proposed=proposed
        )
        for label, then, now, proposed in changed
    )
    raise ValidationError(
        gettext(
            "The record was changed after this proposal was made, so accepting it would undo that change; "
            "nothing was applied. {changes}. Decline the proposal (saying why), or make the correction "
            "yourself on the current record."
        ).format(changes=listing),
        code="changed_since",
    )

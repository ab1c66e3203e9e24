"""Saving and moderating practices: each step a small service that checks who may take it, records
it and tells the submitter (or the editors) by e-mail, through a task queued after commit (tasks.py).

States: draft → submitted → (changes requested ↔ submitted) → published | rejected; a published
practice can be withdrawn.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from portal.accounts.models import User
from portal.accounts.roles import can_submit_practices, is_editor
from portal.countries.models import Country
from portal.forum.models import Edition
from portal.lib.urls import site_root

from . import tasks
from .models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme, Transition

Status = Practice.Status

# Who may move a practice from one state to another: "submitter" or "editor".
ALLOWED: dict[tuple[str, str], set[str]] = {
    (Status.DRAFT, Status.SUBMITTED): {"submitter"},
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): {"submitter"},
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): {"editor"},
    (Status.SUBMITTED, Status.PUBLISHED): {"editor"},
    (Status.SUBMITTED, Status.REJECTED): {"editor"},
    (Status.PUBLISHED, Status.WITHDRAWN): {"editor", "submitter"},
}
COMMENT_REQUIRED = {Status.CHANGES_REQUESTED, Status.REJECTED}
EDITABLE_BY_SUBMITTER = {Status.DRAFT, Status.CHANGES_REQUESTED}


def save_practice(
    *,
    practice: Practice,
    actor: User,
    fields: Mapping[str, Any] | None = None,
    countries: Iterable[Country] | None = None,
    themes: Iterable[Theme] | None = None,
    gcm_objectives: Iterable[GCMObjective] | None = None,
    sdg_targets: Iterable[SDGTarget] | None = None,
    sources: Iterable[str] | None = None,
) -> Practice:
    """Save a new or edited practice with its links and sources: the one way the contribution form
    and the API write one. Checks who may, then ``full_clean``; a new entry is a draft of ``actor``'s,
    its creation logged. A link list or the sources left at None stay as they are."""
    if not can_submit_practices(actor):
        raise PermissionDenied("You may not submit practices.")
    if practice.pk and not can_edit(practice, actor):
        raise PermissionDenied("This practice can no longer be changed by its submitter.")
    for name, value in (fields or {}).items():
        setattr(practice, name, value)
    with transaction.atomic():
        is_new = practice.pk is None
        if is_new:
            practice.submitter = actor
            practice.status = Status.DRAFT
        practice.full_clean()
        practice.save()
        if is_new:
            Transition.objects.create(practice=practice, from_status="", to_status=Status.DRAFT, actor=actor)
        links = {"countries": countries, "themes": themes, "gcm_objectives": gcm_objectives, "sdg_targets": sdg_targets}
        for name, values in links.items():
            if values is not None:
                getattr(practice, name).set(values)
        if sources is not None:
            _replace_sources(practice, source_lines(sources))
        if is_new or countries is not None or "is_global" in (fields or {}):
            # Only when the place is written: a practice imported without one can still be edited.
            check_place(practice.countries.all(), is_global=practice.is_global)  # rolls all of it back
    return practice


def check_place(countries: Iterable[Country], *, is_global: bool) -> None:
    """Where a practice is implemented: at least one country, or the world. The form checks it before
    saving, ``save_practice`` (form and API) after its links are set."""
    if not is_global and not any(True for _ in countries):
        raise ValidationError({"countries": gettext("Choose at least one country, or tick “Global”.")})


def source_lines(texts: Iterable[str]) -> list[str]:
    """Sources as stored: spaces collapsed, empty ones dropped."""
    lines = (" ".join(text.split()) for text in texts)
    return [line for line in lines if line]


def _replace_sources(practice: Practice, lines: list[str]) -> None:
    """Replace the practice's sources by these lines, each linked to the edition it names."""
    editions = {edition.label: edition for edition in Edition.objects.all()}
    practice.sources.all().delete()
    for line in lines:
        match = re.search(r"GFMD\s+(\d{4}(?:\s*[-–]\s*\d{4})?)", line)
        label = re.sub(r"\s*[-–]\s*", "-", match[1]) if match else ""
        source = PracticeSource(practice=practice, text=line[:400], edition=editions.get(label))
        source.full_clean()
        source.save()


def can_edit(practice: Practice, user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and practice.merged_into_id is None
        and (is_editor(user) or (practice.submitter_id == user.pk and practice.status in EDITABLE_BY_SUBMITTER))
    )


def submit(*, practice: Practice, actor: User) -> Practice:
    practice = _move(practice=practice, to=Status.SUBMITTED, actor=actor, comment="")
    _tell_editors(practice)
    return practice


def request_changes(*, practice: Practice, editor: User, comment: str) -> Practice:
    return _move(practice=practice, to=Status.CHANGES_REQUESTED, actor=editor, comment=comment)


def approve(*, practice: Practice, editor: User, comment: str = "") -> Practice:
    return _move(practice=practice, to=Status.PUBLISHED, actor=editor, comment=comment)


def reject(*, practice: Practice, editor: User, comment: str) -> Practice:
    return _move(practice=practice, to=Status.REJECTED, actor=editor, comment=comment)


def withdraw(*, practice: Practice, actor: User, comment: str = "") -> Practice:
    return _move(practice=practice, to=Status.WITHDRAWN, actor=actor, comment=comment)


def allowed_moves(practice: Practice, user: User | AnonymousUser) -> list[str]:
    """The states this user may move the practice to now."""
    return [to for (start, to), roles in ALLOWED.items() if start == practice.status and _roles(practice, user) & roles]


def _roles(practice: Practice, user: User | AnonymousUser) -> set[str]:
    roles = set()
    if is_editor(user):
        roles.add("editor")
    if user.is_authenticated and practice.submitter_id == user.pk:
        roles.add("submitter")
    return roles


def _move(*, practice: Practice, to: str, actor: User, comment: str) -> Practice:
    comment = comment.strip()
    with transaction.atomic():
        # Lock the row so that two editors acting at once cannot both move it.
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.merged_into_id:
            raise ValidationError(gettext("This practice was merged into another one and can no longer change state."))
        allowed = ALLOWED.get((current.status, to))
        if allowed is None:
            raise ValidationError(
                gettext("A practice that is {current} cannot become {target}.").format(
                    current=current.get_status_display().lower(), target=Status(to).label.lower()
                )
            )
        if not _roles(current, actor) & allowed:
            raise PermissionDenied("You may not take this step.")
        if to in COMMENT_REQUIRED and not comment:
            raise ValidationError(
                gettext("Please say why, in the comment: the submitter will read it."), code="comment_required"
            )
        Transition.objects.create(
            practice=current, from_status=current.status, to_status=to, actor=actor, comment=comment
        )
        current.status = to
        if to == Status.PUBLISHED and current.date_shared is None:
            current.date_shared = timezone.localdate()
        current.save()
    _tell_submitter(current, to, comment)
    return current


def _tell_submitter(practice: Practice, to: str, comment: str) -> None:
    """Queue the e-mail to the submitter once the step is committed (never for a step rolled back)."""
    if practice.submitter_id is None:
        return
    root = site_root()
    transaction.on_commit(lambda: tasks.send_status_change.enqueue(practice.pk, str(to), comment, root))


def editor_addresses() -> dict[str, list[str]]:
    """The editors' addresses by the language of their e-mails."""
    permission = Q(user_permissions__codename="change_practice") | Q(groups__permissions__codename="change_practice")
    editors = User.objects.filter(Q(is_superuser=True) | permission, is_active=True, is_staff=True).exclude(email="")
    by_language: dict[str, set[str]] = {}
    for email, language in editors.values_list("email", "language"):
        by_language.setdefault(language, set()).add(email)
    return {language: sorted(addresses) for language, addresses in sorted(by_language.items())}


def _tell_editors(practice: Practice) -> None:
    """Queue the e-mail to the editors once the submission is committed."""
    root = site_root()
    transaction.on_commit(lambda: tasks.send_submitted.enqueue(practice.pk, root))

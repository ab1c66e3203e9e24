"""Merging two records of the same practice into one.

The survivor keeps its own text and gains what the duplicate knew; the duplicate stays in the
database, pointing at the survivor (its page redirects there), so that nothing of either record's
history is lost: combined_history() reads both.
"""

from __future__ import annotations

from django.db import transaction

from portal.accounts.models import User
from portal.lib.history import attribute_next_save, history_held

from .models import Practice, PracticeSource, Transition

MERGED_BODY_HEADING = "From the merged record: {title}"


def merge_practices(*, survivor: Practice, duplicate: Practice, editor: User, comment: str = "") -> Practice:
    """Fold `duplicate` into `survivor`; both objects passed in are refreshed, and the survivor returned.

    The survivor gains the duplicate's countries, themes, GCM objectives and SDG targets (union),
    a copy of each of its GFMD sources it does not already list, "global" if either was global,
    the partner lines it lacks, and the duplicate's description under a heading when it differs.
    The duplicate keeps its state and gets `merged_into`; records merged into the duplicate earlier
    are pointed at the survivor. Each record gets a Transition naming the other, with the editor's
    comment, and one new history entry. All or nothing.

    Raises ValueError (nothing written) when asked to merge a record into itself, into a record
    that is itself merged, or to merge a record that is already merged.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        if survivor.pk == duplicate.pk:
            raise ValueError(f"Record #{survivor.pk} cannot be merged into itself.")
        # Read both again, locked (PostgreSQL), so that two editors merging at once cannot chain or cross merges.
        locked = Practice.objects.select_for_update().in_bulk([survivor.pk, duplicate.pk])
        if survivor.pk not in locked or duplicate.pk not in locked:
            raise ValueError("One of the two records no longer exists.")
        kept, merged = locked[survivor.pk], locked[duplicate.pk]
        if merged.merged_into_id:
            raise ValueError(
                f"Record #{merged.pk} was already merged into #{merged.merged_into_id}; it cannot be merged again."
            )
        if kept.merged_into_id:
            raise ValueError(
                f"Record #{kept.pk} is itself merged into #{kept.merged_into_id}; "
                f"merge into #{kept.merged_into_id} instead."
            )

        _absorb(kept, merged, editor)

        merged.merged_into = kept
        attribute_next_save(merged, editor, f"Merged into #{kept.pk}")
        merged.save()

        # Records merged into the duplicate earlier now point straight at the survivor (no redirect chains).
        for earlier in Practice.objects.select_for_update().filter(merged_into_id=merged.pk):
            earlier.merged_into = kept
            attribute_next_save(earlier, editor, f"Merged into #{kept.pk} (with #{merged.pk})")
            earlier.save()

        suffix = f"\n\n{comment}" if comment else ""
        Transition.objects.bulk_create(
            [
                Transition(
                    practice=merged,
                    from_status=merged.status,
                    to_status=merged.status,
                    actor=editor,
                    comment=f"Merged into #{kept.pk}{suffix}",
                ),
                Transition(
                    practice=kept,
                    from_status=kept.status,
                    to_status=kept.status,
                    actor=editor,
                    comment=f"Absorbed #{merged.pk}{suffix}",
                ),
            ]
        )
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    return survivor


def _absorb(survivor: Practice, duplicate: Practice, editor: User) -> None:
    """Give the survivor what the duplicate holds, recording one history entry for all of it."""
    # The m2m additions would each write a history entry; hold them back and write one on save().
    with history_held(survivor):
        survivor.countries.add(*duplicate.countries.all())
        survivor.themes.add(*duplicate.themes.all())
        survivor.gcm_objectives.add(*duplicate.gcm_objectives.all())
        survivor.sdg_targets.add(*duplicate.sdg_targets.all())

    held = {(source.text.strip(), source.edition_id, source.meeting_id) for source in survivor.sources.all()}
    copies = []
    for source in duplicate.sources.all():
        key = (source.text.strip(), source.edition_id, source.meeting_id)
        if key not in held:
            held.add(key)
            copies.append(
                PracticeSource(
                    practice=survivor, text=source.text, edition_id=source.edition_id, meeting_id=source.meeting_id
                )
            )
    PracticeSource.objects.bulk_create(copies)

    survivor.is_global = survivor.is_global or duplicate.is_global
    survivor.partners = combine_lines(survivor.partners, duplicate.partners)
    survivor.body = combine_body(survivor.body, duplicate.body, duplicate.title)
    attribute_next_save(survivor, editor, f"Absorbed #{duplicate.pk}")
    survivor.save()


def combine_lines(kept: str, added: str) -> str:
    """The lines of `kept`, then those of `added` not already there (compared ignoring case and spacing)."""
    lines = [line.rstrip() for line in (kept or "").splitlines()]
    seen = {_line_key(line) for line in lines if line.strip()}
    for line in (added or "").splitlines():
        key = _line_key(line)
        if key and key not in seen:
            seen.add(key)
            lines.append(line.strip())
    return "\n".join(lines).strip("\n")


def _line_key(line: str) -> str:
    return " ".join(line.split()).casefold()


def combine_body(kept: str, added: str, added_title: str) -> str:
    """`kept`, followed by `added` under a heading naming its record, unless `added` is empty or already there."""
    kept = (kept or "").strip()
    added = (added or "").strip()
    if not added or " ".join(added.split()) in " ".join(kept.split()):
        return kept
    section = f"{MERGED_BODY_HEADING.format(title=added_title)}\n\n{added}"
    return f"{kept}\n\n{section}" if kept else section


def merged_ids(practice: Practice) -> list[int]:
    """The ids of every record merged into `practice`, directly or through another merged record."""
    found: list[int] = []
    frontier = [practice.pk]
    while frontier:
        frontier = [
            pk
            for pk in Practice.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
            if pk not in found and pk != practice.pk
        ]
        found.extend(frontier)
    return found


def combined_history(practice: Practice) -> list:
    """The history entries of `practice` and of every record merged into it, newest first."""
    ids = [practice.pk, *merged_ids(practice)]
    return list(
        Practice.history.filter(id__in=ids).select_related("history_user").order_by("-history_date", "-history_id")
    )

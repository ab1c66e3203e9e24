from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.roles import is_editor
from portal.core.page_cache import page_params

from . import services
from .duplicates import similar_practices
from .merge import combined_history
from .models import Practice, Transition


@page_params("from")  # the search to go back to (see templatetags/back_link.py)
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Practice.objects.visible_to(request.user)
    practice = (
        visible.with_is_public()
        .select_related("submitter", "merged_into")
        .prefetch_related("countries", "themes__parent", "gcm_objectives", "sdg_targets", "sources__edition")
        .filter(pk=pk)
        .first()
    )
    if practice is None:
        # A record merged into another: its address leads to the one kept, for whoever may see that.
        kept = visible.filter(merged_records__pk=pk).first()
        if kept is None:
            raise Http404
        return redirect(kept, permanent=True)
    if practice.merged_into:  # selected with the practice: no query
        return redirect(practice.merged_into, permanent=True)
    is_owner = request.user.is_authenticated and practice.submitter_id == request.user.pk
    editor = is_editor(request.user)
    context = {
        "practice": practice,
        "is_public": practice.is_public,
        "history": combined_history(practice),
        "show_moderation": is_owner or editor,
        "can_edit": services.can_edit(practice, request.user),
        "can_moderate": editor and bool(services.allowed_moves(practice, request.user)),
        # The review step: the submitter sees the entry as it will be published, with the button that sends it.
        "can_send": is_owner and Practice.Status.SUBMITTED in services.allowed_moves(practice, request.user),
    }
    if is_owner or editor:
        context["transitions"] = practice.transitions.select_related("actor")
        if not practice.is_public:
            # Look-alikes among what the reader may open: never other people's drafts.
            context["similar"] = similar_practices(
                title=practice.title,
                summary=practice.summary,
                exclude_pk=practice.pk,
                among=Practice.objects.visible_to(request.user),
            )
    return render(request, "practices/practice_detail.html", context)


def latest_steps() -> Prefetch:
    """A practice's moderation steps, newest first (for its last step and last comment)."""
    return Prefetch("transitions", Transition.objects.select_related("actor").order_by("-created_at", "-id"))


def last_comment(practice: Practice) -> Transition | None:
    """The newest step with a comment, from steps prefetched by latest_steps()."""
    return next((step for step in practice.transitions.all() if step.comment), None)


@login_required
def my_practices(request: AuthenticatedHttpRequest) -> HttpResponse:
    practices = Practice.objects.submitted_by(request.user).prefetch_related(latest_steps()).order_by("-updated_at")
    entries = [
        {
            "practice": practice,
            "last": next(iter(practice.transitions.all()), None),
            "comment": last_comment(practice),
            "can_edit": services.can_edit(practice, request.user),
        }
        for practice in practices
    ]
    return render(request, "practices/mine.html", {"entries": entries})

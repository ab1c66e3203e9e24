from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.roles import is_editor
from portal.core.page_cache import page_params

from . import services
from .duplicates import similar_practices
from .forms import ModerationForm
from .models import Practice
from .views import last_comment, latest_steps

QUEUE_PAGE_SIZE = 20
MOVES = {
    Practice.Status.PUBLISHED: services.approve,
    Practice.Status.CHANGES_REQUESTED: services.request_changes,
    Practice.Status.REJECTED: services.reject,
}


def _require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors moderate practices.")


@page_params("page")
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    waiting = (
        Practice.objects.awaiting_moderation()
        .select_related("submitter")
        .prefetch_related(latest_steps())
        .order_by("updated_at", "id")
    )
    page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [
        (
            practice,
            similar_practices(title=practice.title, summary=practice.summary, exclude_pk=practice.pk),
            last_comment(practice),
        )
        for practice in page
    ]
    return render(request, "practices/queue.html", {"page": page, "entries": entries})


@login_required
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    practice = get_object_or_404(Practice.objects.select_related("submitter"), pk=pk)
    moves = services.allowed_moves(practice, request.user)
    form = ModerationForm(request.POST or None, moves=moves)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["action"]
        comment = form.cleaned_data["comment"]
        try:
            if to == Practice.Status.WITHDRAWN:
                services.withdraw(practice=practice, actor=request.user, comment=comment)
            else:
                MOVES[to](practice=practice, editor=request.user, comment=comment)
        except ValidationError as error:
            form.add_error("comment" if error.code == "comment_required" else None, error)
        else:
            messages.success(
                request,
                gettext("“{title}” is now {state}.").format(
                    title=practice.title, state=Practice.Status(to).label.lower()
                ),
            )
            return redirect("practices:queue")
    context = {
        "practice": practice,
        "form": form,
        "similar": similar_practices(title=practice.title, summary=practice.summary, exclude_pk=practice.pk),
        "transitions": practice.transitions.select_related("actor"),
    }
    return render(request, "practices/moderate.html", context)

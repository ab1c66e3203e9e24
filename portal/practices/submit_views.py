from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.roles import can_submit_practices

from . import services
from .forms import PracticeForm
from .models import Practice


def _submitted_message() -> str:
    return gettext("Thank you: your practice was submitted for review. You will hear by e-mail.")


def submit(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The sign-in page says why it is shown (a plain login_required would not).
        messages.info(request, gettext("Sign in to share a practice. No account yet? Sign up first: it is free."))
        return redirect_to_login(request.get_full_path())
    signed_in = cast(AuthenticatedHttpRequest, request)
    if not can_submit_practices(signed_in.user):
        raise PermissionDenied("You may not submit practices.")
    return _practice_form(signed_in, Practice())


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    if not services.can_edit(practice, request.user):
        raise PermissionDenied("This practice can no longer be changed by you.")
    return _practice_form(request, practice)


def _forget_stored_image(practice: Practice, name_before: str | None) -> None:
    """After a refused save: the database rolled back, but the storage keeps a file it wrote. A new
    image stored meanwhile is deleted (one not yet stored still bears its upload's name: left alone)."""
    image = practice.image
    stored = getattr(image, "_committed", False)  # FieldFile's flag, set once the file is in storage
    if image.name and image.name != name_before and stored:
        image.storage.delete(image.name)


def _practice_form(request: AuthenticatedHttpRequest, practice: Practice) -> HttpResponse:
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    image_before = practice.image.name
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                practice = services.save_practice(
                    practice=form.save(commit=False),
                    actor=request.user,
                    countries=form.cleaned_data["countries"],
                    themes=form.cleaned_data["themes"],
                    gcm_objectives=form.cleaned_data["gcm_objectives"],
                    sdg_targets=form.cleaned_data["sdg_targets"],
                    sources=form.cleaned_data["sources_text"],
                )
                if request.POST.get("action") == "submit":
                    services.submit(practice=practice, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            _forget_stored_image(form.instance, image_before)
            if isinstance(error, PermissionDenied):
                raise
            form.add_error(None, error)
        else:
            if request.POST.get("action") == "submit":
                messages.success(request, _submitted_message())
            elif request.POST.get("action") == "review":
                messages.info(
                    request,
                    gettext(
                        "Saved. This is your practice as it will be published: check it, then submit it for review."
                    ),
                )
            else:
                messages.success(request, gettext("Saved as a draft. Submit it for review when it is ready."))
            return redirect(practice.get_absolute_url())
    return render(request, "practices/practice_form.html", {"form": form, "practice": practice})


@login_required
@require_POST
def send_for_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The review step's button: the submitter sends a draft they have just checked to the editors."""
    practice = get_object_or_404(Practice, pk=pk, submitter=request.user)
    try:
        services.submit(practice=practice, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _submitted_message())
    return redirect(practice.get_absolute_url())

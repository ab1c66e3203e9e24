from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import ProfileForm
from .roles import is_editor


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved. You appear as {request.user.display_name}.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "is_editor": is_editor(request.user)})

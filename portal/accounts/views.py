from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from .forms import ProfileForm
from .models import User
from .roles import is_editor


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    # The form works on its own copy: a refused save must not change the name the page shows as
    # the signed-in user's (header, "You appear as").
    assert isinstance(request.user, User)  # login_required
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Saved. You appear as {name}.").format(name=form.instance.display_name))
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "is_editor": is_editor(request.user)})

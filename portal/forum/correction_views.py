from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.roles import is_editor, is_focal_point_for
from portal.countries.models import Country

from . import corrections
from .correction_forms import DecisionForm, ProposalForm
from .models import CorrectionProposal


@login_required
def propose(request: AuthenticatedHttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    if not is_focal_point_for(request.user, country):
        raise PermissionDenied(f"Only {country.name}'s focal points propose corrections to its record.")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.propose(
                proposer=request.user,
                country=country,
                edition=form.cleaned_data["edition"],
                values=form.values(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("Thank you: the editors will review your proposal; you will hear by e-mail.")
            )
            return redirect(country)
    mine = CorrectionProposal.objects.filter(country=country, proposer=request.user).select_related("edition")
    return render(request, "forum/propose.html", {"country": country, "form": form, "proposals": mine})


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors review proposed corrections.")
    pending = CorrectionProposal.objects.filter(state=CorrectionProposal.State.PENDING).select_related(
        "country", "edition", "proposer"
    )
    return render(request, "forum/corrections.html", {"proposals": pending})


@login_required
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors review proposed corrections.")
    proposal = get_object_or_404(CorrectionProposal.objects.select_related("country", "edition", "proposer"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = corrections.accept if form.cleaned_data["decision"] == "accept" else corrections.decline
        try:
            action(proposal=proposal, editor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Proposal #{number} recorded.").format(number=proposal.pk))
            return redirect("forum:corrections")
    current = corrections.current_values(proposal.country, proposal.edition)
    labels = {**corrections.PARTICIPATION_FIELDS, **corrections.COUNTRY_FIELDS}
    rows = [(labels.get(name, name), current.get(name), value) for name, value in proposal.changes.items()]
    return render(request, "forum/decide.html", {"proposal": proposal, "rows": rows, "form": form})

"""Subscribing, confirming, managing and unsubscribing.

Links from e-mails carry a signed token (signing.py); a page they open never changes anything
on GET, because mail scanners open links: it shows a button, and the POST acts. The one
exception to CSRF protection is the RFC 8058 one-click endpoint, which mail clients POST to
without a form; there the signed token is the only authority needed.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal.lib.urls import site_root

from . import ratelimit, services, signing, tasks
from .digests import manage_path
from .forms import ChangeForm, LinkRequestForm, SubscribeForm
from .models import Subscription, SubscriptionQuerySet, target_from_key, target_name, target_url

# Attempts per hour: per client address for the forms, per e-mail address for the messages sent.
FORM_LIMIT_PER_IP = 20
MESSAGES_PER_ADDRESS = 3
WINDOW_SECONDS = 3600


class GoneLink(signing.LinkError):
    status = 410
    title = _("This subscription no longer exists")
    explanation = _("It was cancelled, or it was never confirmed in time. You can subscribe again at any time.")


def link_error(request: HttpRequest, error: signing.LinkError) -> HttpResponse:
    return render(request, "subscriptions/link_error.html", {"error": error}, status=error.status)


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/too_many.html", status=429)


def _csrf_rejection(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check, run by hand: None when the request passes, else the 403 response."""

    def checked_view(request: HttpRequest) -> HttpResponse:  # a view not exempt from the check
        return HttpResponse()

    return CsrfViewMiddleware(checked_view).process_view(request, checked_view, (), {})


# Exempt from the middleware's check so that the form on cached public pages (country profiles,
# topic pages) can carry no CSRF token: a token in a cached page would be the first visitor's,
# and nobody else's cookie would match it. Without an account the request only asks for a
# confirmation e-mail to the address typed (double opt-in), which anyone may ask for directly;
# a signed-in user's request acts on their account, so it is checked as every other POST is.
@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and (rejection := _csrf_rejection(request)) is not None:
        return rejection
    form = SubscribeForm(request.POST, needs_email=not user.is_authenticated)
    target = target_from_key(request.POST.get("target", ""))
    if target is None:
        raise Http404("No such subject to follow.")
    if not form.is_valid():
        context = {"form": form, "target": target, "target_name": target_name(target)}
        return render(request, "subscriptions/subscribe.html", context, status=400)
    frequency = form.cleaned_data["frequency"]
    if user.is_authenticated:
        if not user.email:
            messages.error(request, gettext("Your account has no e-mail address to send to."))
            return redirect(target_url(target))
        subscription = services.follow(user=user, target=target, frequency=frequency)
        messages.success(
            request,
            gettext("You follow {name}: {frequency} e-mails to {email}.").format(
                name=target_name(target), frequency=subscription.get_frequency_display().lower(), email=user.email
            ),
        )
        return redirect(target_url(target))
    if not ratelimit.allow(
        "subscribe-ip", ratelimit.client_ip(request), limit=FORM_LIMIT_PER_IP, seconds=WINDOW_SECONDS
    ):
        return too_many(request)
    email = services.normalise_email(form.cleaned_data["email"])
    if ratelimit.allow("subscribe-address", email, limit=MESSAGES_PER_ADDRESS, seconds=WINDOW_SECONDS):
        services.request_by_email(
            email=email, target=target, frequency=frequency, language=translation.get_language() or "en"
        )
    # The same answer whatever is on record for this address, and whether or not a message left.
    return render(request, "subscriptions/check_inbox.html", {"email": email, "target_name": target_name(target)})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription_id = signing.read_subscription_token(signing.CONFIRM, token)
    except signing.LinkError as error:
        return link_error(request, error)
    subscription = Subscription.objects.with_targets().filter(pk=subscription_id).first()
    if subscription is None:
        return link_error(request, GoneLink())
    if request.method == "POST":
        subscription = services.confirm(subscription_id=subscription_id)
        if subscription is None:
            return link_error(request, GoneLink())
        return render(request, "subscriptions/confirmed.html", _described(subscription))
    return render(request, "subscriptions/confirm.html", _described(subscription))


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription_id = signing.read_subscription_token(signing.UNSUBSCRIBE, token)
    except signing.LinkError as error:
        return link_error(request, error)
    if request.method == "POST":
        removed = services.unsubscribe(subscription_id=subscription_id)
        context = _described(removed) if removed else {}
        return render(request, "subscriptions/unsubscribed.html", context)
    subscription = Subscription.objects.with_targets().filter(pk=subscription_id).first()
    if subscription is None:
        return render(request, "subscriptions/unsubscribed.html", {"already": True})
    return render(request, "subscriptions/unsubscribe.html", _described(subscription))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click`` here, with no cookie and no
    CSRF token. A person who opens the address in a browser gets the confirmation page instead."""
    try:
        subscription_id = signing.read_subscription_token(signing.UNSUBSCRIBE, token)
    except signing.LinkError as error:
        return link_error(request, error)
    if request.method == "GET":
        return redirect("subscriptions:unsubscribe", token=token)
    services.unsubscribe(subscription_id=subscription_id)
    return HttpResponse("You are unsubscribed.\n", content_type="text/plain; charset=utf-8")


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Signed in: all of one's subscriptions. Otherwise: how to get a manage link by e-mail."""
    if not request.user.is_authenticated:
        return render(
            request, "subscriptions/manage_anonymous.html", {"form": LinkRequestForm(), "login_url": _login_url()}
        )
    subscriptions = Subscription.objects.filter(user=request.user)
    if request.method == "POST":
        return _change(request, subscriptions, reverse("subscriptions:manage"))
    return render(request, "subscriptions/manage.html", {"rows": _rows(subscriptions)})


@require_http_methods(["GET", "POST"])
def manage_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The manage link from an e-mail: the subscriptions of that address (or account), no sign-in."""
    try:
        scope = signing.read_manage_token(token)
    except signing.LinkError as error:
        return link_error(request, error)
    if scope.user_id:
        subscriptions = Subscription.objects.filter(user_id=scope.user_id)
    else:
        subscriptions = Subscription.objects.filter(email=scope.email)
    if request.method == "POST":
        return _change(request, subscriptions, request.path)
    return render(
        request, "subscriptions/manage.html", {"rows": _rows(subscriptions), "by_link": True, "email": scope.email}
    )


@require_POST
def request_link(request: HttpRequest) -> HttpResponse:
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "login_url": _login_url()}
        return render(request, "subscriptions/manage_anonymous.html", context, status=400)
    if not ratelimit.allow("link-ip", ratelimit.client_ip(request), limit=FORM_LIMIT_PER_IP, seconds=WINDOW_SECONDS):
        return too_many(request)
    email = services.normalise_email(form.cleaned_data["email"])
    if ratelimit.allow("link-address", email, limit=MESSAGES_PER_ADDRESS, seconds=WINDOW_SECONDS):
        tasks.send_manage_link.enqueue(email, site_root())
    return render(request, "subscriptions/check_inbox.html", {"email": email, "manage_link": True})


def _change(request: HttpRequest, subscriptions: SubscriptionQuerySet, back: str) -> HttpResponse:
    """Apply one row's form of a manage page to a subscription in the given set (and only there)."""
    key = request.POST.get("subscription", "")
    # Not a whole number: no such subscription (404), rather than the database refusing the lookup (500).
    subscription = get_object_or_404(subscriptions.with_targets(), pk=int(key) if key.isdecimal() else 0)
    form = ChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please choose how often."))
    elif form.cleaned_data["action"] == "unsubscribe":
        services.unsubscribe(subscription_id=subscription.pk)
        messages.success(request, gettext("You no longer follow {name}.").format(name=target_name(subscription.target)))
    else:
        services.change_frequency(subscription=subscription, frequency=form.cleaned_data["frequency"])
        messages.success(
            request,
            gettext("{name}: {frequency} e-mails from now on.").format(
                name=target_name(subscription.target), frequency=subscription.get_frequency_display().lower()
            ),
        )
    return redirect(back)


def _rows(subscriptions: SubscriptionQuerySet) -> list[dict]:
    return [
        {
            "subscription": subscription,
            "name": target_name(subscription.target),
            "url": target_url(subscription.target),
            "form": ChangeForm(initial={"frequency": subscription.frequency}, auto_id=f"s{subscription.pk}-%s"),
        }
        for subscription in subscriptions.with_targets().order_by("created_at", "id")
    ]


def _login_url() -> str:
    try:
        return f"{reverse('account_login')}?next={reverse('subscriptions:manage')}"
    except NoReverseMatch:
        return ""


def _described(subscription: Subscription) -> dict:
    return {
        "subscription": subscription,
        "target_name": target_name(subscription.target),
        "target_url": target_url(subscription.target),
        "address": subscription.recipient,
        "manage_url": manage_path(subscription),
    }

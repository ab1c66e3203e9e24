from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch

from portal.core.reference_names import theme_name
from portal.core.reversing import cached_reverse
from portal.countries.models import Country
from portal.practices.models import Theme

from ..forms import SubscribeForm
from ..models import Subscription, Target, target_feed_url, target_key, target_name

register = template.Library()


@register.inclusion_tag("subscriptions/_subscribe_box.html", takes_context=True)
def subscribe_box(context: template.Context, target: Target) -> dict:
    """The feed link and the e-mail form for one subject.

    A signed-in follower sees their subscription instead of the form (one query); anyone else
    costs no query at all. Without the subscription pages mounted, only the feed link shows.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    box = {
        "name": theme_name(target) if isinstance(target, Theme) else target_name(target),
        "label": target_name(target),
        "feed_url": target_feed_url(target),
        "csrf_token": context.get("csrf_token"),
        "signed_in": signed_in,
        "target_is_country": isinstance(target, Country),
        "request": request,
    }
    try:
        box["subscribe_url"] = cached_reverse("subscriptions:subscribe")
        box["manage_url"] = cached_reverse("subscriptions:manage")
    except NoReverseMatch:
        return box
    if signed_in:
        box["existing"] = Subscription.objects.filter(user=user).for_target(target).first()
    box["form"] = SubscribeForm(initial={"target": target_key(target)}, needs_email=not signed_in)
    box["login_url"] = _login_url(request)
    return box


def _login_url(request) -> str:
    try:
        url = cached_reverse("account_login")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'next': request.get_full_path()})}" if request is not None else url

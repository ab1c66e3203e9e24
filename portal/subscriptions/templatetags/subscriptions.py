"""``{% subscribe_box target %}``: the feed link and the e-mail form for one subject
(subscriptions/_subscribe_box.html)."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from portal.core.reference_names import theme_name
from portal.countries.models import Country
from portal.practices.models import Theme

from ..forms import SubscribeForm
from ..models import Subscription, Target, target_feed_url, target_follow_url, target_key, target_name

register = template.Library()


@register.inclusion_tag("subscriptions/_subscribe_box.html", takes_context=True)
def subscribe_box(context: template.Context, target: Target, on_follow_page: bool = False) -> dict:
    """What the box shows: the feed, then the form, or a signed-in follower's subscription (one
    query; anyone else costs none). Without the subscription pages mounted, only the feed.
    "Subscribe to <subject>" leads to the subject's page of ways to follow it (a country, a theme or
    an objective); the feed's link reads "Atom feed" (on that page too, whose title already says
    "Subscribe to …")."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    box = {
        "name": theme_name(target) if isinstance(target, Theme) else target_name(target),
        "label": target_name(target),
        "is_country": isinstance(target, Country),
        "feed_url": target_feed_url(target),
        "follow_url": "" if on_follow_page else target_follow_url(target),
        "csrf_token": context.get("csrf_token"),
        "user": user,
        "signed_in": signed_in,
    }
    try:
        box["subscribe_url"] = reverse("subscriptions:subscribe")
        box["manage_url"] = reverse("subscriptions:manage")
    except NoReverseMatch:
        return box
    box["existing"] = Subscription.objects.filter(user=user).for_target(target).first() if signed_in else None
    if box["existing"] is None:
        box["form"] = SubscribeForm(initial={"target": target_key(target)}, needs_email=not signed_in)
        box["asks_email"] = not signed_in
        if not signed_in and request is not None:
            box["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
    return box

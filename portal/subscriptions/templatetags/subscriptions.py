"""``{% subscribe_box target %}``: the feed link and the e-mail form for one subject.

Written out in Python rather than in a template: the box is on every country profile and topic
page, and through the template engine it took about 5% of a profile's time. The messages keep
the wording of the template it replaced (``%(name)s`` placeholders where ``{% blocktranslate %}``
had variables), so that the catalogues keep their entries. As in a template, the translations are
trusted (``{% translate %}`` and ``{% blocktranslate %}`` print them as they are) and every value
is escaped.
"""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.core.reference_names import theme_name
from portal.core.reversing import cached_reverse
from portal.countries.models import Country
from portal.practices.models import Theme

from ..forms import SubscribeForm
from ..models import Subscription, Target, target_feed_url, target_key, target_name

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_box(context: template.Context, target: Target) -> SafeString:
    """The feed link, then the form (or a signed-in follower's subscription, one query; anyone else
    costs no query at all). Without the subscription pages mounted, only the feed link shows."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    name = escape(theme_name(target) if isinstance(target, Theme) else target_name(target))
    label = escape(target_name(target))
    if isinstance(target, Country):
        note = gettext(
            "An Atom feed, for a feed reader: new practices, participation changes and resources as they are published."
        )
    else:
        note = gettext("An Atom feed, for a feed reader: new practices as they are published.")
    # Messages are never written inside f-strings: makemessages (xgettext) does not look into them,
    # and would drop their translations from the catalogues.
    heading = gettext("Follow %(label)s") % {"label": label}
    feed = gettext("Subscribe to %(name)s") % {"name": name}
    html = [
        '<section class="subscribe" aria-labelledby="subscribe-heading">',
        f'<h2 id="subscribe-heading">{heading}</h2>',
        f'<p><a href="{escape(target_feed_url(target))}" type="application/atom+xml">{feed}</a></p>',
        f'<p class="note">{note}</p>',
    ]
    try:
        subscribe_url = cached_reverse("subscriptions:subscribe")
        manage_url = cached_reverse("subscriptions:manage")
    except NoReverseMatch:
        return _close(html)
    existing = Subscription.objects.filter(user=user).for_target(target).first() if signed_in else None
    if existing is not None:
        frequency = escape(existing.get_frequency_display().lower())
        following = gettext("You get %(frequency)s e-mails about %(label)s.") % {"frequency": frequency, "label": label}
        manage = gettext("Manage your subscriptions")
        html.append(f'<p>{following} <a href="{escape(manage_url)}">{manage}</a></p>')
        return _close(html)
    form = SubscribeForm(initial={"target": target_key(target)}, needs_email=not signed_in)
    html.append(_form(form, subscribe_url, name, signed_in, context.get("csrf_token"), user, _login_url(request)))
    return _close(html)


def _form(form: SubscribeForm, action: str, name: str, signed_in: bool, csrf_token, user, login_url: str) -> str:
    """The form, written out rather than by its widgets (the fields' names, ids and labels come from it)."""
    target, frequency = form["target"], form["frequency"]
    html = [f'<form method="post" action="{escape(action)}" class="subscribe-form">']
    if signed_in:
        html.append(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">')
    html.append(
        f'<input type="hidden" name="target" value="{escape(target.value())}" id="{escape(target.id_for_label)}">'
    )
    if "email" in form.fields:
        email = form["email"]
        html.append(
            f'<p><label for="{escape(email.id_for_label)}">{escape(email.label)}</label> <input type="email" '
            f'name="email" id="{escape(email.id_for_label)}" required autocomplete="email"></p>'
        )
    chosen = frequency.value()
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(text)}</option>'
        for value, text in frequency.field.choices
    )
    html.append(
        f'<p><label for="{escape(frequency.id_for_label)}">{escape(frequency.label)}</label> '
        f'<select name="frequency" id="{escape(frequency.id_for_label)}">{options}</select></p>'
    )
    button = gettext("E-mail me about %(name)s") % {"name": name}
    html.append(f'<p><button type="submit" class="button">{button}</button></p>')
    if signed_in:
        stop = gettext("E-mails go to %(email)s; every one of them has a link to stop them.")
        html.append(f'<p class="note">{stop % {"email": escape(user.email)}}</p>')
    if "email" in form.fields:
        note = gettext("We send a link to confirm your address first; nothing else until you follow it.")
        if login_url:
            sign_in = gettext('Have an account? <a href="%(login_url)s">Sign in</a> to follow in one click.')
            note += " " + sign_in % {"login_url": escape(login_url)}
        html.append(f'<p class="note">{note}</p>')
    html.append("</form>")
    return "\n".join(html)


def _login_url(request) -> str:
    try:
        url = cached_reverse("account_login")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'next': request.get_full_path()})}" if request is not None else url


def _close(html: list[str]) -> SafeString:
    html.append("</section>")
    return mark_safe("\n".join(html))  # noqa: S308 - every value is escaped where it is written

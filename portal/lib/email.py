"""Sending the portal's e-mails: one helper, text and HTML bodies from templates.

Links start with ``site_url`` (portal.lib.urls.site_root: the address the request came to, else
SITE_URL). Each message has three templates under templates/email/: ``<name>_subject.txt``,
``<name>.txt`` and ``<name>.html``. Where the messages go depends on the settings: files in
var/mail/ by default, SMTP in production.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import translation

from .urls import site_root


def send_templated(
    *, to: Iterable[str], template: str, context: dict, headers: dict | None = None, language: str | None = None
) -> int:
    """Send one message per recipient; return how many were sent. Recipients without an address are skipped.

    ``language``: the language of the message (default: the active one). Links and texts that the
    caller puts in ``context`` should be made under ``translation.override(language)`` as well."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    with translation.override(language or translation.get_language()):
        return _send(recipients, template, context, headers)


def _send(recipients: list[str], template: str, context: dict, headers: dict | None) -> int:
    context = {"site_url": site_root(), **context}
    headers = {"Content-Language": translation.get_language() or settings.LANGUAGE_CODE, **(headers or {})}
    subject = plain_subject(f"email/{template}_subject.txt", context)
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    sent = 0
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address], headers=headers)
        message.attach_alternative(html, "text/html")
        sent += message.send()
    return sent


def plain_subject(template: str, context: dict) -> str:
    """A subject line is plain text: rendered without HTML escaping ("Côte d'Ivoire", not "d&#x27;Ivoire"),
    on one line. No-break spaces (French, before a colon) are kept."""
    text = Engine.get_default().get_template(template).render(Context(context, autoescape=False))
    return re.sub(r"[^\S\u00a0\u202f]+", " ", text).strip()

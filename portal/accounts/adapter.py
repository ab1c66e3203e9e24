"""django-allauth hooks of the portal."""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmation, EmailConfirmationHMAC
from django.conf import settings
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.lib.urls import absolute_url, site_root

from .http import AuthenticatedHttpRequest
from .models import User


def _portal_address(url: str, request: HttpRequest | None) -> str:
    """allauth's link, re-rooted through portal.lib.urls like every other e-mailed link."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)), request)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Only second-factor codes reach allauth's count of failures (see pre_authenticate).
        "too_many_login_attempts": _(
            "Too many wrong codes. For your account's safety, signing in is paused for a while: please wait "
            "a quarter of an hour and try again."
        ),
    }

    def save_user(self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True) -> User:
        """A new account gets its e-mails in the language of the page it signed up on."""
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Failed passwords are counted by django-axes alone; allauth's "login_failed" rate limit (the same
        setting) is left to second-factor codes, which axes never sees."""

    def get_login_redirect_url(self, request: AuthenticatedHttpRequest) -> str:
        """An account without a name (opened before sign-up asked for one) is asked for it on signing in:
        bylines show the name, never the address."""
        url = super().get_login_redirect_url(request)
        if request.user.has_name:
            return url
        return reverse("accounts:profile") + "?" + urlencode({"next": url})

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation | EmailConfirmationHMAC
    ) -> str:
        return _portal_address(super().get_email_confirmation_url(request, emailconfirmation), request)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _portal_address(super().get_reset_password_from_key_url(key), self.request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages in the portal's layout (templates/account/email/) and in the language the
        recipient chose, when the address belongs to an account; else in the page's language."""
        user = context.get("user") if isinstance(context.get("user"), User) else None
        if user is None:
            user = User.objects.filter(email__iexact=email).only("language", *User.NAME_FIELDS).first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, {"user": user, **context, "site_url": site_root(self.request)})

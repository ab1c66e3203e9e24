"""django-allauth hooks of the portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Only second-factor codes reach allauth's count of failures (see pre_authenticate).
        "too_many_login_attempts": _(
            "Too many wrong codes. For your account's safety, signing in is paused for a while: please wait "
            "a quarter of an hour and try again."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        """A new account gets its e-mails in the language of the page it signed up on."""
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit)

    def pre_authenticate(self, request, **credentials):
        """Failed passwords are counted by django-axes alone; allauth's "login_failed" rate limit (the same
        setting) is left to second-factor codes, which axes never sees."""

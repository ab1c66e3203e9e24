"""django-allauth hooks of the portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account gets its e-mails in the language of the page it signed up on."""
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit)

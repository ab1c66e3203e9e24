"""allauth's sign-in and sign-up forms with the e-mail field in the portal's words.

allauth labels the field with its "Email" and fills it with its "Email address" placeholder; in
French Django's own catalogue answers the first ("Courriel") and allauth's the second ("Adresse
e-mail"), so the label and the text in the box disagreed. Both now say the portal's "E-mail
address". A module of its own: allauth.account.forms imports portal.accounts.forms (the sign-up
form's base class, ACCOUNT_SIGNUP_FORM_CLASS), so that module cannot import allauth's forms back.
"""

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


def in_portal_words(field: forms.Field) -> None:
    field.label = _("E-mail address")
    field.widget.attrs["placeholder"] = _("E-mail address")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_portal_words(self.fields["login"])


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_portal_words(self.fields["email"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    # Not "Accounts": allauth's e-mail addresses are listed under that name in the admin.
    verbose_name = _("Users")

"""The URL names of the pages, one namespace per app, and the public addresses they stand for.

The names moved into the namespace of the app whose views answer them; the addresses people, feeds
readers and search engines know did not change. Each row is a name and the address it must give.
"""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

ADDRESSES = [
    ("pages:home", [], "/"),
    ("pages:country", ["mli"], "/countries/mli/"),
    ("pages:map", [], "/map/"),
    ("pages:editions", [], "/editions/"),
    ("pages:edition", ["2018"], "/editions/2018/"),
    ("countries:list", [], "/countries/"),
    ("countries:follow", ["mli"], "/countries/mli/subscribe/"),
    ("forum:participation", [], "/participation/"),
    ("forum:corrections", [], "/corrections/"),
    ("forum:correction", [7], "/corrections/7/"),
    ("forum:propose_correction", ["mli"], "/countries/mli/propose/"),
    ("practices:search", [], "/practices/"),
    ("practices:detail", [7], "/practices/7/"),
    ("practices:themes", [], "/themes/"),
    ("practices:theme", ["health"], "/themes/health/"),
    ("practices:theme_follow", ["health"], "/themes/health/subscribe/"),
    ("practices:objectives", [], "/gcm-objectives/"),
    ("practices:objective", [5], "/gcm-objectives/5/"),
    ("practices:objective_follow", [5], "/gcm-objectives/5/subscribe/"),
    ("subscriptions:manage", [], "/subscriptions/"),
    ("subscriptions:subscribe", [], "/subscriptions/new/"),
    ("subscriptions:country_feed", ["mli"], "/feeds/countries/mli/"),
    ("subscriptions:theme_feed", ["health"], "/feeds/themes/health/"),
    ("subscriptions:objective_feed", [5], "/feeds/gcm-objectives/5/"),
    ("accounts:profile", [], "/accounts/profile/"),
    ("accounts:translations", [], "/translations/"),
]


@pytest.mark.parametrize(("name", "args", "address"), ADDRESSES)
def test_each_url_name_gives_the_address_the_page_always_had(name, args, address):
    assert reverse(name, args=args) == address
    assert resolve(address).view_name == name


@pytest.mark.parametrize(("name", "args", "address"), ADDRESSES)
def test_each_url_name_gives_the_french_address_under_fr(name, args, address):
    with translation.override("fr"):
        assert reverse(name, args=args) == "/fr" + address


def test_the_sign_in_pages_of_allauth_stay_under_accounts():
    assert reverse("account_login") == "/accounts/login/"
    assert resolve("/accounts/profile/").view_name == "accounts:profile"

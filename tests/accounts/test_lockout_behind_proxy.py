"""Sign-in lockouts count the person's own address: behind our proxy, the one it appended to X-Forwarded-For."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.accounts.models import User
from portal.core.middleware import client_address
from tests.practices.conftest import verified

ROOT = Path(__file__).resolve().parent.parent.parent
PROXY = "10.0.0.2"  # the load balancer: every request reaches the portal from it
PASSPHRASE = "the right passphrase"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True


@pytest.fixture
def omar(db):
    return verified(User.objects.create_user("omar", "omar@example.org", PASSPHRASE))


def through_proxy(forwarded_for: str) -> Client:
    """A browser whose requests come through the proxy, which set X-Forwarded-For as given."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def sign_in(client: Client, password: str):
    return client.post(reverse("account_login"), {"login": "omar@example.org", "password": password})


def lock_out(client: Client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, PASSPHRASE).status_code == 429


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_behind_the_proxy_the_client_is_the_entry_the_proxy_appended_last(behind_proxy):
    assert client_address(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from(PROXY, "203.0.113.66, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from(PROXY, "2001:db8::5")) == "2001:db8::5"


def test_behind_the_proxy_a_request_without_a_usable_forwarded_address_counts_as_remote_addr(behind_proxy):
    assert client_address(request_from(PROXY)) == PROXY
    assert client_address(request_from(PROXY, "198.51.100.7, not-an-address")) == PROXY


def test_without_a_proxy_x_forwarded_for_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_address(request_from("192.0.2.10", "198.51.100.7")) == "192.0.2.10"


def test_axes_counts_the_portals_client_address_not_remote_addr(behind_proxy):
    from axes.helpers import get_client_ip_address

    assert get_client_ip_address(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_locking_out_one_client_behind_the_proxy_does_not_lock_out_another(behind_proxy, omar, settings):
    lock_out(through_proxy("198.51.100.7"), settings)
    other = through_proxy("203.0.113.9")
    response = sign_in(other, PASSPHRASE)
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(omar.pk)


def test_a_locked_out_client_cannot_escape_by_writing_its_own_x_forwarded_for(behind_proxy, omar, settings):
    lock_out(through_proxy("198.51.100.7"), settings)
    # The client sends "X-Forwarded-For: 203.0.113.9"; the proxy appends the address it really came from.
    spoofer = through_proxy("203.0.113.9, 198.51.100.7")
    response = sign_in(spoofer, PASSPHRASE)
    assert response.status_code == 429
    assert "_auth_user_id" not in spoofer.session


def test_with_behind_proxy_set_axes_allauth_and_the_api_count_the_same_client(tmp_path):
    """BEHIND_PROXY=1 as production sets it: lockouts, allauth's rate limits (sign-up, password reset)
    and the API's rate limit all take the address the proxy appended, never the client's own claim."""
    script = (
        "import django; django.setup();"
        "from django.test import RequestFactory;"
        "from allauth.core.internal.httpkit import get_client_ip;"
        "from axes.helpers import get_client_ip_address;"
        "from rest_framework.request import Request;"
        "from rest_framework.throttling import AnonRateThrottle;"
        f"r = RequestFactory().get('/', REMOTE_ADDR='{PROXY}', HTTP_X_FORWARDED_FOR='203.0.113.9, 198.51.100.7');"
        "print(get_client_ip_address(r), get_client_ip(r), AnonRateThrottle().get_ident(Request(r)))"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),
        "BEHIND_PROXY": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["198.51.100.7"] * 3, result.stderr

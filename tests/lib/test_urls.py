"""Absolute links come from one place: the request's own address, else the one being answered, else SITE_URL."""

import pytest
from django.core.exceptions import DisallowedHost
from django.test import RequestFactory

from portal.lib.urls import absolute_url, site_root, using_root


def test_without_a_request_links_start_with_site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    assert absolute_url("/practices/1/") == "https://portal.example.org/practices/1/"


def test_a_request_gives_its_own_scheme_host_and_port(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="portal.example.org:8217")
    assert absolute_url("/practices/1/", request) == "http://portal.example.org:8217/practices/1/"


def test_a_host_outside_allowed_hosts_is_not_used_site_url_is(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    settings.SITE_URL = "https://portal.example.org"
    request = RequestFactory().get("/", HTTP_HOST="evil.example.com")
    with pytest.raises(DisallowedHost):
        request.get_host()
    assert absolute_url("/x/", request) == "https://portal.example.org/x/"


def test_inside_using_root_links_start_with_that_root_and_fall_back_after(settings):
    settings.SITE_URL = "https://portal.example.org"
    with using_root("http://127.0.0.1:8217/"):
        assert site_root() == "http://127.0.0.1:8217"
        assert absolute_url("/a/") == "http://127.0.0.1:8217/a/"
    assert site_root() == "https://portal.example.org"
    with using_root(""):  # a task enqueued without a request
        assert site_root() == "https://portal.example.org"


def test_an_absolute_address_is_kept_as_it_is():
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"

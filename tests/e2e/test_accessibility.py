"""axe-core (shipped inside the axe-playwright-python package) on every page type: zero WCAG 2.1 AA violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.practices.models import Practice

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/?q=zzz",
    "/countries/mli/",
    "/editions/",
    "/editions/2018/",
    "/map/",
    "/participation/",
    "/practices/",
    "/practices/?q=diaspora",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def violations(page) -> str:
    results = Axe().run(page, options=WCAG_AA)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violations(page, site_data, path):
    page.goto(path)
    assert violations(page) == ""


def test_practice_page_has_no_accessibility_violations(page, site_data):
    practice = Practice.objects.get(title="Malian Diaspora Forum")
    page.goto(f"/practices/{practice.pk}/")
    assert violations(page) == ""

"""The public pages of issue 18 at a laptop's and a phone's width: no horizontal overflow, no axe
violation, a screenshot of each kept in test-artifacts/screenshots/; the phone's menu button."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.practices.models import Practice
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import WCAG_AA

PAGES = {
    "home": "/",
    "home-fr": "/fr/",
    "countries": "/countries/",
    "countries-es": "/es/countries/",
    "map": "/map/",
    "participation": "/participation/",
    "edition": "/editions/2019/",
}


@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_fit_the_window_and_pass_axe(page, site_data, width):
    practice = Practice.objects.get(title="Malian Diaspora Forum")
    pages = {**PAGES, "practice": f"/practices/{practice.pk}/?from=%2Fpractices%2F%3Fq%3Ddiaspora"}
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{path} is wider than the window at {width} px"
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
        screenshot(page, f"public-{name}-{width}")


def test_on_a_phone_the_menus_open_from_a_menu_button(page, site_data):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    main_menu = page.get_by_role("navigation", name="Main")
    assert not main_menu.is_visible()
    page.get_by_text("Menu", exact=True).click()
    expect(main_menu).to_be_visible()
    main_menu.get_by_role("link", name="Countries").click()
    assert page.url.endswith("/countries/")


def test_on_a_laptop_the_menus_show_without_a_button(page, site_data):
    page.goto("/")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()

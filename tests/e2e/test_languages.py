"""The language switcher in a real browser, and a French page at the three widths."""

from tests.e2e.conftest import screenshot


def test_the_switcher_takes_mali_s_profile_into_french(page, site_data, outside_requests):
    page.goto("/countries/mli/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/countries/mli/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#engagement-heading").inner_text() == "Engagement dans les éditions du FMMD"
    assert page.locator("#timeline-caption").inner_text() == "Mali au FMMD, édition par édition"
    current = page.locator('.language-switcher a[aria-current="true"]')
    assert current.inner_text() == "Français"
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url("**/countries/mli/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert outside_requests == []


def test_the_map_controls_speak_the_page_language(page, site_data):
    page.goto("/es/map/")
    toolbar = page.get_by_role("toolbar", name="Ampliar y desplazar el mapa")
    assert toolbar.get_by_role("button", name="Ampliar").is_visible()


def test_a_french_page_looks_right_at_three_widths(page, site_data, outside_requests):
    for width in (360, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path, name in [
            ("/fr/countries/mli/", "fr-profile"),
            ("/fr/map/", "fr-map"),
            ("/es/editions/2018/", "es-edition"),
        ]:
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways at {width}px by {overflow}px"
            screenshot(page, f"{name}-{width}")
    assert outside_requests == []

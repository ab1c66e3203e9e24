"""A newcomer reaches Mali's timeline from the map, with the keyboard alone; nothing leaves the machine."""

from tests.e2e.conftest import screenshot


def test_the_map_leads_to_malis_timeline_by_keyboard_alone(page, site_data, outside_requests):
    page.goto("/map/?edition=2018")
    mali = page.locator('a[data-iso3="MLI"]')
    for _ in range(400):
        page.keyboard.press("Tab")
        if mali.evaluate("link => link === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached Mali on the map")
    page.keyboard.press("Enter")
    page.wait_for_url("**/countries/mli/")
    assert page.locator("h1").inner_text() == "Mali"
    assert page.locator("#timeline-caption").inner_text() == "Mali in the GFMD, edition by edition"
    assert outside_requests == []


def test_pages_look_right_at_three_widths(page, site_data, outside_requests):
    for width in (360, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path, name in [("/countries/mli/", "profile"), ("/map/", "map"), ("/editions/2018/", "edition")]:
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways at {width}px by {overflow}px"
            screenshot(page, f"{name}-{width}")
    assert outside_requests == []

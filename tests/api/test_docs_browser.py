"""The documentation page in a real browser, under the site's Content-Security-Policy: Swagger UI
starts, draws the operations, logs no CSP violation and fetches nothing from outside."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def allow_sync_orm_in_event_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_swagger_ui_runs_under_the_csp_with_local_assets_only(allow_sync_orm_in_event_loop, live_server, db):
    playwright_api = pytest.importorskip("playwright.sync_api")
    console, outside = [], []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: console.append(f"page error: {error}"))

            def guard(route):
                url = route.request.url
                if (urlparse(url).hostname or "") in {"localhost", "127.0.0.1"} or url.startswith("data:"):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(live_server.url + "/api/v1/docs/")
            page.wait_for_selector(".opblock", timeout=30_000)
            assert page.locator(".opblock").count() >= 50
            assert page.locator(".info .title").first.inner_text().startswith("GFMD Portal API")
        finally:
            browser.close()
    assert console == []
    assert outside == []

"""End-to-end tests in a real browser: Playwright driving Debian's Chromium against a live server.

They run with the rest of the suite when /usr/bin/chromium exists (CI installs it: see .ci/run;
locally `sudo apt-get install chromium`), and are skipped with that reason otherwise. Screenshots
go to test-artifacts/screenshots/.
"""

import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Playwright's synchronous API runs an event loop in this thread; the ORM calls made by the test
# itself (creating data, reading messages) are plain synchronous calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """Every request the pages tried to send off this machine (there must be none)."""
    return []


@pytest.fixture
def page(browser, live_server, outside_requests):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if host in {"localhost", "127.0.0.1", "[::1]"} or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site_data(transactional_db, settings, tmp_path):
    """Reference data and the Mali page in the live server's database; e-mails as files in tmp_path."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())
    return tmp_path / "mail"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

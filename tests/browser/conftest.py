"""Browser journeys: Playwright drives Debian's chromium (never a browser a tool downloads)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FULLPICTURE_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser journeys need Debian's chromium at {CHROMIUM} (apt-get install chromium)."
        )
    # Playwright's sync API runs an event loop in this thread; Django then refuses
    # ORM calls from it unless told the test process is single-threaded on purpose.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
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
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()

"""Playwright against Debian's Chromium; never a downloaded browser."""

import importlib
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Debian Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the Django ORM
    # refuses to run next to one unless told this is deliberate.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if saved is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture(autouse=True)
def _data_migration_rows(transactional_db):
    """The skill taxonomy and the Moderators group come from data migrations, whose rows
    a transactional test before this one may have flushed."""
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    importlib.import_module("listings.migrations.0005_moderator_group").create_moderator_group(apps, None)


@contextmanager
def open_page(browser, base_url):
    """A tab in a fresh browser context (its own cookies) that records CSP violations."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with open_page(browser, live_server.url) as page:
        yield page


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser, e.g. the employer's while `page` is the seeker's."""
    with open_page(browser, live_server.url) as page:
        yield page

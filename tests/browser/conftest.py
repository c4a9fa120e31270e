"""Playwright on Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread; the ORM calls a test makes around it are
synchronous and safe, hence DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests only.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import require

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    require(shutil.which(CHROMIUM) is not None, f"needs Chromium at {CHROMIUM} (apt-get install chromium)")

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page_factory(browser, live_server, settings):
    settings.SITE_URL = live_server.url  # links in e-mails lead back to the server under test
    contexts = []
    refused = []  # what the Content Security Policy blocked, on any page of the test

    def make(locale="fr-FR"):
        context = browser.new_context(locale=locale, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _record_refusal(message, refused))
        return page

    make.refused = refused
    yield make
    for context in contexts:
        context.close()
    assert not refused, f"the Content Security Policy refused: {refused}"


def _record_refusal(message, refused: list) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        refused.append(message.text)

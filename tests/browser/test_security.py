"""The Content Security Policy holds in a real browser: the pages load whole, an injected script does not run.

Every browser test also fails on anything the policy refuses on its pages (tests/browser/conftest.py).
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_injected_inline_script_does_not_run(page_factory):
    page = page_factory()
    response = page.goto("/trouver-un-mentor/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.appendChild(script);
        }"""
    )

    assert page.evaluate("() => window.injected === undefined")
    page.wait_for_timeout(200)  # the console message arrives asynchronously
    assert any("inline script" in text for text in page_factory.refused)
    page_factory.refused.clear()  # expected here: the other tests fail on any refusal


def test_the_styles_and_scripts_of_the_site_apply(page_factory):
    page = page_factory()
    page.goto("/trouver-un-mentor/")

    # Bootstrap's stylesheet applied (a .btn has padding) and its script ran (it defines window.bootstrap).
    assert page.locator(".btn").first.evaluate("e => getComputedStyle(e).paddingTop") != "0px"
    assert page.evaluate("() => typeof window.bootstrap === 'object' && typeof window.htmx === 'object'")

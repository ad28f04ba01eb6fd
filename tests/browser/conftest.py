"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser is started by path and never downloaded. When it cannot start, the test errors
(it does not skip): CI installs Chromium whenever a test is marked ``browser``.

Every page opened through ``open_page`` records the console messages and page errors that
report a Content-Security-Policy violation; the test fails at teardown if there was one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from .chromium import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "demo-password"  # UserFactory's password
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
));
"""
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


def is_csp_violation(text: str) -> bool:
    return any(marker in text for marker in CSP_MARKERS)


@pytest.fixture
def browser(monkeypatch) -> Iterator:
    """A headless Chromium for one test.

    Playwright's sync API keeps an event loop running in this thread, which makes Django refuse
    ORM calls ("async context"); the test itself is synchronous, so the check is lifted for it.
    """
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """The CSP violations seen by every page of the test (see ``open_page``)."""
    return []


@pytest.fixture
def open_page(browser, live_server, csp_violations) -> Iterator[Callable]:
    """``open_page(viewport=None, **context_options)``: a page in a fresh browser context (its own
    cookies, so two users can act side by side), watched for CSP violations."""
    contexts = []

    def open_(viewport: dict | None = None, **options):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, base_url=live_server.url, **options
        )
        contexts.append(context)
        # Chromium also logs most violations itself; this catches every one the page sees.
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda message: is_csp_violation(message.text) and csp_violations.append(f"{page.url}: {message.text}"),
        )
        page.on(
            "pageerror",
            lambda error: is_csp_violation(str(error)) and csp_violations.append(f"{page.url}: {error}"),
        )
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def log_in() -> Callable:
    """``log_in(page, user)``: log in through the login page, as a person would."""

    def log_in_(page, user, password: str = PASSWORD) -> None:
        page.goto("/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.locator("main form [type=submit], form:has(input[name=password]) [type=submit]").first.click()
        page.wait_for_url(lambda url: "/login/" not in url)

    return log_in_

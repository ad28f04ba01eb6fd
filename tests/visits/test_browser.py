"""A rep on a phone logs a visit from the account page, in a real browser (Playwright + Chromium)."""

from __future__ import annotations

import datetime
import os
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from visits.models import Visit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(live_server, rep, monkeypatch):
    """A logged-in page of Chromium at a phone's size (Debian's browser: never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are plain blocking ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(rep)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rep_logs_a_visit_from_the_account_page_on_a_phone_in_under_a_minute(live_server, phone_page, account):
    assert os.path.exists(CHROMIUM), "install Debian's chromium: apt-get install -y chromium"
    page = phone_page
    started = time.monotonic()

    page.goto(f"{live_server.url}{account.get_absolute_url()}")
    page.click("#tab-visits")
    page.click("#log-visit")
    page.wait_for_selector("#save-visit")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling

    page.select_option("select[name=purpose]", "service")
    page.check("input[name=knows_decision_maker]")
    page.check("input[name=appointment_made]")
    page.fill("textarea[name=outcome]", "Checked the new line; they want a second unit")
    page.fill("input[name=next_step]", "Quote a second unit")
    follow_up = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("input[name=next_follow_up]", follow_up.isoformat())
    page.click("#save-visit")

    page.wait_for_url(f"{live_server.url}{account.get_absolute_url()}")
    assert "logged" in page.inner_text(".alert-success")
    page.click("#tab-visits")
    page.wait_for_selector("text=Checked the new line; they want a second unit")
    elapsed = time.monotonic() - started

    visit = Visit.objects.get(account=account)
    assert (visit.purpose, visit.next_follow_up) == ("service", follow_up)
    assert visit.knows_decision_maker and visit.appointment_made
    assert elapsed < 60

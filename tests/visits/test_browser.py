"""A rep on a phone logs a visit from the account page, in a real browser (Playwright + Chromium)."""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE
from visits.models import Visit


@contextlib.contextmanager
def phone_page(base_url: str, session_key: str):
    """A logged-in page of Debian's Chromium (never a downloaded browser) at a phone's size.

    Playwright's sync API runs an event loop in this thread, and an ORM query made inside it
    would open a connection nobody closes: tests query the database before or after this block.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rep_logs_a_visit_from_the_account_page_on_a_phone_in_under_a_minute(live_server, rep, account):
    assert os.path.exists(CHROMIUM), "install Debian's chromium: apt-get install -y chromium"
    client = Client()
    client.force_login(rep)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    account_url = f"{live_server.url}{account.get_absolute_url()}"
    follow_up = timezone.localdate() + datetime.timedelta(days=7)

    with phone_page(live_server.url, session_key) as page:
        started = time.monotonic()
        page.goto(account_url)
        page.click("#tab-visits")
        page.click("#log-visit")
        page.wait_for_selector("#save-visit")
        page_width = page.evaluate("document.documentElement.scrollWidth")
        page.select_option("select[name=purpose]", "service")
        page.check("input[name=knows_decision_maker]")
        page.check("input[name=appointment_made]")
        page.fill("textarea[name=outcome]", "Checked the new line; they want a second unit")
        page.fill("input[name=next_step]", "Quote a second unit")
        page.fill("input[name=next_follow_up]", follow_up.isoformat())
        page.click("#save-visit")
        # Back on the account, its visits tab opened by itself at the visit just logged.
        page.wait_for_url(re.compile(re.escape(account_url) + r"#tab-visits/visit-\d+$"))
        message = page.inner_text(".alert-success")
        page.wait_for_selector("#tab-visits.active")
        page.wait_for_selector("li.border-primary >> text=Checked the new line; they want a second unit")
        elapsed = time.monotonic() - started

    assert page_width <= PHONE["width"]  # nothing to scroll sideways on the phone
    assert "logged" in message
    assert elapsed < 60
    visit = Visit.objects.get(account=account)
    assert (visit.purpose, visit.next_follow_up, visit.rep) == ("service", follow_up, rep)
    assert visit.knows_decision_maker and visit.appointment_made and not visit.referral_used

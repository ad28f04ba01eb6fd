"""A rep checks in on a phone: the position is read only after ticking consent (Playwright + Chromium)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.factories import AccountFactory
from visits.models import Visit

# A phone standing 511 m north of the account (People's Square, Shanghai).
PHONE_AT = {"latitude": 31.235, "longitude": 121.4737, "accuracy": 18}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_position_fills_in_only_after_consent_and_is_kept_with_its_distance(live_server, rep, settings_check_in):
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "install Debian's chromium: apt-get install -y chromium"
    account = AccountFactory(owner=rep, latitude=Decimal("31.230400"), longitude=Decimal("121.473700"))
    client = Client()
    client.force_login(rep)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, geolocation=PHONE_AT, permissions=["geolocation"])
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            page.goto(f"{live_server.url}{reverse('visits:log', args=[account.pk])}")
            assert page.input_value("input[name=latitude]") == ""  # nothing read before consent
            page.fill("textarea[name=outcome]", "Checked the line")
            page.check("input[name=check_in_consent]")
            page.wait_for_function("document.querySelector('input[name=latitude]').value !== ''")
            assert "18" in page.text_content("#check-in-status")
            page.click("#save-visit")
            page.wait_for_url(f"**{account.get_absolute_url()}**")
        finally:
            context.close()
            browser.close()

    visit = Visit.objects.get()
    assert (visit.check_in_latitude, visit.check_in_accuracy_m, visit.check_in_distance_m) == (
        Decimal("31.235000"),
        18,
        511,
    )


@pytest.fixture
def settings_check_in(settings):
    settings.VISITS_CHECK_IN = True

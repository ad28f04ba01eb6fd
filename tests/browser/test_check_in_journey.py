"""A rep checks in on a phone: the position is read only after ticking consent, and the visit
keeps it with its distance from the account (Playwright + Chromium, under the strict CSP)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser.chromium import PHONE
from tests.factories import AccountFactory
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone standing 511 m north of the account (People's Square, Shanghai).
PHONE_AT = {"latitude": 31.235, "longitude": 121.4737, "accuracy": 18}


@pytest.fixture(autouse=True)
def check_in_on(settings):
    settings.VISITS_CHECK_IN = True


def test_the_position_fills_in_only_after_consent_and_is_kept_with_its_distance(open_page, log_in, rep):
    account = AccountFactory(owner=rep, latitude=Decimal("31.230400"), longitude=Decimal("121.473700"))
    page = open_page(viewport=PHONE, is_mobile=True, geolocation=PHONE_AT, permissions=["geolocation"])
    log_in(page, rep)

    page.goto(reverse("visits:log", args=[account.pk]))
    assert page.input_value("input[name=latitude]") == ""  # nothing read before consent
    page.fill("textarea[name=outcome]", "Checked the line")
    page.check("input[name=check_in_consent]")
    page.wait_for_function("document.querySelector('input[name=latitude]').value !== ''")
    assert "18" in page.text_content("#check-in-status")
    page.click("#save-visit")
    page.wait_for_url(f"**{account.get_absolute_url()}**")

    visit = Visit.objects.get()
    assert (visit.check_in_latitude, visit.check_in_accuracy_m, visit.check_in_distance_m) == (
        Decimal("31.235000"),
        18,
        511,
    )

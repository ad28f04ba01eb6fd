"""The credit investigation form: every item rated, a rating and a suggested limit by the policy."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credit import services
from credit.models import ITEM_NAMES, CreditInvestigation, RequestStatus
from tests.factories import CreditInvestigationFactory, CreditRequestFactory

ALL_FOURS = dict.fromkeys(ITEM_NAMES, 4)


def test_the_form_asks_every_item_of_the_spec(client, rep, account):
    client.force_login(rep)
    form = client.get(reverse("credit:investigation_create", args=[account.pk])).context["form"]
    assert set(ITEM_NAMES) <= set(form.fields)
    assert len(ITEM_NAMES) == 11
    assert all(form.fields[name].required for name in ITEM_NAMES)


def test_rating_follows_the_default_rule(db):  # the policy in force is read from the database
    assert services.rate_investigation(dict.fromkeys(ITEM_NAMES, 5)) == (Decimal("100.00"), "AAA", Decimal("2000000"))
    assert services.rate_investigation(ALL_FOURS) == (Decimal("80.00"), "AA", Decimal("1000000"))
    assert services.rate_investigation(dict.fromkeys(ITEM_NAMES, 1)) == (Decimal("20.00"), "C", Decimal("0"))
    # weighted: principal's credit (3) and bank credit (3) at 1, the rest (weight 15) at 5 →
    # (6 × 1 + 15 × 5) / (21 × 5) = 81 / 105 = 77.14 %
    mixed = {**dict.fromkeys(ITEM_NAMES, 5), "principal_credit": 1, "bank_credit": 1}
    assert services.rate_investigation(mixed)[:2] == (Decimal("77.14"), "AA")


def test_the_rule_is_configurable(db, settings):
    settings.CREDIT_POLICY = {
        "rating_bands": [("GOOD", Decimal("75"), Decimal("42")), ("BAD", Decimal("0"), Decimal("0"))]
    }
    assert services.rate_investigation(ALL_FOURS) == (Decimal("80.00"), "GOOD", Decimal("42"))


def test_a_rep_records_an_investigation_and_sees_its_rating(client, rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("credit:investigation_create", args=[account.pk]),
        {**ALL_FOURS, "investigated_on": "2026-03-01", "notes": "Bank says fine"},
        follow=True,
    )
    investigation = CreditInvestigation.objects.get()
    assert (investigation.author, investigation.rating, investigation.suggested_limit) == (
        rep,
        "AA",
        Decimal("1000000"),
    )
    assert "Bank says fine" in response.content.decode()


def test_an_investigation_is_editable_until_a_decided_request_used_it(client, rep, manager, account):
    investigation = CreditInvestigationFactory(account=account)
    client.force_login(rep)
    url = reverse("credit:investigation_edit", args=[investigation.pk])
    client.post(url, {**ALL_FOURS, "bank_credit": 1, "investigated_on": "2026-03-01"})
    investigation.refresh_from_db()
    assert investigation.bank_credit == 1
    assert investigation.score < Decimal("80")

    CreditRequestFactory(account=account, investigation=investigation, status=RequestStatus.REJECTED)
    response = client.post(url, {**ALL_FOURS, "investigated_on": "2026-03-01"})

    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.bank_credit == 1
    with pytest.raises(services.CreditError):
        services.investigation_update(investigation=investigation, actor=rep, fields={"bank_credit": 5})


def test_a_pending_request_does_not_lock_it(account, rep):
    investigation = CreditInvestigationFactory(account=account)
    CreditRequestFactory(account=account, investigation=investigation)
    services.investigation_update(investigation=investigation, actor=rep, fields={"bank_credit": 5})
    investigation.refresh_from_db()
    assert investigation.bank_credit == 5

"""Every page, job and stored table shows the same credit figures: they come from one
definition (``credit.exposure``), and the stored positions are a cache of it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from credit import selectors
from credit.models import CreditPosition
from credit.positions import fresh_positions, positions_refresh
from tests.factories import CreditLimitFactory, OpportunityFactory, OrderFactory, OrderLineFactory

TODAY = datetime.date(2026, 6, 30)


def test_with_opportunities_in_full_the_overview_and_the_credit_tab_agree(client, account, credit_approver, settings):
    settings.CREDIT_POLICY = {"opportunities": "full"}
    order = OrderFactory(account=account, order_date=TODAY - datetime.timedelta(days=10), due_date=TODAY)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("10000"))
    OpportunityFactory(account=account, amount=Decimal("90000"))
    CreditLimitFactory(account=account, amount=Decimal("200000"))
    positions_refresh(today=TODAY)  # factories write past the services; refresh as they would

    [row] = list(selectors.exposure_list(user=credit_approver, today=TODAY))
    single = selectors.account_exposure(account.pk, today=TODAY)

    assert (row.receivables, row.exposure) == (single.receivables, single.exposure) == (10000, 100000)
    assert row.collection_days == single.collection_days == Decimal("365")  # 10 000 of a year's 10 000
    client.force_login(credit_approver)
    tab = client.get(reverse("credit:account_panel", args=[account.pk])).content.decode()
    assert "10,000.00" in tab


def test_a_stored_position_is_its_definition(account):
    order = OrderFactory(account=account, order_date=TODAY - datetime.timedelta(days=90), due_date=TODAY)
    OrderLineFactory(order=order, quantity=Decimal("3"), unit_price=Decimal("33.3337"))
    CreditLimitFactory(account=account, amount=Decimal("50"))

    positions_refresh(today=TODAY)

    stored = CreditPosition.objects.filter(account=account).values(*fresh_positions([account.pk], TODAY)[account.pk])
    assert stored.get() == fresh_positions([account.pk], TODAY)[account.pk]
    assert stored.get()["exposure"] == Decimal("100.00")
    assert selectors.account_exposure(account.pk, today=TODAY).utilisation == Decimal("2")

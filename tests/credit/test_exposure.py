"""Exposure figures, computed in SQL for a list of accounts, against a hand computation."""

import datetime
from decimal import Decimal

import pytest

from credit import selectors
from credit.exposure import overdue_days
from credit.positions import positions_refresh
from deals.receivables import receivables_refresh
from tests.factories import (
    AccountFactory,
    CreditLimitFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    ProductFactory,
)

TODAY = datetime.date(2026, 6, 30)


def order(account, amount, *, order_date, due_date, paid=Decimal("0"), status="confirmed"):
    made = OrderFactory(account=account, order_date=order_date, due_date=due_date, status=status)
    OrderLineFactory(order=made, product=ProductFactory(unit_price=amount), quantity=Decimal("1"), unit_price=amount)
    if paid:
        PaymentFactory(order=made, amount=paid)
    # Factories write past the deals services; refresh the stored receivables as they would
    # (and with them the credit positions, as of the real today).
    receivables_refresh(account_ids=[account.pk])
    return made


@pytest.fixture
def exposed_account(account):
    """Hand computation, as of 2026-06-30:

    - A: 40 000, due 2026-05-01, 10 000 paid → 30 000 unpaid, overdue since 2026-05-01 (60 days)
    - B: 50 000, due 2026-06-15, unpaid → overdue 50 000
    - C: 20 000, due 2026-08-01, unpaid → not yet due
    - D: 15 000, fully paid; E: 99 999 cancelled → nothing
    receivables = 30 000 + 50 000 + 20 000 = 100 000; overdue = 80 000, oldest due 2026-05-01.
    limit 80 000 from 2026-01-01 (a later 500 000 from 2026-07-01 is not in force yet):
    utilisation 1.25, over by 20 000.
    sales in the 365 days to 2026-06-30 = 40 000 + 50 000 + 20 000 + 15 000 = 125 000;
    DSO = 100 000 / 125 000 × 365 = 292 days.
    """
    order(
        account,
        Decimal("40000"),
        order_date=datetime.date(2026, 3, 1),
        due_date=datetime.date(2026, 5, 1),
        paid=Decimal("10000"),
    )
    order(account, Decimal("50000"), order_date=datetime.date(2026, 5, 15), due_date=datetime.date(2026, 6, 15))
    order(account, Decimal("20000"), order_date=datetime.date(2026, 6, 20), due_date=datetime.date(2026, 8, 1))
    order(
        account,
        Decimal("15000"),
        order_date=datetime.date(2026, 4, 1),
        due_date=datetime.date(2026, 5, 1),
        paid=Decimal("15000"),
    )
    order(
        account,
        Decimal("99999"),
        order_date=datetime.date(2026, 4, 1),
        due_date=datetime.date(2026, 5, 1),
        status="cancelled",
    )
    CreditLimitFactory(account=account, amount=Decimal("80000"), effective_from=datetime.date(2026, 1, 1))
    CreditLimitFactory(account=account, amount=Decimal("500000"), effective_from=datetime.date(2026, 7, 1))
    return account


def test_exposure_figures_match_a_hand_computation(exposed_account, admin_user):
    quiet = AccountFactory(owner=exposed_account.owner)
    positions_refresh(today=TODAY)
    rows = {row.pk: row for row in selectors.exposure_list(user=admin_user, today=TODAY)}

    figures = rows[exposed_account.pk]
    assert figures.receivables == Decimal("100000")
    assert figures.exposure == Decimal("100000")
    assert figures.credit_limit == Decimal("80000")
    assert figures.utilisation.quantize(Decimal("0.0001")) == Decimal("1.2500")
    assert figures.over_limit_by == Decimal("20000")
    assert figures.overdue_amount == Decimal("80000")
    assert figures.oldest_due == datetime.date(2026, 5, 1)
    assert overdue_days(figures.oldest_due, TODAY) == 60
    assert figures.collection_days.quantize(Decimal("0.01")) == Decimal("292.00")

    empty = rows[quiet.pk]
    assert (empty.exposure, empty.overdue_amount, empty.credit_limit, empty.utilisation) == (0, 0, None, None)


def test_the_later_limit_takes_effect_from_its_date(exposed_account):
    on_the_day = selectors.account_exposure(exposed_account.pk, today=datetime.date(2026, 7, 1))
    assert on_the_day.credit_limit == Decimal("500000")
    assert on_the_day.utilisation.quantize(Decimal("0.0001")) == Decimal("0.2000")


def test_list_puts_the_most_utilised_first_and_filters(exposed_account, admin_user, rep):
    within = AccountFactory(owner=rep, name="Within Ltd")
    order(within, Decimal("1000"), order_date=datetime.date(2026, 6, 1), due_date=datetime.date(2026, 7, 1))
    CreditLimitFactory(account=within, amount=Decimal("10000"))
    unlimited = AccountFactory(owner=rep, name="No Limit Ltd")
    order(unlimited, Decimal("5"), order_date=datetime.date(2026, 6, 1), due_date=datetime.date(2026, 7, 1))
    positions_refresh(today=TODAY)

    ordered = [a.pk for a in selectors.exposure_list(user=admin_user, today=TODAY)]
    assert ordered[:3] == [unlimited.pk, exposed_account.pk, within.pk]

    over = {a.pk for a in selectors.exposure_list(user=admin_user, over_limit=True, today=TODAY)}
    assert over == {unlimited.pk, exposed_account.pk}
    overdue = {a.pk for a in selectors.exposure_list(user=admin_user, overdue=True, today=TODAY)}
    assert overdue == {exposed_account.pk}


def test_list_shows_only_visible_accounts(exposed_account, foreign_account, other_rep):
    positions_refresh(today=TODAY)
    assert [a.pk for a in selectors.exposure_list(user=other_rep, today=TODAY)] == [foreign_account.pk]


def test_the_list_and_the_single_account_figures_agree(exposed_account, admin_user, rep, credit_approver):
    other = AccountFactory(owner=rep)
    order(
        other,
        Decimal("1234.56"),
        order_date=datetime.date(2026, 2, 1),
        due_date=datetime.date(2026, 3, 1),
        paid=Decimal("34.56"),
    )
    CreditLimitFactory(account=other, amount=Decimal("1000"))
    from credit import services

    services.write_off_record(
        account=other, actor=credit_approver, amount=Decimal("100"), written_off_on=TODAY, reason="x"
    )
    for row in selectors.exposure_list(user=admin_user, today=TODAY):
        single = selectors.account_exposure(row.pk, today=TODAY)
        assert (row.exposure, row.credit_limit, row.overdue_amount, row.oldest_due) == (
            single.exposure,
            single.credit_limit,
            single.overdue_amount,
            single.oldest_due,
        )
        assert (row.utilisation is None) == (single.utilisation is None)
        if row.utilisation is not None:
            assert row.utilisation.quantize(Decimal("0.0001")) == single.utilisation.quantize(Decimal("0.0001"))

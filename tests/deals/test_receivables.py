"""The stored receivables summary follows every deals write and the beat job is idempotent."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest

from credit import selectors
from deals import services
from deals.importing import import_orders
from deals.models import AccountReceivable, OwnerRevenue
from deals.receivables import receivables_refresh
from deals.tasks import refresh_receivables
from tests.factories import AccountFactory, OrderFactory, OrderLineFactory, PaymentFactory, ProductFactory

PAST = datetime.date(2020, 1, 1)


def stored(account) -> tuple[Decimal, datetime.date | None]:
    row = AccountReceivable.objects.get(account=account)
    return row.outstanding, row.oldest_unpaid_due


def create_order(account, actor, amount: str, number: str = "SO-1"):
    product = ProductFactory(unit_price=Decimal(amount))
    return services.order_create(
        account=account,
        actor=actor,
        number=number,
        order_date=PAST,
        due_date=PAST + datetime.timedelta(days=30),
        lines=[services.LineInput(product_id=product.pk, quantity=Decimal("2"), unit_price=Decimal(amount))],
    )


def test_the_summary_follows_order_create_payment_mark_paid_and_cancel(account, admin_user):
    order = create_order(account, admin_user, "100")
    assert stored(account) == (Decimal("200"), PAST + datetime.timedelta(days=30))

    services.payment_record(order=order, actor=admin_user, amount=Decimal("50"), paid_on=PAST)
    assert stored(account) == (Decimal("150"), PAST + datetime.timedelta(days=30))

    services.order_mark_paid(order=order, actor=admin_user, paid_on=PAST)
    assert stored(account) == (Decimal("0"), None)

    second = create_order(account, admin_user, "30", number="SO-2")
    assert stored(account)[0] == Decimal("60")
    services.order_cancel(order=second, actor=admin_user, reason="customer withdrew")
    assert stored(account) == (Decimal("0"), None)


def test_the_summary_follows_an_import(admin_user):
    account = AccountFactory(code="C-9")
    ProductFactory(code="P-1")
    source = io.BytesIO(
        b"account_code,order_number,order_date,product_code,quantity,unit_price\n"
        b"C-9,A-1,2025-12-24,P-1,2,3.50\nC-9,A-2,2025-12-25,P-1,1,10\n"
    )
    import_orders(source=source, name="orders.csv", actor=admin_user, payment_days=30)
    assert stored(account) == (Decimal("17"), datetime.date(2026, 1, 23))


def test_the_beat_job_is_idempotent_and_repairs_writes_made_past_the_services(account):
    order = OrderFactory(account=account, due_date=PAST)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("80"))
    PaymentFactory(order=order, amount=Decimal("30"))
    quiet = AccountFactory()

    assert refresh_receivables() >= 2  # every account gets its row
    assert stored(account) == (Decimal("50"), PAST)
    assert stored(quiet) == (Decimal("0"), None)
    before = dict(AccountReceivable.objects.values_list("account_id", "updated_at"))

    assert refresh_receivables() == 0  # nothing changed: nothing rewritten
    assert dict(AccountReceivable.objects.values_list("account_id", "updated_at")) == before
    assert AccountReceivable.objects.count() == len(before)


def test_the_refresh_of_some_accounts_leaves_the_others_alone(account):
    other = AccountFactory()
    OrderLineFactory(order=OrderFactory(account=other), quantity=Decimal("1"), unit_price=Decimal("5"))
    receivables_refresh(account_ids=[account.pk])
    assert stored(account) == (Decimal("0"), None)
    assert not AccountReceivable.objects.filter(account=other).exists()
    assert receivables_refresh(account_ids=[]) == 0


@pytest.mark.parametrize("mode", [None, "full"])
def test_the_overview_orders_on_the_stored_figures_and_they_equal_the_computed_ones(
    account, admin_user, settings, mode
):
    settings.CREDIT_POLICY = {"opportunities": mode}
    create_order(account, admin_user, "100")
    [row] = list(selectors.exposure_list(user=admin_user))
    single = selectors.account_exposure(account.pk)
    assert row.exposure == single.exposure == Decimal("200.00")
    assert row.overdue_amount == single.overdue_amount == Decimal("200.00")


def test_an_order_adds_up_only_its_own_month_of_its_owner_revenue_and_a_payment_none(account, admin_user):
    """Owners have years of orders: a write adds up again only the month whose sales changed.
    A month's row set wrong behind the services' back shows which months a write touched."""
    order = create_order(account, admin_user, "100")  # January 2020: revenue 200
    other_month = datetime.date(2021, 6, 1)
    OwnerRevenue.objects.create(owner=account.owner, month=other_month, revenue=Decimal("7.00"))

    def revenue(month):
        return OwnerRevenue.objects.get(owner=account.owner, month=month).revenue

    OwnerRevenue.objects.filter(month=PAST).update(revenue=Decimal("1.00"))
    services.payment_record(order=order, actor=admin_user, amount=Decimal("50"), paid_on=PAST)
    assert revenue(PAST) == Decimal("1.00")  # a payment changes no sale

    create_order(account, admin_user, "30", number="SO-2")  # January 2020 again
    assert revenue(PAST) == Decimal("260.00")
    assert revenue(other_month) == Decimal("7.00")  # not added up again

    receivables_refresh(account_ids=[account.pk])  # every month: the stray row goes
    assert not OwnerRevenue.objects.filter(month=other_month).exists()

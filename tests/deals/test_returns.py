"""Returns (credit notes) name the order they take goods back from and never take back more
than it sold; prices are never negative. No credit limit here: the rules hold by themselves."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deals.models import Order, OrderLine, OrderStatus
from deals.services import LineInput, order_cancel, order_create
from tests.factories import OrderFactory, OrderLineFactory, ProductFactory

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def pump(db):
    return ProductFactory(code="PUMP", unit_price=Decimal("100.00"), unit_cost=Decimal("60.00"))


@pytest.fixture
def sale(account, rep, pump):
    """Five pumps at 90.00 (below the list price of 100.00)."""
    return order_create(
        account=account,
        actor=rep,
        number="S-1",
        order_date=DAY,
        lines=[LineInput(product_id=pump.pk, quantity=Decimal("5"), unit_price=Decimal("90.00"))],
    )


def give_back(account, rep, product, quantity, *, of, number="R-1", unit_price=None):
    return order_create(
        account=account,
        actor=rep,
        number=number,
        order_date=DAY,
        lines=[LineInput(product_id=product.pk, quantity=Decimal(quantity), unit_price=unit_price)],
        return_of=of,
    )


def test_a_return_names_its_order_and_is_credited_at_the_price_sold(account, rep, pump, sale):
    credit_note = give_back(account, rep, pump, "-2", of=sale)

    assert (credit_note.return_of, credit_note.status) == (sale, OrderStatus.CONFIRMED)
    line = credit_note.lines.get()
    assert (line.quantity, line.unit_price) == (Decimal("-2"), Decimal("90.00"))
    assert list(sale.returns.all()) == [credit_note]


def test_a_return_takes_back_no_more_than_was_sold_net_of_earlier_returns(account, rep, pump, sale):
    with pytest.raises(ValidationError, match="only 5 of this product"):
        give_back(account, rep, pump, "-6", of=sale)
    give_back(account, rep, pump, "-2", of=sale)
    with pytest.raises(ValidationError, match="only 3 of this product"):
        give_back(account, rep, pump, "-4", of=sale, number="R-2")
    give_back(account, rep, pump, "-3", of=sale, number="R-2")
    assert Order.objects.filter(return_of=sale).count() == 2


def test_what_is_left_to_return_is_exact_on_both_databases(account, rep):
    # SQLite adds decimals up as floats: 13.488 - 12.813 came out as 0.674999999999999 and the
    # last 0.675 could not be returned (hypothesis found it in the money machine).
    grain = ProductFactory(code="GRAIN")
    lines = [LineInput(product_id=grain.pk, quantity=Decimal("13.488"), unit_price=Decimal("0.0003"))]
    sale = order_create(account=account, actor=rep, number="S-2", order_date=DAY, lines=lines)
    give_back(account, rep, grain, "-12.813", of=sale)
    give_back(account, rep, grain, "-0.675", of=sale, number="R-2")
    with pytest.raises(ValidationError, match="only 0 of this product"):
        give_back(account, rep, grain, "-0.001", of=sale, number="R-3")


def test_a_cancelled_return_gives_its_quantity_back_to_return(account, rep, pump, sale):
    first = give_back(account, rep, pump, "-5", of=sale)
    order_cancel(order=first, actor=rep, reason="Entered twice")
    assert give_back(account, rep, pump, "-5", of=sale, number="R-2").return_of == sale


def test_a_return_is_never_credited_above_the_price_sold(account, rep, pump, sale):
    with pytest.raises(ValidationError, match="at most at the price sold at"):
        give_back(account, rep, pump, "-1", of=sale, unit_price=Decimal("600000"))
    assert give_back(account, rep, pump, "-1", of=sale, unit_price=Decimal("80")).lines.get().unit_price == 80


def test_a_return_of_a_product_the_order_did_not_sell_is_refused(account, rep, sale):
    with pytest.raises(ValidationError, match="did not sell this product"):
        give_back(account, rep, ProductFactory(), "-1", of=sale)


def test_only_a_confirmed_sale_of_the_same_account_can_be_returned(account, foreign_account, rep, pump, sale):
    credit_note = give_back(account, rep, pump, "-1", of=sale)
    with pytest.raises(ValidationError, match="Only a confirmed sale"):
        give_back(account, rep, pump, "-1", of=credit_note, number="R-2")
    theirs = OrderFactory(account=foreign_account)
    OrderLineFactory(order=theirs, product=pump, quantity=Decimal("9"))
    with pytest.raises(ValidationError, match="same account"):
        give_back(account, rep, pump, "-1", of=theirs, number="R-3")
    cancelled = OrderFactory(account=account, status=OrderStatus.CANCELLED)
    OrderLineFactory(order=cancelled, product=pump, quantity=Decimal("9"))
    with pytest.raises(ValidationError, match="Only a confirmed sale"):
        give_back(account, rep, pump, "-1", of=cancelled, number="R-4")


def test_a_sale_has_positive_quantities_a_return_negative_ones(account, rep, pump, sale):
    with pytest.raises(ValidationError, match="a return names the order"):
        give_back(account, rep, pump, "-1", of=None)
    with pytest.raises(ValidationError, match="its quantities are negative"):
        give_back(account, rep, pump, "1", of=sale)
    assert not Order.objects.filter(number="R-1").exists()


def test_a_negative_price_is_refused_by_the_service_and_the_model(account, rep, pump):
    with pytest.raises(ValidationError, match="cannot be negative"):
        order_create(
            account=account,
            actor=rep,
            number="S-2",
            order_date=DAY,
            lines=[LineInput(product_id=pump.pk, quantity=Decimal("1"), unit_price=Decimal("-600000"))],
        )
    line = OrderLine(
        order=OrderFactory(account=account), line_number=1, product=pump, quantity=1, unit_price=Decimal("-1")
    )
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    assert "unit_price" in refused.value.message_dict


def test_an_order_with_returns_still_counting_cannot_be_cancelled(account, rep, pump, sale):
    credit_note = give_back(account, rep, pump, "-1", of=sale)
    with pytest.raises(ValidationError, match="cancel its returns first"):
        order_cancel(order=sale, actor=rep, reason="Wrong customer")
    order_cancel(order=credit_note, actor=rep, reason="Wrong customer")
    assert order_cancel(order=sale, actor=rep, reason="Wrong customer").status == OrderStatus.CANCELLED


def post_order(client, account, *, number, return_of, product, quantity, price=""):
    return client.post(
        reverse("deals:order_create", args=[account.pk]),
        {
            "number": number,
            "order_date": "2026-03-02",
            "due_date": "",
            "notes": "",
            "return_of": return_of,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "100",
            "lines-0-product": product.code,
            "lines-0-quantity": quantity,
            "lines-0-unit_price": price,
        },
    )


def test_the_order_form_enters_a_return_of_an_order_by_its_number(client, rep, account, pump, sale):
    client.force_login(rep)
    response = post_order(client, account, number="R-9", return_of="S-1", product=pump, quantity="-2")

    credit_note = Order.objects.get(number="R-9")
    assert response.status_code == 302
    assert credit_note.return_of == sale
    detail = client.get(reverse("deals:order_detail", args=[sale.pk])).content.decode()
    assert "R-9" in detail  # the sale lists its returns


def test_the_order_form_refuses_an_unknown_order_a_bare_return_and_a_negative_price(client, rep, account, pump):
    client.force_login(rep)
    unknown = post_order(client, account, number="R-9", return_of="NOPE", product=pump, quantity="-2")
    assert "This account has no order with this number." in unknown.content.decode()
    bare = post_order(client, account, number="R-9", return_of="", product=pump, quantity="-1")
    assert "a return names the order" in bare.content.decode()
    negative = post_order(client, account, number="R-9", return_of="", product=pump, quantity="1", price="-600000")
    assert "Ensure this value is greater than or equal to 0." in negative.content.decode()
    assert not Order.objects.exists()

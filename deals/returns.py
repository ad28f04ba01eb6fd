"""Returns (credit notes): an order with ``return_of`` takes back goods sold on one earlier order.

A return lowers what the account owes, so it is where the credit hold could be gamed: a
"return" of goods never sold would make room under the limit for a held order. Hence a
return takes back, of each product, at most what that order sold of it less what its earlier
returns (not cancelled) took back — in quantity and in amount — and is credited at the price
the goods were sold at unless a lower one is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Min, Q, Sum
from django.utils.translation import gettext as _

from accounts.money import CENT, PRICE_PLACES, QUANTITY_PLACES, LineAmount, to_cents

from .models import ZERO, Order, OrderLine, OrderStatus

QUANTITY_STEP, PRICE_STEP = Decimal(1).scaleb(-QUANTITY_PLACES), Decimal(1).scaleb(-PRICE_PLACES)


def returnable(original: Order) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """Per product of ``original``: (quantity, amount) still returnable and its price sold at
    (the lowest, when it was sold on several lines at different prices)."""
    earlier = Q(order__return_of=original) & ~Q(order__status=OrderStatus.CANCELLED)
    rows = (
        OrderLine.objects.filter(Q(order=original) | earlier)
        .order_by()
        .values("product")
        # Aliases unlike the fields they sum: an aggregate may not shadow its source.
        .annotate(
            net_quantity=Sum("quantity", default=ZERO),
            net_amount=Sum(LineAmount("quantity", "unit_price"), default=ZERO),
            sold_at=Min("unit_price", filter=Q(order=original)),
        )
    )
    # SQLite aggregates decimals as floats (13.488 - 12.813 = 0.674999999999999): back to the
    # columns' places, so what is left compares, and the price is credited, exactly on both databases.
    return {
        row["product"]: (
            _exact(row["net_quantity"], QUANTITY_STEP),
            _exact(row["net_amount"], CENT),
            _exact(row["sold_at"], PRICE_STEP),
        )
        for row in rows
        if row["sold_at"] is not None
    }


def _exact(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step) + ZERO  # adding zero turns a float's -0.000 into 0.000


def return_prices(*, original: Order, account_id: int, lines: Iterable[tuple[int, Decimal, Decimal | None]]) -> dict:
    """Check ``lines`` (product id, quantity, unit price or None) as a return of ``original``
    and give the unit price of each product: the one given, else the price sold at.

    Raises ValidationError when ``original`` cannot be returned (another account's, not
    confirmed, itself a return), a line is not negative or dearer than sold, or a product was
    not sold on it or not as much of it is left to return. Called under the account's lock
    (``order_create`` takes it), so two returns of one order are checked one after the other;
    ``original`` is read afresh under it.
    """
    original = Order.objects.get(pk=original.pk)
    if original.account_id != account_id:
        raise ValidationError(_("A return can only take back an order of the same account."))
    if original.status != OrderStatus.CONFIRMED or original.return_of_id is not None:
        raise ValidationError(_("Only a confirmed sale can be returned."))
    left = returnable(original)
    wanted: dict[int, list[Decimal]] = {}
    for product_id, quantity, unit_price in lines:
        if quantity >= 0:
            raise ValidationError(_("A return takes goods back: its quantities are negative."))
        if product_id not in left:
            raise ValidationError(_("Order %(number)s did not sell this product.") % {"number": original.number})
        sold_at = left[product_id][2]
        if unit_price is not None and unit_price > sold_at:
            raise ValidationError(
                _("A return is credited at most at the price sold at (%(price)s).")
                % {"price": format(sold_at.normalize(), "f")}
            )
        price = sold_at if unit_price is None else unit_price
        totals = wanted.setdefault(product_id, [ZERO, ZERO])
        totals[0] -= quantity
        totals[1] -= to_cents(quantity * price)
    for product_id, (quantity, amount) in wanted.items():
        quantity_left, amount_left, _price = left[product_id]
        if quantity > quantity_left or amount > amount_left:
            raise ValidationError(
                _("Order %(number)s has only %(quantity)s of this product (%(amount)s) left to return.")
                % {
                    "number": original.number,
                    "quantity": format(quantity_left.normalize(), "f"),
                    "amount": amount_left.quantize(CENT),
                }
            )
    return {product_id: left[product_id][2] for product_id in wanted}

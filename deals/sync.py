"""Orders and payments synced from an ERP by their external id, idempotently.

A nightly sync sends every order and payment again and again: the first sending creates
it, through the same services as a typed order (``order_create``, so the credit hold judges
it as it judges any order; ``payment_record``); every later sending of the same document
finds it by its external id (unique, see the models) and changes nothing. A sending that
contradicts what was recorded (another account, other lines or amounts) is refused with
:class:`SyncConflict`: an order, once entered, is cancelled or returned on its page, not
rewritten by a sync.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Account

from .models import Order, Payment
from .services import LineInput, order_create, payment_record


class SyncConflict(Exception):
    """The external id is already recorded with other contents; the message says what differs."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def order_upsert(
    *,
    external_id: str,
    account: Account,
    actor,
    number: str,
    order_date: datetime.date,
    lines: list[LineInput],
    due_date: datetime.date | None = None,
    notes: str = "",
) -> tuple[Order, bool]:
    """The order with ``external_id``, created from the rest if there is none yet; returns it
    and whether it was created. Raises SyncConflict when the recorded order differs."""
    existing = Order.objects.filter(external_id=external_id).first()
    if existing is None:
        try:
            # A savepoint: of two syncs sending the same order at once, the second loses to the
            # unique external id and then finds the first one's order below.
            with transaction.atomic():
                created = order_create(
                    account=account,
                    actor=actor,
                    number=number,
                    order_date=order_date,
                    lines=lines,
                    due_date=due_date,
                    notes=notes,
                    external_id=external_id,
                )
            return created, True
        except IntegrityError:
            existing = Order.objects.get(external_id=external_id)
    _check_same_order(existing, account=account, order_date=order_date, lines=lines, due_date=due_date)
    return existing, False


def _check_same_order(
    order: Order, *, account: Account, order_date: datetime.date, lines: list[LineInput], due_date
) -> None:
    if order.account_id != account.pk:
        raise SyncConflict(_("This external id belongs to an order of another account."))
    if order.order_date != order_date or (due_date is not None and order.due_date != due_date):
        raise SyncConflict(_("This order was recorded with other dates."))
    stored = list(order.lines.order_by("line_number").values_list("product_id", "quantity", "unit_price"))
    sent = [(line.product_id, line.quantity, line.unit_price) for line in lines]
    same = len(stored) == len(sent) and all(
        product == sent_product and quantity == sent_quantity and (sent_price is None or price == sent_price)
        for (product, quantity, price), (sent_product, sent_quantity, sent_price) in zip(stored, sent, strict=True)
    )
    if not same:
        raise SyncConflict(_("This order was recorded with other lines."))


def payment_upsert(
    *, external_id: str, order: Order, actor, amount: Decimal, paid_on: datetime.date | None = None
) -> tuple[Payment, bool]:
    """The payment with ``external_id``, recorded against ``order`` if there is none yet;
    returns it and whether it was recorded. Raises SyncConflict when the recorded one differs."""
    existing = Payment.objects.filter(external_id=external_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                created = payment_record(
                    order=order, actor=actor, amount=amount, paid_on=paid_on, external_id=external_id
                )
            return created, True
        except IntegrityError:
            existing = Payment.objects.get(external_id=external_id)
    if existing.order_id != order.pk or existing.amount != amount or (paid_on and existing.paid_on != paid_on):
        raise SyncConflict(_("This payment was recorded with another order, amount or date."))
    return existing, False

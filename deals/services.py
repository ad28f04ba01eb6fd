"""Writes for orders and payments. Views call these; nothing else creates an order by hand.

The order guards (``deals.guards``, e.g. credit's limit hold) are asked after an order or a
cancellation is written, under a lock on the account row, about the account as the change
leaves it, so two orders entered at once cannot both slip under a limit and no order, return
or cancellation passes by the sign of its own total.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Account
from accounts.money import to_cents
from users import events

from . import guards, returns
from .models import (
    OWING,
    Opportunity,
    OpportunityContact,
    Order,
    OrderLine,
    OrderStatus,
    OrderWriteOff,
    Payment,
    PipelineStage,
    Product,
    StageOutcome,
)
from .receivables import account_figures_changed, receivables_refresh
from .revenue import owner_revenue_refresh

DEFAULT_PAYMENT_DAYS = 30


@dataclass(frozen=True)
class LineInput:
    product_id: int
    quantity: Decimal
    unit_price: Decimal | None = None  # None: the product's list price


@transaction.atomic
def order_create(
    *,
    account: Account,
    actor,
    number: str,
    order_date: datetime.date,
    lines: list[LineInput],
    due_date: datetime.date | None = None,
    notes: str = "",
    return_of: Order | None = None,
    external_id: str | None = None,
) -> Order:
    """Create an order with ``lines`` (numbered in the order given): a sale (positive
    quantities), or with ``return_of`` a return of goods sold on that order (negative
    quantities, at most what is left to return, at the price sold unless given; see
    ``deals.returns``).

    Unit costs are the products' at the time of the order. The order is written, then every
    registered guard is asked about the account as the order leaves it: an order a guard
    holds is kept with status on hold (counted in the exposure, not yet a sale) and the guard
    records it for an approver's decision. A return lowers what is owed and is never held.
    """
    if not lines:
        raise ValidationError(_("An order needs at least one line."))
    # Serialise changes to one account's orders: guards read its exposure, which this changes.
    account = Account.objects.select_for_update().get(pk=account.pk)
    products, prices = _products_and_prices(account, lines, return_of)

    order = Order(
        account=account,
        number=number.strip(),
        order_date=order_date,
        due_date=due_date or order_date + datetime.timedelta(days=DEFAULT_PAYMENT_DAYS),
        status=OrderStatus.CONFIRMED,
        notes=notes,
        return_of=return_of,
        created_by=actor,
        external_id=external_id,
    )
    order.full_clean()
    order.save()
    _lines_create(order, lines, products, prices)
    receivables_refresh(account_ids=[order.account_id], sales_months=[order.order_date])
    amount = _balance_of(order, "amount")
    holds = _hold_if_guarded(order=order, amount=amount, actor=actor)
    events.emit("order.created", _order_payload(order, amount), account=account)
    if holds:
        payload = {**_order_payload(order, amount), "reasons": [str(message) for _guard, message in holds]}
        events.emit("order.held", payload, account=account)
    return order


def _balance_of(order: Order, figure: str) -> Decimal:
    # One figure of the order's balance by its one definition (``OrderQuerySet.with_balance``).
    return Order.objects.with_balance().values_list(figure, flat=True).get(pk=order.pk)


def _lines_create(order: Order, lines: list[LineInput], products: dict, prices: dict) -> None:
    """Write the order's lines, numbered in the order given, each validated first; unit costs
    are the products' now, a line without a price gets ``prices``' one."""
    order_lines = [
        OrderLine(
            order=order,
            line_number=position,
            product=products[line.product_id],
            quantity=line.quantity,
            unit_price=line.unit_price if line.unit_price is not None else prices[line.product_id],
            unit_cost=products[line.product_id].unit_cost,
        )
        for position, line in enumerate(lines, start=1)
    ]
    for line in order_lines:
        line.full_clean(exclude=["order"])
    OrderLine.objects.bulk_create(order_lines)


def _hold_if_guarded(*, order: Order, amount: Decimal, actor) -> list:
    """Ask every guard about the order's account as the order leaves it (the caller holds the
    account's row lock); when any holds it, put the order on hold and let each record why.
    Returns the guards' ``(guard, message)`` holds, empty when the order passes."""
    account = order.account
    holds = guards.holds_for(account=account, increase=amount, actor=actor)
    if holds:
        order.status = OrderStatus.ON_HOLD
        order.save(update_fields=["status"])
        # Refreshed with the order as a sale: on hold it is none yet (its receivables stay).
        owner_revenue_refresh(owner_ids=[account.owner_id], months=[order.order_date])
        for guard, message in holds:
            guard.record_hold(account=account, order=order, actor=actor, message=message)
    return holds


def _products_and_prices(account: Account, lines: list[LineInput], return_of: Order | None):
    """The lines' products, and the price of each line without one: the product's list price
    for a sale, the price it was sold at for a return (``deals.returns``)."""
    products = Product.objects.in_bulk({line.product_id for line in lines})
    if len(products) != len({line.product_id for line in lines}):
        raise ValidationError(_("Unknown product."))
    if any(line.unit_price is not None and line.unit_price < 0 for line in lines):
        raise ValidationError(_("A unit price cannot be negative; a return has a negative quantity instead."))
    if return_of is not None:
        prices = returns.return_prices(
            original=return_of,
            account_id=account.pk,
            lines=[(line.product_id, line.quantity, line.unit_price) for line in lines],
        )
    elif any(line.quantity <= 0 for line in lines):
        raise ValidationError(_("A sale has positive quantities; a return names the order it takes goods back from."))
    else:
        prices = {pk: product.unit_price for pk, product in products.items()}
    return products, prices


def _order_payload(order: Order, amount: Decimal) -> dict:
    return {
        "order_id": order.pk,
        "number": order.number,
        "account": events.account_ref(order.account),
        "status": order.status,
        "order_date": order.order_date,
        "due_date": order.due_date,
        "amount": amount,
        "return_of": order.return_of_id,
    }


@transaction.atomic
def payment_record(
    *, order: Order, actor, amount: Decimal, paid_on: datetime.date | None = None, external_id: str | None = None
) -> Payment:
    """Record money received against ``order``; never more than it still owes."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.CANCELLED:
        raise ValidationError(_("A cancelled order takes no payments."))
    if order.status == OrderStatus.ON_HOLD:
        raise ValidationError(_("An order on hold takes no payments until a credit approver releases it."))
    outstanding = _balance_of(order, "outstanding")
    if amount <= 0:
        raise ValidationError(_("A payment must be more than zero."))
    if amount > outstanding:
        raise ValidationError(
            _("The order owes only %(outstanding)s; a payment of %(amount)s is too much.")
            % {"outstanding": outstanding, "amount": amount}
        )
    payment = Payment(
        order=order,
        amount=amount,
        paid_on=paid_on or timezone.localdate(),
        recorded_by=actor,
        external_id=external_id,
    )
    payment.full_clean()
    payment.save()
    receivables_refresh(account_ids=[order.account_id], sales_months=())
    return payment


@transaction.atomic
def order_mark_paid(*, order: Order, actor, paid_on: datetime.date | None = None) -> Payment:
    """Settle what ``order`` still owes with one payment (dated today unless ``paid_on``)."""
    Order.objects.select_for_update().get(pk=order.pk)
    outstanding = _balance_of(order, "outstanding")
    if outstanding <= 0:
        raise ValidationError(_("This order owes nothing."))
    return payment_record(order=order, actor=actor, amount=outstanding, paid_on=paid_on)


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str) -> Order:
    """Cancel a confirmed order or return that has no payments and no returns still counting;
    it then counts nowhere (receivables, tiering, exposure all leave cancelled orders out).
    The reason is kept in the order's notes.

    Cancelling a return raises what the account owes, so the guards are asked as for a new
    order: a held cancellation goes through only for someone every holding guard lets
    override, and each records the override with the reason; anyone else is refused.
    """
    account = Account.objects.select_for_update().get(pk=order.account_id)
    stored = Order.objects.select_for_update().get(pk=order.pk)
    if stored.status == OrderStatus.CANCELLED:
        raise ValidationError(_("This order is already cancelled."))
    if stored.status == OrderStatus.ON_HOLD:
        raise ValidationError(_("This order is on hold: a credit approver releases or rejects it."))
    if stored.payments.exists():
        raise ValidationError(_("An order with payments cannot be cancelled; record a return instead."))
    if stored.write_offs.exists():
        raise ValidationError(_("Part of this order was written off: it can no longer be cancelled."))
    if stored.returns.exclude(status=OrderStatus.CANCELLED).exists():
        raise ValidationError(_("Goods of this order were returned: cancel its returns first."))
    if not reason.strip():
        raise ValidationError(_("Say why the order is cancelled."))
    owed = _balance_of(stored, "outstanding")
    stored.status = OrderStatus.CANCELLED
    _note(stored, _("Cancelled by %(user)s on %(date)s: %(reason)s"), actor=actor, reason=reason)
    stored.save(update_fields=["status", "notes"])
    receivables_refresh(account_ids=[stored.account_id], sales_months=[stored.order_date])
    holds = guards.holds_for(account=account, increase=-owed, actor=actor)
    if holds and not all(guard.may_override(actor) for guard, _message in holds):
        # Raised inside the transaction: the cancellation is rolled back with it.
        raise ValidationError([message for _guard, message in holds])
    for guard, _message in holds:
        guard.record_override(account=account, order=stored, actor=actor, reason=reason.strip())
    return stored


@transaction.atomic
def order_release(*, order: Order, actor, reason: str) -> Order:
    """Take ``order`` off hold: it is confirmed and counts as a sale. The guard that held it
    decides who may (``credit.holds.hold_release`` checks, records, then calls this)."""
    released = _decide_hold(
        order, OrderStatus.CONFIRMED, _("Released by %(user)s on %(date)s: %(reason)s"), actor, reason
    )
    payload = {
        **_order_payload(released, _balance_of(released, "amount")),
        "released_by": actor.username,
        "reason": reason.strip(),
    }
    events.emit("order.released", payload, account=released.account)
    return released


@transaction.atomic
def order_reject(*, order: Order, actor, reason: str) -> Order:
    """Refuse ``order`` on hold: it is cancelled and counts nowhere (called by
    ``credit.holds.hold_reject``, which checks who may)."""
    return _decide_hold(order, OrderStatus.CANCELLED, _("Rejected by %(user)s on %(date)s: %(reason)s"), actor, reason)


def _decide_hold(order: Order, status: str, note: str, actor, reason: str) -> Order:
    stored = Order.objects.select_for_update().get(pk=order.pk)
    if stored.status != OrderStatus.ON_HOLD:
        raise ValidationError(_("This order is not on hold."))
    stored.status = status
    _note(stored, note, actor=actor, reason=reason)
    stored.save(update_fields=["status", "notes"])
    receivables_refresh(account_ids=[stored.account_id], sales_months=[stored.order_date])
    return stored


def _note(order: Order, note: str, *, actor, reason: str) -> None:
    """Keep a decision about ``order`` (who, when, why) in its notes, shown on the order page."""
    line = note % {"user": actor, "date": timezone.localdate().isoformat(), "reason": reason.strip()}
    order.notes = f"{order.notes}\n{line}".strip()


@transaction.atomic
def order_balances_write_off(
    *, account: Account, amount: Decimal, written_off_on: datetime.date
) -> list[OrderWriteOff]:
    """Spread a write-off of ``amount`` over ``account``'s unpaid confirmed orders, oldest due first, so
    that what they owe falls by it (credit's ``write_off_record`` calls this in its
    transaction). The amount must be whole cents and at most what the orders owe."""
    if amount <= 0 or to_cents(amount) != amount:
        raise ValidationError(_("A write-off must be a positive amount in cents."))
    # Orders on hold are left out: they may still be rejected, and a rejected order counts
    # nowhere, so a write-off spread onto one would vanish from every figure.
    orders = list(
        Order.objects.select_for_update(of=("self",))
        .filter(account=account, status=OrderStatus.CONFIRMED)
        .with_balance()
        .filter(OWING)
        .order_by("due_date", "order_date", "pk")
    )
    left = amount
    parts = []
    for order in orders:
        if left <= 0:
            break
        part = OrderWriteOff(order=order, amount=min(left, order.outstanding), written_off_on=written_off_on)
        part.full_clean()
        parts.append(part)
        left -= part.amount
    if left > 0:
        raise ValidationError(_("The orders owe less than the amount written off."))
    OrderWriteOff.objects.bulk_create(parts)
    receivables_refresh(account_ids=[account.pk], sales_months=())
    return parts


# --- Opportunities -----------------------------------------------------------------------

OPPORTUNITY_FIELDS = ("name", "owner", "stage", "amount", "probability", "expected_close", "competitors", "lost_reason")


def _check_closing(opportunity: Opportunity) -> None:
    if opportunity.stage.outcome == StageOutcome.LOST and not opportunity.lost_reason.strip():
        raise ValidationError({"lost_reason": _("Say why the opportunity was lost.")})
    if opportunity.stage.is_closed:
        opportunity.closed_on = opportunity.closed_on or timezone.localdate()
    else:
        opportunity.closed_on = None


@transaction.atomic
def opportunity_create(*, account: Account, actor, fields: dict) -> Opportunity:
    """A new opportunity on ``account`` from validated ``fields``."""
    opportunity = Opportunity(account=account, **fields)
    _check_closing(opportunity)
    opportunity.full_clean()
    opportunity.save()
    account_figures_changed(account_ids=[account.pk])
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, actor, fields: dict) -> Opportunity:
    """Apply ``fields`` to the stored opportunity (locked), writing only what changed."""
    stored = Opportunity.objects.select_for_update().select_related("stage").get(pk=opportunity.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name in changed:
        setattr(stored, name, fields[name])
    closed_on = stored.closed_on
    _check_closing(stored)
    if stored.closed_on != closed_on:
        changed.append("closed_on")
    if changed:
        stored.full_clean()
        stored.save(update_fields=[*changed, "updated_at"])
        account_figures_changed(account_ids=[stored.account_id])
    return stored


@transaction.atomic
def opportunity_move(*, opportunity: Opportunity, actor, stage: PipelineStage, lost_reason: str = "") -> Opportunity:
    """Move an opportunity to ``stage`` (the board's drag and drop).

    Moving to a lost stage needs a reason (given now or recorded before); moving to a
    closed stage dates the closing, moving back to an open one clears it.
    """
    stored = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not stage.is_active:
        raise ValidationError(_("This stage is not in use."))
    stored.stage = stage
    fields = ["stage", "closed_on", "updated_at"]
    if lost_reason.strip():
        stored.lost_reason = lost_reason.strip()
        fields.append("lost_reason")
    _check_closing(stored)
    stored.save(update_fields=fields)
    account_figures_changed(account_ids=[stored.account_id])
    return stored


@transaction.atomic
def opportunity_contact_add(*, opportunity: Opportunity, actor, contact, role: str) -> OpportunityContact:
    """Put one of the account's current contacts on the deal in a buying role (once)."""
    if contact.account_id != opportunity.account_id:
        raise ValidationError(_("This contact works for another account."))
    if contact.left_company:
        raise ValidationError(_("This contact has left the company."))
    link, _created = OpportunityContact.objects.get_or_create(opportunity=opportunity, contact=contact, role=role)
    return link


@transaction.atomic
def opportunity_contact_remove(*, link: OpportunityContact, actor) -> None:
    link.delete()

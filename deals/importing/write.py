"""The bulk writes of an order import: new accounts and products, then COPY for orders and lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.duplicates import match_keys
from accounts.models import Account
from accounts.money import to_cents
from users import events

from ..bulk import ANALYZE_AFTER, allocate_ids, analyze, insert_rows
from ..models import Order, OrderLine, OrderStatus, Payment, Product
from ..receivables import receivables_refresh
from .rows import Row

CHUNK = 1000  # codes per IN (…) lookup


def lookup(queryset, field_name: str, codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        found.update(queryset.filter(**{f"{field_name}__in": chunk}).values_list(field_name, "pk"))
    return found


def create_accounts(new_accounts: dict[str, str], *, owner, actor) -> dict[str, int]:
    if not new_accounts:
        return {}
    accounts = [
        Account(code=code, name=name or code, owner=owner, **match_keys(name=name or code, phone=""))
        for code, name in new_accounts.items()
    ]
    bulk_create_with_history(
        accounts, Account, batch_size=1000, default_user=actor, default_change_reason="order import"
    )
    return lookup(Account.objects.all(), "code", list(new_accounts))


def create_products(new_products: dict[str, Row]) -> dict[str, int]:
    if not new_products:
        return {}
    Product.objects.bulk_create(
        [
            Product(
                code=code,
                name=row.product_name or code,
                unit_price=max(row.unit_price, Decimal("0")),
                unit_cost=max(row.unit_cost or Decimal("0"), Decimal("0")),
            )
            for code, row in new_products.items()
        ],
        batch_size=1000,
    )
    return lookup(Product.objects.all(), "code", list(new_products))


def write_orders(orders, account_ids, product_ids, product_costs, *, actor, progress, payment_days, payments) -> None:
    ids = allocate_ids(Order, len(orders))
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    order_rows = []
    line_rows = []
    payment_rows = []
    for order_id, (key, lines) in zip(ids, orders.items(), strict=True):
        account_code, number = key
        order_date = min(row.order_date for row in lines)
        due_date = order_date + datetime.timedelta(days=payment_days) if payment_days is not None else None
        order_rows.append(
            (
                order_id,
                account_ids[account_code],
                number,
                order_date,
                due_date,
                OrderStatus.CONFIRMED,
                "",
                actor_id,
                now,
            )
        )
        if payments is not None and payments[key] > 0:
            payment_rows.append((order_id, due_date or order_date, payments[key], actor_id, now))
        for line_number, row in enumerate(lines, start=1):
            product_id = product_ids[row.product_code]
            cost = row.unit_cost if row.unit_cost is not None else product_costs.get(product_id, Decimal("0"))
            line_rows.append((order_id, line_number, product_id, row.quantity, row.unit_price, cost))
    progress("orders", 0, len(order_rows))
    insert_rows(
        Order,
        ("id", "account_id", "number", "order_date", "due_date", "status", "notes", "created_by_id", "created_at"),
        order_rows,
    )
    progress("orders", len(order_rows), len(order_rows))
    progress("lines", 0, len(line_rows))
    step = 50000
    for start in range(0, len(line_rows), step):
        insert_rows(
            OrderLine,
            ("order_id", "line_number", "product_id", "quantity", "unit_price", "unit_cost"),
            line_rows[start : start + step],
        )
        progress("lines", min(start + step, len(line_rows)), len(line_rows))
    insert_rows(Payment, ("order_id", "paid_on", "amount", "recorded_by_id", "created_at"), payment_rows)
    receivables_refresh(account_ids={row[1] for row in order_rows}, sales_months={row[3] for row in order_rows})
    emit_orders_created(order_rows, line_rows)
    if len(line_rows) >= ANALYZE_AFTER:
        analyze(Order, OrderLine, Payment)


def emit_orders_created(order_rows: list[tuple], line_rows: list[tuple]) -> None:
    """``order.created`` for every imported order, as ``deals.services.order_create`` emits it
    for one, in one batch (the listener records them in one INSERT per 500); nothing is built
    when nobody listens. Imported orders are confirmed: the importer holds none."""
    if not order_rows or not events.wanted("order.created"):
        return
    amounts: dict[int, Decimal] = {}
    for order_id, _line_number, _product_id, quantity, unit_price, _cost in line_rows:
        amounts[order_id] = amounts.get(order_id, Decimal("0")) + to_cents(quantity * unit_price)
    account_ids = sorted({row[1] for row in order_rows})
    refs = {}
    for start in range(0, len(account_ids), CHUNK):
        for pk, code, name in Account.objects.filter(pk__in=account_ids[start : start + CHUNK]).values_list(
            "pk", "code", "name"
        ):
            refs[pk] = {"id": pk, "code": code, "name": name}
    events.emit_many(
        events.Event(
            name="order.created",
            payload={
                "order_id": order_id,
                "number": number,
                "account": refs[account_id],
                "status": status,
                "order_date": order_date,
                "due_date": due_date,
                "amount": amounts.get(order_id, Decimal("0.00")),
                "return_of": None,
            },
            account_id=account_id,
        )
        for order_id, account_id, number, order_date, due_date, status, *_rest in order_rows
    )

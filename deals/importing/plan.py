"""The import itself: match the rows to what the database holds, then write in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Account
from accounts.money import to_cents
from imports.reader import ImportFileError, Table, open_table

from ..bulk import is_postgresql
from ..models import Order, Product
from .cells import DateParser
from .mapping import resolve_mapping
from .results import ImportResult, Skipped, SkipReason
from .rows import Row, parse_rows
from .write import CHUNK, create_accounts, create_products, lookup, write_orders

LOCK_KEY = 4_201_004  # pg_advisory_xact_lock key: one order import at a time

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


def import_orders(*, source, name: str | None = None, encoding: str | None = None, **options) -> ImportResult:
    """Import the orders in ``source`` (a path or a binary file; ``name`` tells its format):
    ``import_table`` over the file as the reader opens it."""
    with open_table(source, name, encoding=encoding) as table:
        return import_table(table=table, **options)


def import_table(
    *,
    table: Table,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    create_missing: bool = False,
    owner=None,
    actor=None,
    date_format: str | None = None,
    payment_days: int | None = None,
    mark_paid: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import the orders in ``table`` (see the package docstring for what is guaranteed).

    ``owner`` owns the accounts created from the file (required with ``create_missing``);
    ``actor`` is recorded in their history and as the orders' creator, and limits the
    accounts the rows may name to those ``actor`` sees. ``payment_days`` sets each new
    order's due date that many days after its order date; ``mark_paid`` records history as
    settled: one payment of its amount per new order with a positive amount, dated its due
    date (or order date). Raises ImportFileError when the file cannot be used at all;
    nothing is written then.
    """
    if create_missing and owner is None and not dry_run:
        raise ImportFileError(_("Say who owns the accounts created from the file."))
    columns = resolve_mapping(table.headers, mapping)
    result = ImportResult(dry_run=dry_run)
    rows = parse_rows(table.rows, columns, DateParser(date_format), result, progress)
    with transaction.atomic():
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        plan = _plan(rows, result, create_missing=create_missing, actor=actor, mark_paid=mark_paid)
        if not dry_run:
            _write(plan, owner=owner, actor=actor, progress=progress, payment_days=payment_days)
        else:
            transaction.set_rollback(True)
    result.skipped.sort(key=lambda skip: skip.line)
    return result


class _Plan:
    """What the rows come to: the codes already known, what to create, the new orders."""

    def __init__(self, account_ids: dict[str, int], product_ids: dict[str, int], product_costs: dict):
        self.account_ids = account_ids
        self.product_ids = product_ids
        self.product_costs = product_costs
        self.new_accounts: dict[str, str] = {}
        self.new_products: dict[str, Row] = {}
        self.orders: dict[tuple[str, str], list[Row]] = {}
        self.payments: dict[tuple[str, str], Decimal] | None = None


def _plan(rows: list[Row], result: ImportResult, *, create_missing: bool, actor, mark_paid: bool) -> _Plan:
    accounts = Account.objects.all() if actor is None else Account.objects.visible_to(actor)
    product_codes = sorted({row.product_code for row in rows})
    plan = _Plan(
        lookup(accounts, "code", sorted({row.account_code for row in rows})),
        lookup(Product.objects.all(), "code", product_codes),
        # A line without a cost of its own costs what its product costs.
        _product_costs(product_codes),
    )
    usable = _known_or_new(rows, plan, result, create_missing=create_missing)
    result.accounts_created = len(plan.new_accounts)
    result.products_created = len(plan.new_products)

    # Orders already in the database are skipped whole: that is what makes re-import add nothing.
    existing = _existing_orders(
        {plan.account_ids[row.account_code] for row in usable if row.account_code in plan.account_ids},
        {row.number for row in usable},
    )
    for row in usable:
        account_id = plan.account_ids.get(row.account_code)
        if account_id is not None and (account_id, row.number) in existing:
            result.skipped.append(Skipped(row.line, SkipReason.ORDER_EXISTS, row.number))
            continue
        plan.orders.setdefault((row.account_code, row.number), []).append(row)

    result.orders_created = len(plan.orders)
    result.lines_imported = sum(len(lines) for lines in plan.orders.values())
    amounts = {
        key: sum((to_cents(row.quantity * row.unit_price) for row in lines), Decimal("0"))  # the rule: at the line
        for key, lines in plan.orders.items()
    }
    result.net_amount = sum(amounts.values(), Decimal("0"))
    if mark_paid:
        plan.payments = amounts
        result.payments_created = sum(1 for amount in amounts.values() if amount > 0)
    return plan


def _known_or_new(rows: list[Row], plan: _Plan, result: ImportResult, *, create_missing: bool) -> list[Row]:
    """The rows whose account and product are known or to be created; the rest are skipped."""
    usable = []
    for row in rows:
        if row.account_code not in plan.account_ids:
            if not create_missing:
                result.skipped.append(Skipped(row.line, SkipReason.UNKNOWN_ACCOUNT, row.account_code))
                continue
            plan.new_accounts.setdefault(row.account_code, row.account_name)
        if row.product_code not in plan.product_ids:
            if not create_missing:
                result.skipped.append(Skipped(row.line, SkipReason.UNKNOWN_PRODUCT, row.product_code))
                continue
            plan.new_products.setdefault(row.product_code, row)
        usable.append(row)
    return usable


def _write(plan: _Plan, *, owner, actor, progress: Progress, payment_days: int | None) -> None:
    progress("accounts", 0, len(plan.new_accounts))
    plan.account_ids.update(create_accounts(plan.new_accounts, owner=owner, actor=actor))
    progress("accounts", len(plan.new_accounts), len(plan.new_accounts))
    progress("products", 0, len(plan.new_products))
    plan.product_ids.update(create_products(plan.new_products))
    progress("products", len(plan.new_products), len(plan.new_products))
    if plan.orders:
        write_orders(
            plan.orders,
            plan.account_ids,
            plan.product_ids,
            plan.product_costs,
            actor=actor,
            progress=progress,
            payment_days=payment_days,
            payments=plan.payments,
        )


def _product_costs(product_codes: list[str]) -> dict:
    costs = {}
    for start in range(0, len(product_codes), CHUNK):
        chunk = Product.objects.filter(code__in=product_codes[start : start + CHUNK])
        costs.update(chunk.values_list("pk", "unit_cost"))
    return costs


def _existing_orders(account_ids: set[int], numbers: set[str]) -> set[tuple[int, str]]:
    if not account_ids:
        return set()
    existing: set[tuple[int, str]] = set()
    ids = sorted(account_ids)
    for start in range(0, len(ids), CHUNK):
        queryset = Order.objects.filter(account_id__in=ids[start : start + CHUNK]).values_list("account_id", "number")
        existing.update(pair for pair in queryset if pair[1] in numbers)
    return existing

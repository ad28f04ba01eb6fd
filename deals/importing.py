"""Order import from a spreadsheet or an ERP export: read, map, check, then write in bulk.

The guarantees, for the command line and the browser alike:

- every data row is either imported or reported as skipped, with its line number and a
  reason (``SkipReason``) — nothing accepted is lost;
- an order is imported whole or not at all: an order number that already exists for the
  account is skipped (with all its rows), so importing the same file twice adds nothing;
- the whole import is one transaction (all or nothing), serialised against other imports
  on PostgreSQL by an advisory lock;
- a dry run goes through the same checks and reports the same figures, and writes nothing;
- the work is set-based: a few queries to look codes up, bulk inserts for accounts and
  products, COPY for orders and lines (``deals.bulk``) — never one ``save()`` per row.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import datetime
import gzip
import io
import lzma
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Account
from accounts.money import to_cents

from .bulk import ANALYZE_AFTER, allocate_ids, analyze, insert_rows, is_postgresql
from .models import Order, OrderLine, OrderStatus, Payment, Product
from .receivables import receivables_refresh

FIELDS = (
    "account_code",
    "account_name",
    "order_number",
    "order_date",
    "product_code",
    "product_name",
    "quantity",
    "unit_price",
    "unit_cost",
)
REQUIRED = ("account_code", "order_number", "order_date", "product_code", "quantity", "unit_price")
# Headers recognised without a --map, beyond the field names themselves.
ALIASES = {
    "account_code": ("customer", "customer code", "customerid", "customer id", "客户编号", "客户代码"),
    "account_name": ("customer name", "客户名称"),
    "order_number": ("invoiceno", "invoice", "invoice no", "order no", "order", "订单号"),
    "order_date": ("invoicedate", "invoice date", "date", "订单日期", "日期"),
    "product_code": ("stockcode", "stock code", "sku", "item", "产品编号", "产品代码"),
    "product_name": ("description", "product", "产品名称"),
    "quantity": ("qty", "数量"),
    "unit_price": ("unitprice", "price", "单价"),
    "unit_cost": ("unitcost", "cost", "成本"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y%m%d")
LOCK_KEY = 4_201_004  # pg_advisory_xact_lock key: one order import at a time
QUANTITY_LIMIT = Decimal("1e11")  # max_digits 14, 3 places
PRICE_LIMIT = Decimal("1e10")  # max_digits 14, 4 places
CHUNK = 1000  # codes per IN (…) lookup


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, or a required column is missing)."""


class SkipReason:
    NO_CUSTOMER = "no_customer"
    NO_ORDER_NUMBER = "no_order_number"
    NO_PRODUCT = "no_product"
    BAD_DATE = "bad_date"
    BAD_QUANTITY = "bad_quantity"
    BAD_PRICE = "bad_price"
    BAD_COST = "bad_cost"
    TOO_LONG = "too_long"
    UNKNOWN_ACCOUNT = "unknown_account"
    UNKNOWN_PRODUCT = "unknown_product"
    ORDER_EXISTS = "order_exists"

    LABELS = {
        NO_CUSTOMER: _("no customer (account code is empty)"),
        NO_ORDER_NUMBER: _("no order number"),
        NO_PRODUCT: _("no product code"),
        BAD_DATE: _("order date cannot be read"),
        BAD_QUANTITY: _("quantity is not a number (or is out of range)"),
        BAD_PRICE: _("unit price is not a number (or is out of range)"),
        BAD_COST: _("unit cost is not a number (or is out of range)"),
        TOO_LONG: _("a code, number or name is too long"),
        UNKNOWN_ACCOUNT: _("unknown account (use “create missing” to create it)"),
        UNKNOWN_PRODUCT: _("unknown product (use “create missing” to create it)"),
        ORDER_EXISTS: _("order already in the database (imported before)"),
    }

    @classmethod
    def label(cls, code: str) -> str:
        return str(cls.LABELS[code])


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str  # a SkipReason code
    value: str = ""

    @property
    def label(self) -> str:
        return SkipReason.label(self.reason)


@dataclass
class ImportResult:
    rows: int = 0
    lines_imported: int = 0
    orders_created: int = 0
    accounts_created: int = 0
    products_created: int = 0
    payments_created: int = 0
    net_amount: Decimal = Decimal("0")
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def skipped_by_reason(self) -> list[tuple[str, str, int]]:
        """(reason code, label, count), most frequent first."""
        counts = Counter(skip.reason for skip in self.skipped)
        return [(reason, SkipReason.label(reason), count) for reason, count in counts.most_common()]


# --- Reading -----------------------------------------------------------------------------


def open_table(
    source: str | Path | io.BufferedIOBase, name: str | None = None, encoding: str | None = None
) -> tuple[list[str], Iterator]:
    """Headers and an iterator of (line number, list of cell values) for a CSV or Excel file.

    ``source`` is a path or a binary file; ``name`` (the file's name) decides the format:
    ``.xlsx``/``.xlsm`` is Excel, anything else CSV, optionally compressed (``.gz``, ``.xz``,
    ``.bz2``). The CSV encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030,
    Windows-1252, Latin-1) is detected unless ``encoding`` is given, and so is the
    delimiter (comma, semicolon, tab, pipe).
    """
    name = (name or str(source)).lower()
    if name.endswith(".xls"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV."))
    raw = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115 — closed below
    try:
        if name.endswith((".xlsx", ".xlsm")):
            return _open_excel(raw)
        if name.endswith(".gz"):
            data = gzip.decompress(raw.read())
        elif name.endswith(".xz"):
            data = lzma.decompress(raw.read())
        elif name.endswith(".bz2"):
            data = bz2.decompress(raw.read())
        else:
            data = raw.read()
    except (OSError, EOFError, lzma.LZMAError) as error:
        raise ImportFileError(_("The file cannot be read: %(error)s") % {"error": error}) from error
    finally:
        if isinstance(source, str | Path):
            raw.close()
    return _open_csv(_decode(data, encoding))


def _decode(data: bytes, encoding: str | None = None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise ImportFileError(_("The file cannot be read as %(encoding)s.") % {"encoding": encoding}) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:  # a UTF-16 file cut short or damaged
            raise ImportFileError(
                _("The file starts as UTF-16 but is damaged: %(error)s") % {"error": error}
            ) from error
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: try the Chinese and Western code pages
        return data.decode("utf-8")
    # Western text often decodes as GB18030 too (“Crème” → “Cr鑝e”), but into rare
    # characters: a Chinese export is taken as such when its characters are common ones
    # (in GB2312), otherwise the Windows code page wins.
    try:
        chinese = data.decode("gb18030")
    except UnicodeDecodeError:
        chinese = None
    if chinese is not None:
        wide = re.findall(r"[^\x00-\x7f]", chinese)
        common = sum(1 for char in wide if _in_gb2312(char))
        if not wide or common >= 0.9 * len(wide):
            return chinese
    for fallback in ("cp1252", "latin-1"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            continue
    return chinese or data.decode("latin-1")


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _open_csv(text: str) -> tuple[list[str], Iterator]:
    sample = text[: 64 * 1024]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None

    def rows() -> Iterator:
        for cells in reader:
            if any(cells):
                yield reader.line_num, cells

    return [header.strip() for header in headers], rows()


def _open_excel(raw) -> tuple[list[str], Iterator]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(raw, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The Excel file cannot be read: %(error)s") % {"error": error}) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = ["" if cell is None else str(cell).strip() for cell in next(values)]
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None

    def rows() -> Iterator:
        for number, cells in enumerate(values, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield number, list(cells)
        workbook.close()

    return headers, rows()


# --- Mapping -----------------------------------------------------------------------------


def _normalise(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(header)).strip().lower()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field → column header for the columns recognised by name (the field's or an alias)."""
    index = {_normalise(header): header for header in headers}
    guessed = {}
    for name in FIELDS:
        for candidate in (name, name.replace("_", " "), *ALIASES.get(name, ())):
            if _normalise(candidate) in index:
                guessed[name] = index[_normalise(candidate)]
                break
    return guessed


def resolve_mapping(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Field → column index, from ``overrides`` (FIELD → column header) and recognised headers.

    An override with an empty column leaves the field unmapped. Raises ImportFileError for
    an unknown field, a column not in the file, or a required field left unmapped.
    """
    overrides = overrides or {}
    index = {_normalise(header): position for position, header in enumerate(headers)}
    mapping: dict[str, int] = {}
    for name, column in overrides.items():
        if name not in FIELDS:
            raise ImportFileError(
                _("Unknown field “%(field)s”; the fields are: %(fields)s")
                % {"field": name, "fields": ", ".join(FIELDS)}
            )
        if not column:
            continue
        position = index.get(_normalise(column))
        if position is None:
            raise ImportFileError(
                _("Column “%(column)s” (for %(field)s) is not in the file; its columns are: %(columns)s")
                % {"column": column, "field": name, "columns": ", ".join(headers)}
            )
        mapping[name] = position
    for name, header in guess_mapping(headers).items():
        if name not in overrides:
            mapping[name] = index[_normalise(header)]
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise ImportFileError(
            _("Map these fields to columns of the file: %(fields)s (columns: %(columns)s)")
            % {"fields": ", ".join(missing), "columns": ", ".join(headers)}
        )
    return mapping


# --- Cell parsing ------------------------------------------------------------------------


def parse_code(value) -> str:
    """A code as text; a number written as a float by a spreadsheet (17850.0) loses its .0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def parse_decimal(value, limit: Decimal) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            # 1,234.50 (thousands) or 1234,50 / 1.234,50 (decimal comma)
            text = text.replace(",", "") if "." in text and text.rfind(".") > text.rfind(",") else text
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    if not number.is_finite() or abs(number) >= limit:
        return None
    return number


class DateParser:
    """Dates from cells: date objects, ISO text, or the formats in ``DATE_FORMATS``; memoised."""

    def __init__(self, date_format: str | None = None):
        self.formats = (date_format,) if date_format else DATE_FORMATS
        self.cache: dict[str, datetime.date | None] = {}

    def __call__(self, value) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value is None:
            return None
        text = str(value).strip()
        try:
            return self.cache[text]
        except KeyError:
            parsed = self.cache[text] = self._parse(text)
            return parsed

    def _parse(self, text: str) -> datetime.date | None:
        day = text.split(" ", 1)[0].split("T", 1)[0]
        for date_format in self.formats:
            try:
                return datetime.datetime.strptime(day, date_format).date()
            except ValueError:
                continue
        return None


# --- The import --------------------------------------------------------------------------

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class _Row:
    line: int
    account_code: str
    account_name: str
    number: str
    order_date: datetime.date
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal | None


def import_orders(
    *,
    source,
    name: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    create_missing: bool = False,
    owner=None,
    actor=None,
    date_format: str | None = None,
    encoding: str | None = None,
    payment_days: int | None = None,
    mark_paid: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import the orders in ``source`` (see the module docstring for what is guaranteed).

    ``owner`` owns the accounts created from the file (required with ``create_missing``);
    ``actor`` is recorded in their history and as the orders' creator. ``payment_days``
    sets each new order's due date that many days after its order date; ``mark_paid``
    records history as settled: one payment of its amount per new order with a positive
    amount, dated its due date (or order date). Raises ImportFileError when the file
    cannot be used at all; nothing is written then.
    """
    if create_missing and owner is None and not dry_run:
        raise ImportFileError(_("Say who owns the accounts created from the file."))
    headers, table = open_table(source, name, encoding)
    columns = resolve_mapping(headers, mapping)
    result = ImportResult(dry_run=dry_run)
    rows = _parse_rows(table, columns, DateParser(date_format), result, progress)
    with transaction.atomic():
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _plan_and_write(
            rows,
            result,
            create_missing=create_missing,
            owner=owner,
            actor=actor,
            progress=progress,
            payment_days=payment_days,
            mark_paid=mark_paid,
        )
        if dry_run:
            transaction.set_rollback(True)
    result.skipped.sort(key=lambda skip: skip.line)
    return result


def _parse_rows(table: Iterable, columns: dict[str, int], parse_date, result: ImportResult, progress) -> list[_Row]:
    width = max(columns.values()) + 1
    # An unmapped optional field reads cell ``width``: each row is cut or padded to ``width``
    # cells, then gets one more, always empty.
    position = {name: columns.get(name, width) for name in FIELDS}
    p_account, p_name, p_number, p_date = (position[n] for n in FIELDS[:4])
    p_product, p_product_name, p_quantity, p_price, p_cost = (position[n] for n in FIELDS[4:])
    padding = [None] * (width + 1)
    quantity_step, price_step = Decimal("0.001"), Decimal("0.0001")

    rows: list[_Row] = []
    skipped = result.skipped
    skip = skipped.append
    for count, (line, cells) in enumerate(table, start=1):
        if count % 20000 == 0:
            progress("read", count, None)
        if len(cells) != width:
            cells = (cells + padding)[:width]
        cells.append(None)
        account_code = parse_code(cells[p_account])
        if not account_code:
            skip(Skipped(line, SkipReason.NO_CUSTOMER))
            continue
        number = parse_code(cells[p_number])
        if not number:
            skip(Skipped(line, SkipReason.NO_ORDER_NUMBER))
            continue
        product_code = parse_code(cells[p_product])
        if not product_code:
            skip(Skipped(line, SkipReason.NO_PRODUCT))
            continue
        raw = cells[p_date]
        order_date = parse_date(raw)
        if order_date is None:
            skip(Skipped(line, SkipReason.BAD_DATE, _shown(raw)))
            continue
        raw = cells[p_quantity]
        quantity = parse_decimal(raw, QUANTITY_LIMIT)
        if quantity is None or quantity != quantity.quantize(quantity_step):
            skip(Skipped(line, SkipReason.BAD_QUANTITY, _shown(raw)))
            continue
        raw = cells[p_price]
        unit_price = parse_decimal(raw, PRICE_LIMIT)
        if unit_price is None or unit_price != unit_price.quantize(price_step):
            skip(Skipped(line, SkipReason.BAD_PRICE, _shown(raw)))
            continue
        unit_cost = None
        raw = cells[p_cost]
        if raw is not None and raw != "":
            unit_cost = parse_decimal(raw, PRICE_LIMIT)
            if unit_cost is None or unit_cost != unit_cost.quantize(price_step):
                skip(Skipped(line, SkipReason.BAD_COST, _shown(raw)))
                continue
        if len(account_code) > 32 or len(number) > 40 or len(product_code) > 40:
            skip(Skipped(line, SkipReason.TOO_LONG))
            continue
        account_name = cells[p_name]
        product_name = cells[p_product_name]
        rows.append(
            _Row(
                line,
                account_code,
                "" if account_name is None else str(account_name).strip()[:200],
                number,
                order_date,
                product_code,
                "" if product_name is None else str(product_name).strip()[:200],
                quantity,
                unit_price,
                unit_cost,
            )
        )
    result.rows = len(rows) + len(skipped)
    progress("read", result.rows, result.rows)
    return rows


def _shown(value) -> str:
    return "" if value is None else str(value)[:100]


def _lookup(queryset, field_name: str, codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        found.update(queryset.filter(**{f"{field_name}__in": chunk}).values_list(field_name, "pk"))
    return found


def _plan_and_write(
    rows: list[_Row], result: ImportResult, *, create_missing, owner, actor, progress, payment_days, mark_paid
) -> None:
    dry_run = result.dry_run
    accounts_qs = Account.objects.all() if actor is None else Account.objects.visible_to(actor)
    account_ids = _lookup(accounts_qs, "code", sorted({row.account_code for row in rows}))
    product_codes = sorted({row.product_code for row in rows})
    product_ids = _lookup(Product.objects.all(), "code", product_codes)
    # A line without a cost of its own costs what its product costs.
    product_costs = {}
    for start in range(0, len(product_codes), CHUNK):
        chunk = Product.objects.filter(code__in=product_codes[start : start + CHUNK])
        product_costs.update(chunk.values_list("pk", "unit_cost"))

    new_accounts: dict[str, str] = {}
    new_products: dict[str, _Row] = {}
    usable: list[_Row] = []
    for row in rows:
        if row.account_code not in account_ids:
            if not create_missing:
                result.skipped.append(Skipped(row.line, SkipReason.UNKNOWN_ACCOUNT, row.account_code))
                continue
            new_accounts.setdefault(row.account_code, row.account_name)
        if row.product_code not in product_ids:
            if not create_missing:
                result.skipped.append(Skipped(row.line, SkipReason.UNKNOWN_PRODUCT, row.product_code))
                continue
            new_products.setdefault(row.product_code, row)
        usable.append(row)

    if create_missing and not dry_run:
        progress("accounts", 0, len(new_accounts))
        account_ids.update(_create_accounts(new_accounts, owner=owner, actor=actor))
        progress("accounts", len(new_accounts), len(new_accounts))
        progress("products", 0, len(new_products))
        product_ids.update(_create_products(new_products))
        progress("products", len(new_products), len(new_products))
    result.accounts_created = len(new_accounts)
    result.products_created = len(new_products)

    # Orders already in the database are skipped whole: that is what makes re-import add nothing.
    existing = _existing_orders(
        {account_ids[row.account_code] for row in usable if row.account_code in account_ids},
        {row.number for row in usable},
    )
    orders: dict[tuple[str, str], list[_Row]] = {}
    for row in usable:
        key = (row.account_code, row.number)
        account_id = account_ids.get(row.account_code)
        if account_id is not None and (account_id, row.number) in existing:
            result.skipped.append(Skipped(row.line, SkipReason.ORDER_EXISTS, row.number))
            continue
        orders.setdefault(key, []).append(row)

    result.orders_created = len(orders)
    result.lines_imported = sum(len(lines) for lines in orders.values())
    amounts = {
        key: sum((to_cents(row.quantity * row.unit_price) for row in lines), Decimal("0"))  # the rule: at the line
        for key, lines in orders.items()
    }
    result.net_amount = sum(amounts.values(), Decimal("0"))
    if mark_paid:
        result.payments_created = sum(1 for amount in amounts.values() if amount > 0)
    if dry_run or not orders:
        return
    _write_orders(
        orders,
        account_ids,
        product_ids,
        product_costs,
        actor=actor,
        progress=progress,
        payment_days=payment_days,
        payments=amounts if mark_paid else None,
    )


def _existing_orders(account_ids: set[int], numbers: set[str]) -> set[tuple[int, str]]:
    if not account_ids:
        return set()
    existing: set[tuple[int, str]] = set()
    ids = sorted(account_ids)
    for start in range(0, len(ids), CHUNK):
        queryset = Order.objects.filter(account_id__in=ids[start : start + CHUNK]).values_list("account_id", "number")
        existing.update(pair for pair in queryset if pair[1] in numbers)
    return existing


def _create_accounts(new_accounts: dict[str, str], *, owner, actor) -> dict[str, int]:
    if not new_accounts:
        return {}
    accounts = [Account(code=code, name=name or code, owner=owner) for code, name in new_accounts.items()]
    bulk_create_with_history(
        accounts, Account, batch_size=1000, default_user=actor, default_change_reason="order import"
    )
    return _lookup(Account.objects.all(), "code", list(new_accounts))


def _create_products(new_products: dict[str, _Row]) -> dict[str, int]:
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
    return _lookup(Product.objects.all(), "code", list(new_products))


def _write_orders(orders, account_ids, product_ids, product_costs, *, actor, progress, payment_days, payments) -> None:
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
    receivables_refresh(account_ids={row[1] for row in order_rows})
    if len(line_rows) >= ANALYZE_AFTER:
        analyze(Order, OrderLine, Payment)

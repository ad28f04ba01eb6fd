"""Load the Online Retail CSV (../shared/data/online-retail.csv.xz) as accounts, products,
orders and lines — a stand-in until deals' ``import_orders`` lands on main.

    DATABASE_URL=… DEBUG=True .venv/bin/python bench/load_retail.py [CSV]

Mapping: a customer (``CustomerID``, "17850.0" → code "17850") is an account; an invoice is
an order dated on its invoice day; each line keeps its quantity and unit price as they are
(cancellations ``C…`` are negative quantities, i.e. returns; adjustments keep their sign);
lines without a CustomerID are skipped. Unit cost is unknown: 0.
"""

from __future__ import annotations

import csv
import datetime
import lzma
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Account  # noqa: E402
from deals.bulk import allocate_ids, insert_rows  # noqa: E402
from deals.models import Order, OrderLine, Product  # noqa: E402
from users.models import Role, User  # noqa: E402

DEFAULT_CSV = ROOT.parent.parent / "shared" / "data" / "online-retail.csv.xz"


def read_rows(path: Path):
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as raw:
        yield from csv.DictReader(raw)


@transaction.atomic
def load(path: Path) -> None:
    owner, _created = User.objects.get_or_create(username="retail_rep", defaults={"role": Role.REP})
    accounts: dict[str, str] = {}
    products: dict[str, tuple[str, Decimal]] = {}
    invoices: dict[str, dict] = {}
    skipped = 0
    for row in read_rows(path):
        if not row["CustomerID"]:
            skipped += 1
            continue
        code = str(int(float(row["CustomerID"])))
        accounts.setdefault(code, row["Country"])
        products.setdefault(row["StockCode"], (row["Description"][:200], Decimal(row["UnitPrice"])))
        invoice = invoices.setdefault(
            row["InvoiceNo"],
            {"code": code, "date": datetime.datetime.fromisoformat(row["InvoiceDate"]).date(), "lines": []},
        )
        invoice["lines"].append((row["StockCode"], Decimal(row["Quantity"]), Decimal(row["UnitPrice"])))
    Account.objects.bulk_create(
        [
            Account(code=code, name=f"Customer {code}", region=country, owner=owner)
            for code, country in accounts.items()
        ],
        batch_size=2000,
    )
    account_ids = dict(Account.objects.values_list("code", "pk"))
    Product.objects.bulk_create(
        [
            Product(code=code, name=name or code, unit_price=max(price, Decimal(0)))
            for code, (name, price) in products.items()
        ],
        batch_size=2000,
    )
    product_ids = dict(Product.objects.values_list("code", "pk"))
    order_ids = allocate_ids(Order, len(invoices))
    now = timezone.now()
    orders, lines = [], []
    for order_id, (number, invoice) in zip(order_ids, invoices.items(), strict=True):
        account_id = account_ids[invoice["code"]]
        orders.append((order_id, account_id, number, invoice["date"], None, "confirmed", "", now))
        for line_number, (stock, quantity, price) in enumerate(invoice["lines"], start=1):
            lines.append((order_id, line_number, product_ids[stock], quantity, price, Decimal(0)))
    insert_rows(
        Order, ("id", "account_id", "number", "order_date", "due_date", "status", "notes", "created_at"), orders
    )
    insert_rows(OrderLine, ("order_id", "line_number", "product_id", "quantity", "unit_price", "unit_cost"), lines)
    print(
        f"{len(accounts):,} accounts, {len(products):,} products, {len(orders):,} orders, {len(lines):,} lines; "
        f"{skipped:,} lines without a customer skipped"
    )


if __name__ == "__main__":
    load(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV)

"""Benchmark: import the Online Retail file (541 909 lines) into a fresh database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_deals .venv/bin/python bench/import_orders.py [FILE]

Creates a throwaway test database next to the one in DATABASE_URL (its name prefixed
with ``test_``), imports the file with ``--create-missing``, imports it a second time
(which must add nothing), prints lines per second for both, and drops the database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "True")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

# The project's shared data sits beside the repository (../shared/data).
DEFAULT_FILE = BASE_DIR.parent / "shared" / "data" / "online-retail.csv.xz"
MAPPING = {
    "account_code": "CustomerID",
    "account_name": "",
    "order_number": "InvoiceNo",
    "order_date": "InvoiceDate",
    "product_code": "StockCode",
    "product_name": "Description",
    "quantity": "Quantity",
    "unit_price": "UnitPrice",
}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from accounts.money import LineAmount
        from deals.importing import import_orders
        from deals.models import OrderLine
        from users.models import Role, User

        owner = User.objects.create(username="bench-admin", role=Role.ADMIN)
        print(f"{connection.vendor}, {path.name}")
        for attempt in ("first import", "re-import"):
            started = time.perf_counter()
            stages: dict[str, float] = {}

            def progress(stage, done, total, stages=stages, started=started):
                stages[stage] = time.perf_counter() - started

            result = import_orders(source=path, mapping=MAPPING, create_missing=True, owner=owner, progress=progress)
            elapsed = time.perf_counter() - started
            print(
                f"{attempt:<13} {elapsed:6.1f} s  {result.rows / elapsed:9,.0f} rows/s  "
                f"{result.lines_imported:,} lines imported, {result.orders_created:,} orders, "
                f"{len(result.skipped):,} skipped { {code: n for code, _label, n in result.skipped_by_reason} }"
            )
            print("    stage ends at: " + ", ".join(f"{stage} {at:.1f} s" for stage, at in stages.items()))
        total = OrderLine.objects.aggregate(total=Sum(LineAmount("quantity", "unit_price")))["total"]
        print(f"net revenue in the database: {total:,.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

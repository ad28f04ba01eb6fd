"""docs/erp_sync.py, the README's example sync, against a running server: run twice over the
same exports, it records each order and payment once."""

from __future__ import annotations

import importlib.util
from decimal import Decimal

from django.conf import settings

from deals.models import Order, Payment
from tests.factories import ProductFactory

from .conftest import make_token


def load_example(base: str, token: str):
    spec = importlib.util.spec_from_file_location("erp_sync", settings.BASE_DIR / "docs" / "erp_sync.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.BASE, module.TOKEN = f"{base}/api/v1", token
    return module


def test_the_example_sync_can_run_twice(live_server, rep, account, tmp_path):
    product = ProductFactory(unit_price=Decimal("50.00"))
    orders, payments = tmp_path / "orders.csv", tmp_path / "payments.csv"
    orders.write_text(
        "external_id,account,number,order_date,product,quantity,unit_price\n"
        f"SO-1,{account.pk},SO-1,2026-03-01,{product.pk},2,\n"
        f"SO-1,{account.pk},SO-1,2026-03-01,{product.pk},1,45.00\n"
        f"SO-2,{account.pk},SO-2,2026-03-02,{product.pk},4,\n"
    )
    payments.write_text("external_id,order_external_id,amount,paid_on\nPAY-1,SO-1,145.00,2026-03-20\n")
    sync = load_example(live_server.url, make_token(rep))

    assert sync.sync_orders(str(orders)) == {"created": 2, "unchanged": 0, "refused": 0}
    assert sync.sync_payments(str(payments)) == {"created": 1, "unchanged": 0, "refused": 0}
    assert sync.sync_orders(str(orders)) == {"created": 0, "unchanged": 2, "refused": 0}
    assert sync.sync_payments(str(payments)) == {"created": 0, "unchanged": 1, "refused": 0}
    assert Order.objects.count() == 2
    assert Payment.objects.get().amount == Decimal("145.00")

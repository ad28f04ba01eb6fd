"""Benchmark of a scoring run: the set-based run over every account against a straightforward
per-account ORM loop over a subset, both computing the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_scoring DEBUG=True \
        .venv/bin/python bench/rescore.py [--as-of YYYY-MM-DD] [--subset 500]

Seed the data first (50 000 accounts, ≈ 2 000 000 order lines):

    DEBUG=True .venv/bin/python manage.py seed_demo --reset --accounts 50000 \
        --orders-per-account 13.3 --lines-per-order 3

The full run is timed twice: the first run of the day, and a second one for the same day
(which replaces the first: delete + recompute). The loop runs in a transaction that is
rolled back, so it leaves nothing behind; its measures are checked against the full run's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Case, DecimalField, F, Q, Sum, Value, When  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Account  # noqa: E402
from deals.models import Order, OrderLine, OrderStatus, Payment  # noqa: E402
from scoring import services  # noqa: E402
from scoring.engine import window_start  # noqa: E402
from scoring.models import AccountRating, AccountStanding, RunTrigger, ScoringResult, ScoringRun  # noqa: E402

MONEY = DecimalField(max_digits=20, decimal_places=4)


def naive_loop(accounts: list[Account], *, as_of: datetime.date, snapshot: dict, run: ScoringRun) -> dict:
    """What one would write first: per account, a few aggregate queries, then one INSERT of
    its result and one upsert of its standing. Ranks, shares and tiers within the subset."""
    start = window_start(as_of, int(snapshot["window_months"]))
    figures = {account.pk: _naive_figures(account, as_of=as_of, start=start, snapshot=snapshot) for account in accounts}
    _naive_write(figures, run)
    return figures


def _naive_figures(account: Account, *, as_of: datetime.date, start: datetime.date, snapshot: dict) -> dict:
    high = Decimal(snapshot["high_profit_margin"])
    lines = OrderLine.objects.filter(order__account=account, order__order_date__lte=as_of).exclude(
        order__status=OrderStatus.CANCELLED
    )
    in_window = Q(order__order_date__gt=start)
    amount = F("quantity") * F("unit_price")
    totals = lines.aggregate(
        revenue=Sum(amount, filter=in_window, output_field=MONEY),
        profit=Sum(F("quantity") * (F("unit_price") - F("unit_cost")), filter=in_window, output_field=MONEY),
        high_profit=Sum(
            Case(
                When(
                    in_window & Q(unit_price__gt=0) & Q(unit_cost__lte=F("unit_price") * (1 - high / 100)),
                    then=amount,
                ),
                default=Value(0),
                output_field=MONEY,
            )
        ),
        billed=Sum(amount, output_field=MONEY),
    )
    categories = (
        lines.filter(in_window)
        .values("product__category")
        .annotate(total=Sum(amount, output_field=MONEY))
        .order_by("-total")
        .first()
    )
    orders = (
        Order.objects.filter(account=account, order_date__gt=start, order_date__lte=as_of)
        .exclude(status=OrderStatus.CANCELLED)
        .count()
    )
    paid = (
        Payment.objects.filter(order__account=account, order__order_date__lte=as_of, paid_on__lte=as_of)
        .exclude(order__status=OrderStatus.CANCELLED)
        .aggregate(total=Sum("amount"))["total"]
    )
    rating = AccountRating.objects.filter(account=account).first()
    revenue = totals["revenue"] or Decimal("0")
    return {
        "code": account.code,
        "measure": revenue if snapshot["abc_measure"] == "revenue" else (totals["profit"] or Decimal("0")),
        "orders": orders,
        "owed": (totals["billed"] or 0) - (paid or 0),
        "top_category": categories["total"] if categories else None,
        "rating": rating,
    }


def _naive_write(figures: dict, run: ScoringRun) -> None:
    ranked = sorted(figures.items(), key=lambda item: (-item[1]["measure"], item[1]["code"]))
    total = sum((f["measure"] for _pk, f in ranked if f["measure"] > 0), Decimal("0"))
    before = Decimal("0")
    now = timezone.now()
    for rank, (pk, f) in enumerate(ranked, start=1):
        share = before / total if total else Decimal("0")
        tier = "C" if f["measure"] <= 0 else "A" if share < Decimal("0.8") else "B" if share < Decimal("0.95") else "C"
        ScoringResult.objects.create(
            run=run, account_id=pk, measure=f["measure"], rank=rank, share_before=share, abc_tier=tier,
            score=Decimal("0"), level="small",
        )  # fmt: skip
        AccountStanding.objects.update_or_create(
            account_id=pk,
            defaults={"abc_tier": tier, "level": "small", "score": 0, "measure": f["measure"], "run": run,
                      "updated_at": now},
        )  # fmt: skip
        before += f["measure"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=timezone.localdate())
    parser.add_argument("--subset", type=int, default=500, help="Accounts in the per-account loop (default 500).")
    parser.add_argument("--repeat", type=int, default=3, help="Reruns of the same day after the first (default 3).")
    options = parser.parse_args()

    accounts = Account.objects.count()
    lines = OrderLine.objects.count()
    print(f"{connection.vendor}: {accounts:,} accounts, {Order.objects.count():,} orders, {lines:,} order lines")

    timings = []
    ScoringRun.objects.filter(as_of=options.as_of).delete()
    labels = ["first run of the day"] + [f"same day again (replaces it) #{n}" for n in range(1, options.repeat + 1)]
    for label in labels:
        started = time.perf_counter()
        run = services.rescore(as_of=options.as_of, trigger=RunTrigger.COMMAND)
        elapsed = time.perf_counter() - started
        timings.append(elapsed)
        print(f"full run, {label}: {elapsed:.2f} s  (steps, ms: {run.timings})")
    full = statistics.median(timings)
    print(f"full run: median {full:.2f} s, best {min(timings):.2f} s, worst {max(timings):.2f} s")

    subset = list(Account.objects.order_by("?")[: options.subset])
    with transaction.atomic():
        scratch = ScoringRun.objects.create(
            as_of=options.as_of - datetime.timedelta(days=3650), config_fingerprint="bench", config_snapshot={}
        )
        started = time.perf_counter()
        figures = naive_loop(subset, as_of=options.as_of, snapshot=run.config_snapshot, run=scratch)
        loop = time.perf_counter() - started
        transaction.set_rollback(True)

    stored = dict(ScoringResult.objects.filter(run=run, account__in=subset).values_list("account_id", "measure"))
    mismatches = [pk for pk, f in figures.items() if f["measure"] != stored[pk]]
    per_account_full = full / accounts
    per_account_loop = loop / len(subset)
    print(f"per-account ORM loop over {len(subset)} accounts: {loop:.2f} s")
    print(f"measures equal to the full run's: {len(subset) - len(mismatches)} / {len(subset)}")
    print(
        f"per account: full run {per_account_full * 1e6:.0f} µs, loop {per_account_loop * 1e6:.0f} µs, "
        f"ratio {per_account_loop / per_account_full:.0f}×; the loop would take "
        f"{per_account_loop * accounts:.0f} s for all {accounts:,} accounts"
    )
    if mismatches:
        raise SystemExit(f"measures differ for accounts {mismatches[:10]}")


if __name__ == "__main__":
    main()

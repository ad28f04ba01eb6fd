"""Benchmark: does the health score foresee "no order within the horizon" on real data?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_h5 .venv/bin/python bench/early_warning.py \
        [--as-of 2011-09-01] [--horizon 90]

Imports Online Retail into a throwaway database (``bench/retail.py``), runs the same service
as ``manage.py early_warning --as-of … --horizon …``, and, among the accounts with an order in
the 12 months up to the as-of date, scores how well each predictor ranks the accounts that
place no order in the horizon: ROC AUC and the lift of the top decile, for the health score
(low is risky) and two baselines computed here — days since the last order, and the number
of orders in the 12 months (few is risky). An order is an invoice with goods going out.
"""

from __future__ import annotations

import argparse
import datetime
import time

from retail import auc, days, imported_retail, top_decile_lift


def evaluate(as_of: datetime.date, horizon: int) -> None:
    from django.db.models import Count, Max, Q

    from deals.models import Order
    from intelligence.models import AccountHealth
    from intelligence.services import intelligence_run

    started = time.perf_counter()
    run = intelligence_run(as_of=as_of, horizon_days=horizon)
    print(f"intelligence run: {run.accounts_count} accounts in {time.perf_counter() - started:.1f} s")
    year = as_of - datetime.timedelta(days=365)
    end = as_of + datetime.timedelta(days=horizon)
    rows = (
        Order.objects.filter(lines__quantity__gt=0)
        .order_by()
        .values("account_id")
        .annotate(
            last=Max("order_date", filter=Q(order_date__lte=as_of)),
            orders=Count("pk", distinct=True, filter=Q(order_date__gt=year, order_date__lte=as_of)),
            ahead=Count("pk", distinct=True, filter=Q(order_date__gt=as_of, order_date__lte=end)),
        )
        .filter(orders__gt=0)
    )
    health = dict(AccountHealth.objects.filter(run=run).values_list("account_id", "score"))
    labels, predictors = [], {"health score": [], "days since last order": [], "orders in 12 months": []}
    for row in rows:
        labels.append(row["ahead"] == 0)
        predictors["health score"].append(-float(health[row["account_id"]]))
        predictors["days since last order"].append((as_of - row["last"]).days)
        predictors["orders in 12 months"].append(-row["orders"])
    print(
        f"as of {as_of}, horizon {horizon} days: {len(labels)} accounts with an order in the 12 months, "
        f"{sum(labels)} ({sum(labels) / len(labels):.1%}) without an order in the horizon"
    )
    print(f"{'predictor':<24}{'ROC AUC':>9}{'top-decile lift':>17}")
    for name, scores in predictors.items():
        print(f"{name:<24}{auc(scores, labels):>9.4f}{top_decile_lift(scores, labels):>17.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", type=days, default=datetime.date(2011, 9, 1))
    parser.add_argument("--horizon", type=int, default=90)
    options = parser.parse_args()
    with imported_retail():
        evaluate(options.as_of, options.horizon)


if __name__ == "__main__":
    main()

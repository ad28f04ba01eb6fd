"""Benchmark: do whitespace suggestions name the products an account buys next?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_h5 .venv/bin/python bench/whitespace.py

Imports Online Retail into a throwaway database (``bench/retail.py``), holds out the last three
months (after 2011-09-09), tiers the accounts as of the cut-off (``rescore``) and adds up the peer
groups' purchases of the 12 months before it with the app's own statement, at product level
(the file has no categories). Online Retail has no industry or scale, so an account's peers are
the accounts of its ABC tier. For every account that bought before the cut-off and first bought
some product in the hold-out, its top 5 suggestions (``whitespace.rank_suggestions``: by
expected revenue) are compared with those new products, and so are the baseline's: the five
products bought by the most accounts overall that it has not bought yet.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from retail import imported_retail

CUT_OFF = datetime.date(2011, 9, 9)
TOP = 5


def evaluate() -> None:
    from deals.models import OrderLine
    from intelligence.models import IntelligenceRun, PeerItem
    from intelligence.whitespace import peer_items_refresh, rank_suggestions
    from scoring.models import RunTrigger
    from scoring.services import rescore

    rescore(as_of=CUT_OFF, trigger=RunTrigger.COMMAND)
    run = IntelligenceRun.objects.create(as_of=CUT_OFF, horizon_days=91)
    peer_items_refresh(run_id=run.pk, as_of=CUT_OFF, item="product")
    groups = defaultdict(list)
    for row in PeerItem.objects.filter(run=run):
        groups[row.tier].append(row)
    tiers = dict(OrderLine.objects.values_list("order__account_id", "order__account__standing__abc_tier").distinct())
    before, after = defaultdict(set), defaultdict(set)
    for account, code, day in OrderLine.objects.filter(quantity__gt=0).values_list(
        "order__account_id", "product__code", "order__order_date"
    ):
        (before if day <= CUT_OFF else after)[account].add(code)
    popularity = Counter(code for codes in before.values() for code in codes)
    popular = [code for code, _n in popularity.most_common()]
    hits = {"whitespace (peers by tier, expected revenue)": [], "most popular not yet bought": []}
    for account, bought in before.items():
        new = after.get(account, set()) - bought
        if not new:
            continue
        ours = [s.item for s in rank_suggestions(groups.get(tiers.get(account) or "", []), bought, limit=TOP)]
        theirs = [code for code in popular if code not in bought][:TOP]
        hits["whitespace (peers by tier, expected revenue)"].append(len(new & set(ours)))
        hits["most popular not yet bought"].append(len(new & set(theirs)))
    print(f"{len(next(iter(hits.values())))} accounts bought before {CUT_OFF} and first bought a product after it")
    print(f"{'suggestions':<48}{'hit rate@5':>11}{'precision@5':>13}")
    for name, counts in hits.items():
        rate = sum(1 for n in counts if n) / len(counts)
        precision = sum(counts) / (TOP * len(counts))
        print(f"{name:<48}{rate:>11.1%}{precision:>13.1%}")


if __name__ == "__main__":
    with imported_retail():
        evaluate()

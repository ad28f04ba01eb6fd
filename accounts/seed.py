"""Demo accounts, owned by the reps, whose size follows a Pareto-like spread.

Each account gets a weight drawn from a Pareto distribution (shape 1.16 gives the classic
80/20); the order seeder uses it, so revenue concentrates in a few accounts as in life.
"""

from __future__ import annotations

from tests.factories import AccountFactory

from .models import Account, AccountTeamMember

BATCH = 5000


def seed(context) -> None:
    reps = context.shared["reps"]
    rng = context.random
    total = context.accounts
    for start in range(0, total, BATCH):
        size = min(BATCH, total - start)
        accounts = AccountFactory.build_batch(size, owner=reps[0])
        for offset, account in enumerate(accounts):
            account.code = f"C{start + offset + 1:06d}"
            account.owner = reps[(start + offset) % len(reps)]
        Account.objects.bulk_create(accounts, batch_size=1000)
        context.say(f"  accounts: {start + size:,} / {total:,}")
    account_ids = list(Account.objects.order_by("pk").values_list("pk", "owner_id"))
    context.shared["account_weights"] = [(pk, rng.paretovariate(1.16)) for pk, _owner in account_ids]
    # A colleague from the same team works one account in five beside its owner.
    by_owner = {rep.pk: rep for rep in reps}
    members = []
    for index, (pk, owner_id) in enumerate(account_ids):
        if index % 5 == 0:
            owner = by_owner[owner_id]
            colleagues = [rep for rep in reps if rep.team_id == owner.team_id and rep.pk != owner_id]
            if colleagues:
                members.append(AccountTeamMember(account_id=pk, user=rng.choice(colleagues)))
    AccountTeamMember.objects.bulk_create(members, batch_size=1000)

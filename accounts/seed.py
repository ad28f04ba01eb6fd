"""Demo accounts, owned by the reps, whose size follows a Pareto-like spread.

Each account gets a weight drawn from a Pareto distribution (shape 1.16 gives the classic
80/20); the order seeder uses it, so revenue concentrates in a few accounts as in life.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.factories import AccountFactory

from .models import Account, AccountTeamMember, FinancialYear, KeyAccountType, OrganisationForm, RelationshipStage
from .money import CENT
from .selectors import account_code

BATCH = 5000


def seed(context) -> None:
    reps = context.shared["reps"]
    rng = context.random
    total = context.accounts
    now = timezone.now()
    for start in range(0, total, BATCH):
        size = min(BATCH, total - start)
        accounts = AccountFactory.build_batch(size, owner=reps[0])
        for offset, account in enumerate(accounts):
            account.code = account_code(start + offset + 1)
            account.owner = reps[(start + offset) % len(reps)]
            account.region = rng.choice(context.shared["areas_by_rep"][account.owner.pk])
            account.organisation_form = rng.choice(OrganisationForm.values)
            account.key_account_type = rng.choice(KeyAccountType.values)
            account.relationship_stage = rng.choice(RelationshipStage.values)
            account.employees = int(rng.paretovariate(1.2) * 50)
            # Some files were last touched long ago, so stale marking has something to show.
            account.basic_updated_at = now - datetime.timedelta(days=rng.randrange(0, 400))
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
    # Financial statements for one account in ten, two years each.
    this_year = now.year
    years = []
    for index, (pk, _owner) in enumerate(account_ids):
        if index % 10 == 0:
            revenue = Decimal(rng.randrange(5_000_000, 500_000_000))
            for year in (this_year - 2, this_year - 1):
                years.append(
                    FinancialYear(
                        account_id=pk,
                        year=year,
                        revenue=revenue,
                        net_profit=(revenue * Decimal(rng.uniform(-0.02, 0.12))).quantize(CENT),
                        total_assets=(revenue * Decimal(rng.uniform(0.6, 1.5))).quantize(CENT),
                        current_assets=(revenue * Decimal(rng.uniform(0.2, 0.6))).quantize(CENT),
                        current_liabilities=(revenue * Decimal(rng.uniform(0.1, 0.5))).quantize(CENT),
                        receivables=(revenue * Decimal(rng.uniform(0.05, 0.3))).quantize(CENT),
                    )
                )
    FinancialYear.objects.bulk_create(years, batch_size=1000)

"""What a scoring run tells other systems: ``account.tier_changed`` for each account whose
ABC tier in its standing changes with this run.

Read before the run's results are copied into the standings and emitted after, in the run's
transaction: an account is reported when its new tier differs from the one it stood at, so a
rerun of the day (which finds the standings already moved) reports nothing again, and an
account scored for the first time (no standing yet) is not a change.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery

from users import events

from .models import AccountStanding, ScoringResult, ScoringRun

NAME = "account.tier_changed"


def tier_changes(run: ScoringRun) -> list[events.Event]:
    """The run's tier changes against the current standings; none when nobody listens."""
    if not events.wanted(NAME):
        return []
    standing = AccountStanding.objects.filter(account=OuterRef("account_id"))
    changed = (
        ScoringResult.objects.filter(run=run)
        .annotate(
            standing_tier=Subquery(standing.values("abc_tier")), standing_level=Subquery(standing.values("level"))
        )
        .filter(standing_tier__isnull=False)
        .exclude(abc_tier=F("standing_tier"))
        .select_related("account")
        .only("abc_tier", "level", "score", "account__name", "account__code")
        .order_by("rank")
    )
    return [
        events.Event(
            name=NAME,
            payload={
                "account": events.account_ref(result.account),
                "run_id": run.pk,
                "as_of": run.as_of,
                "tier": {"from": result.standing_tier, "to": result.abc_tier},
                "level": {"from": result.standing_level, "to": result.level},
                "score": result.score,
            },
            account_id=result.account_id,
        )
        for result in changed
    ]

"""Demo tiers: one scoring run as of today over the seeded orders, so the dashboard has data."""

from __future__ import annotations

from django.utils import timezone

from . import services
from .models import RunTrigger


def seed(context) -> None:
    run = services.rescore(as_of=timezone.localdate(), trigger=RunTrigger.COMMAND)
    context.say(f"  scoring run as of {run.as_of}: {run.accounts_count:,} accounts in {run.duration_ms} ms")

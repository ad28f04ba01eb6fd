"""Demo tiers: a scoring run at the end of each of the last months and one as of today, over
the seeded orders, so the dashboard shows movements, each account its tier history, and the
owners of downgraded key accounts their alerts (the runs send them, as the nightly job does)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from users.models import Role, User
from users.notifications import notify

from . import services
from .models import RunTrigger

MONTH = datetime.timedelta(days=30)


def seed(context) -> None:
    today = timezone.localdate()
    months = context.shared.get("months_scored", 0)
    for back in range(months, -1, -1):  # oldest first: each run compares with the one before
        run = services.rescore(as_of=today - back * MONTH, trigger=RunTrigger.COMMAND)
        context.say(f"  scoring run as of {run.as_of}: {run.accounts_count:,} accounts in {run.duration_ms} ms")
    # The admin, whom no business event addresses, hears that the runs are there to review.
    notify(
        recipients=User.objects.filter(role=Role.ADMIN),
        key="demo:scoring-runs",
        subject=_("%(runs)s scoring runs are ready to review"),
        body=_("The demo scored every account at the end of each of the last months and today."),
        params={"runs": months + 1},
        link=reverse("scoring:runs"),
    )

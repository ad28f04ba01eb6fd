"""A rep's home ("My day"): what to do today and this week, from each app's own rules.

Today's and the week's planned visits (``visits.PlanItem``), the follow-ups that have come
(``visits.reminders.open_follow_ups``, the reminders' rule), the user's own accounts at risk
(``dashboard.risks``), the credit requests waiting for the user's decision
(``credit.permissions.waiting_for`` through ``approver_queue``) and those lately decided on the
user's requests or accounts. A fixed number of queries whatever the user holds. The user's
targets are not here: they load after the page (``views.MyTargetsBlockView``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import Account
from credit.models import DECIDED, CreditRequest
from credit.selectors import approver_queue
from visits.models import PlanItem, PlanStatus, Visit
from visits.reminders import open_follow_ups
from visits.selectors import Period

from . import risks

HOME_ROWS = 10  # rows per list: the page is a summary, each list links to its full page
DECIDED_RECENTLY_DAYS = 14


@dataclass
class Home:
    today: datetime.date
    week: Period
    today_visits: list = field(default_factory=list)
    week_visits: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    waiting: list | None = None  # None: the user decides no request
    decided: list = field(default_factory=list)


def home(*, user, today: datetime.date) -> Home:
    """The user's day. Queries: the week's plan (1), follow-ups due (1), the user's accounts at
    risk (2), requests decided for them (1), requests waiting for them (1, deciders only)."""
    week = Period.containing(today, "week")
    plan = list(
        PlanItem.objects.visible_to(user)
        .filter(rep=user, planned_on__range=(week.start, week.end))
        .exclude(status=PlanStatus.DROPPED)
        .select_related("account")
        .order_by("planned_on", "time_of_day", "account__name")
    )
    follow_ups = (
        open_follow_ups(Visit.objects.visible_to(user).filter(rep=user), until=week.end, today=today)
        .select_related("account")
        .order_by("next_follow_up", "pk")[:HOME_ROWS]
    )
    own = Account.objects.visible_to(user).filter(owner=user)
    waiting = approver_queue(user=user)
    since = today - datetime.timedelta(days=DECIDED_RECENTLY_DAYS)
    decided = (
        CreditRequest.objects.visible_to(user)
        .filter(Q(requested_by=user) | Q(account__owner=user), status__in=DECIDED, decided_at__date__gte=since)
        .select_related("account", "decided_by")
        .order_by("-decided_at", "-pk")[:HOME_ROWS]
    )
    return Home(
        today=today,
        week=week,
        today_visits=[item for item in plan if item.planned_on == today],
        week_visits=[item for item in plan if item.planned_on != today],
        follow_ups=list(follow_ups),
        at_risk=risks.at_risk_page(own, today=today, limit=HOME_ROWS),
        waiting=None if waiting.query.is_empty() else list(waiting[:HOME_ROWS]),
        decided=list(decided),
    )

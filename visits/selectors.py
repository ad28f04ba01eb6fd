"""Reads for the visit pages: each builds one page's queryset, with the cadence computed in SQL.
The complaint pages' reads are in ``visits.complaints``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.shortcuts import get_object_or_404

from accounts.models import Account, Lifecycle
from accounts.selectors import search_filter
from accounts.visibility import get_account_for
from contacts.models import Contact
from users.models import Role, User

from .models import Cadence, Complaint, PlanItem, PlanStatus, Visit, VisitSchedule
from .workdays import due_date_moves


class AddDays(Func):
    """date + n days, as a date, on PostgreSQL and SQLite alike."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"(({date_sql})::date + ({days_sql})::integer)", (*date_params, *days_params)

    def as_sqlite(self, compiler, connection, **extra):
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"date({date_sql}, '+' || ({days_sql}) || ' days')", (*date_params, *days_params)


def with_cadence(accounts: QuerySet[Account], *, today: datetime.date) -> QuerySet[Account]:
    """Annotate each account with its cadence, last visit, next due visit and whether it is overdue.

    All in SQL, so a list filters and sorts by them: ``visit_tier``, ``cadence_id``,
    ``cadence_days`` (0: no scheduled visits), ``last_visited``, ``next_due`` (None when no
    visits are scheduled; counted from the account's creation when it was never visited) and
    ``is_overdue``.
    """
    # Scoring's standing: an account not scored yet has none, and takes the default cadence.
    tier = Coalesce(F("standing__abc_tier"), Value(""), output_field=CharField())
    level = Coalesce(F("standing__level"), Value(""), output_field=CharField())
    decision = Case(
        When(lifecycle=Lifecycle.PROSPECT, then=F("prospect_decision")),
        default=Value(""),
        output_field=CharField(),
    )
    last_visit = Visit.objects.filter(account=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    default_days = settings.VISITS_DEFAULT_CADENCE_DAYS
    # The most specific row first: blank sorts lowest, so descending puts it last.
    cadences = list(Cadence.objects.order_by("-prospect_decision", "-tier", "-level"))
    return (
        accounts.annotate(visit_tier=tier, visit_level=level, visit_decision=decision)
        .annotate(
            cadence_id=_most_specific(cadences, "pk", default=None),
            cadence_days=_most_specific(cadences, "interval_days", default=default_days),
            last_visited=Subquery(last_visit, output_field=DateField()),
        )
        .annotate(cadence_due=AddDays(Coalesce(F("last_visited"), TruncDate("created_at")), F("cadence_days")))
        .annotate(
            next_due=Case(
                When(Q(cadence_days=0) | Q(lifecycle=Lifecycle.LOST), then=Value(None, output_field=DateField())),
                default=_off_holidays(F("cadence_due"), today=today),
                output_field=DateField(),
            )
        )
        .annotate(is_overdue=_is_overdue(today))
    )


def _off_holidays(due: F, *, today: datetime.date) -> F | Case:
    """``due`` moved off a public holiday to the next working day, by the working calendar
    (``visits.workdays``): a CASE over the few dozen holidays around ``today``."""
    moves = due_date_moves(today=today)
    if not moves:
        return due
    whens = [When(cadence_due=holiday, then=Value(workday)) for holiday, workday in sorted(moves.items())]
    return Case(*whens, default=due, output_field=DateField())


def _is_overdue(today: datetime.date) -> Case:
    return Case(When(next_due__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())


def _most_specific(cadences: list[Cadence], field: str, *, default) -> Cast:
    """``field`` of the first of ``cadences`` that matches the account, as a CASE over the
    handful of rows: a correlated subquery over the cadence table cost more than everything
    else together on a list of 50 000 accounts."""
    whens = []
    for cadence in cadences:
        condition = _matching(cadence)
        if condition is None:  # matches every account: nothing after it is reached
            default = getattr(cadence, field)
            break
        whens.append(When(condition, then=Value(getattr(cadence, field))))
    # Cast: with no cadence rows at all the CASE is a bare NULL, which PostgreSQL types as text.
    return Cast(Case(*whens, default=Value(default), output_field=IntegerField()), output_field=IntegerField())


def _matching(cadence: Cadence) -> Q | None:
    """The accounts ``cadence`` applies to, or None for the catch-all row (every field blank)."""
    fields = {"visit_decision": cadence.prospect_decision, "visit_tier": cadence.tier, "visit_level": cadence.level}
    specified = {name: value for name, value in fields.items() if value}
    return Q(**specified) if specified else None


DUE_SORTS = {
    "due": ("next_due", "name"),
    "name": ("name", "code"),
    "last": ("last_visited", "name"),
}


def due_accounts(
    *, user: User, today: datetime.date, overdue_only: bool = False, owner: User | None = None, sort: str = "due"
) -> QuerySet[Account]:
    """The accounts ``user`` may see with their next due visit, soonest (most overdue) first.

    From the stored schedule (``visits.schedule``): computing every visible account's cadence
    to sort them cost a quarter of a second at 50 000 accounts; the stored date has an index.
    """
    accounts = (
        Account.objects.visible_to(user)
        .select_related("owner")
        .filter(visit_schedule__next_due__isnull=False)
        .annotate(last_visited=F("visit_schedule__last_visited"), next_due=F("visit_schedule__next_due"))
        .annotate(is_overdue=_is_overdue(today))
    )
    if overdue_only:
        accounts = accounts.filter(next_due__lt=today)
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    return accounts.order_by(*DUE_SORTS.get(sort, DUE_SORTS["due"]))


def account_visit_summary(*, user: User, account_pk: int, today: datetime.date) -> Account:
    """One account with its cadence figures, or 404 when ``user`` may not see it."""
    queryset = with_cadence(Account.objects.all(), today=today)
    return get_account_for(user, account_pk, queryset)


def account_timeline(*, account: Account, limit: int = 50) -> list[dict]:
    """The account's visits (with the contacts met) and complaints, newest first, as one list (3 queries)."""
    visits = list(Visit.objects.filter(account=account).select_related("rep").prefetch_related("contacts")[:limit])
    complaints = list(Complaint.objects.filter(account=account).select_related("owner")[:limit])
    entries = [{"kind": "visit", "date": visit.visited_on, "object": visit} for visit in visits]
    entries += [{"kind": "complaint", "date": c.opened_at.date(), "object": c} for c in complaints]
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)[:limit]


def visit_form_contacts(account: Account) -> QuerySet[Contact]:
    """The account's current contacts, for the "contacts met" choice."""
    return Contact.objects.filter(account=account).current().order_by("name")


# --- Plans ----------------------------------------------------------------------------------


def plan_reps_for(user: User) -> QuerySet[User]:
    """Whose plans ``user`` may see: their own; their team's reps if a manager; everyone's if
    they see every account (credit approvers and admins)."""
    sellers = User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
    if user.sees_all_accounts:
        return sellers
    if user.is_manager:
        return sellers.filter(Q(team__manager=user) | Q(pk=user.pk))
    return User.objects.filter(pk=user.pk)


def plan_subject(user: User, rep_pk: int | None) -> User | None:
    """Whose plan ``user`` opens: the rep asked for, if ``user`` may see their plan (else 404);
    without one, their own plan if they sell, else (an admin, who has no plan of their own) the
    first seller they see by name — None only when there is nobody who sells."""
    reps = plan_reps_for(user)
    if rep_pk is not None:
        return get_object_or_404(reps, pk=rep_pk)
    if user.role in (Role.REP, Role.MANAGER):
        return user
    return reps.order_by("first_name", "last_name", "username").first()


def plan_rep_choices(user: User) -> list[User]:
    """The people whose plan ``user`` may switch to (the plan's rep picker), or none when it is
    only their own (a rep)."""
    if user.role == Role.REP:
        return []
    return list(
        plan_reps_for(user).only("pk", "username", "first_name", "last_name").order_by("first_name", "last_name")
    )


def plan_items_for(user: User) -> QuerySet[PlanItem]:
    """Plan items ``user`` may see and change: of the reps whose plans they see, on accounts they see."""
    return PlanItem.objects.visible_to(user).filter(rep__in=plan_reps_for(user).values("pk"))


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def containing(cls, day: datetime.date, kind: str) -> Period:
        if kind == "month":
            start = day.replace(day=1)
            following = (start + datetime.timedelta(days=32)).replace(day=1)
            return cls("month", start, following - datetime.timedelta(days=1))
        start = day - datetime.timedelta(days=day.weekday())
        return cls("week", start, start + datetime.timedelta(days=6))

    def previous(self) -> Period:
        return Period.containing(self.start - datetime.timedelta(days=1), self.kind)

    def next(self) -> Period:
        return Period.containing(self.end + datetime.timedelta(days=1), self.kind)


def plan_items(*, rep: User, period: Period) -> QuerySet[PlanItem]:
    """A rep's plan for the period, with each item's account and visit (one query)."""
    return (
        PlanItem.objects.filter(rep=rep, planned_on__range=(period.start, period.end))
        .select_related("account", "visit")
        .order_by("planned_on", "time_of_day", "account__name")
    )


def plannable_accounts(*, user: User, rep: User) -> QuerySet[Account]:
    """The accounts ``user`` may put on ``rep``'s plan: the rep's own, as far as ``user`` sees them."""
    return Account.objects.visible_to(user).filter(owner=rep).only("pk", "name", "code").order_by("name", "code")


PLAN_ACCOUNT_OPTIONS = 20


def plan_account_options(*, user: User, rep: User, search: str) -> list[tuple[str, str]]:
    """Up to PLAN_ACCOUNT_OPTIONS plannable accounts matching ``search``, as (code, name), for the
    plan's account picker. Never all of them: a rep may own thousands of accounts."""
    search = search.strip()
    if not search:
        return []
    matching = plannable_accounts(user=user, rep=rep).filter(search_filter(search))
    return list(matching.values_list("code", "name")[:PLAN_ACCOUNT_OPTIONS])


def calendar_feed_for(user: User):
    from .models import CalendarFeed

    return CalendarFeed.objects.filter(user=user).first()


def calendar_items(*, token: str, today: datetime.date):
    """The feed's owner and their plan around today (dropped visits left out), or (None, []) for
    an unknown or revoked token. Only accounts the owner still sees are published."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        return None, []
    window = Period("feed", today - datetime.timedelta(days=30), today + datetime.timedelta(days=120))
    items = (
        plan_items(rep=feed.user, period=window)
        .exclude(status=PlanStatus.DROPPED)
        .filter(account__in=Account.objects.visible_to(feed.user).values("pk"))
    )
    return feed.user, items


def completion_figures(items: QuerySet[PlanItem]) -> dict:
    """Planned (not dropped), done, dropped and the completion rate over ``items``, in one query."""
    figures = items.aggregate(
        planned=Count("pk", filter=~Q(status=PlanStatus.DROPPED)),
        done=Count("pk", filter=Q(status=PlanStatus.DONE)),
        dropped=Count("pk", filter=Q(status=PlanStatus.DROPPED)),
    )
    figures["rate"] = round(100 * figures["done"] / figures["planned"]) if figures["planned"] else None
    return figures


def team_plan(*, user: User, period: Period, today: datetime.date) -> list[User]:
    """The reps whose plans ``user`` sees, each with the period's completion and overdue accounts.

    One query whatever the number of reps, items and accounts: the period's plan items are
    joined on their (rep, planned date) index and counted with filters, and each rep's overdue
    accounts are a count on the stored schedule's (owner, next due) index — never a pass over
    the accounts (that join took ~10 ms a rep at 50 000 accounts).
    """
    # COUNT(*), not of a column: the count reads the index alone (an index-only scan).
    overdue = (
        VisitSchedule.objects.filter(owner=OuterRef("pk"), next_due__lt=today)
        .order_by()
        .values("owner")
        .annotate(total=Count("*"))
        .values("total")
    )
    in_period = FilteredRelation("plan_items", condition=Q(plan_items__planned_on__range=(period.start, period.end)))
    reps = (
        plan_reps_for(user)
        .filter(role=Role.REP)
        .select_related("team")
        .alias(period_items=in_period)
        .annotate(
            planned=Count("period_items", filter=~Q(period_items__status=PlanStatus.DROPPED)),
            done=Count("period_items", filter=Q(period_items__status=PlanStatus.DONE)),
            dropped=Count("period_items", filter=Q(period_items__status=PlanStatus.DROPPED)),
            overdue_accounts=Subquery(overdue[:1], output_field=IntegerField()),
        )
        .order_by("team__name", "last_name", "first_name", "username")
    )
    if settings.VISITS_CHECK_IN:
        reps = reps.annotate(**_check_in_compliance(period))
    reps = list(reps)
    for rep in reps:
        rep.completion = round(100 * rep.done / rep.planned) if rep.planned else None
        rep.overdue_accounts = rep.overdue_accounts or 0
        if settings.VISITS_CHECK_IN:
            rep.visits_logged, rep.visits_on_site = rep.visits_logged or 0, rep.visits_on_site or 0
            rep.check_in_rate = round(100 * rep.visits_on_site / rep.visits_logged) if rep.visits_logged else None
    return reps


def _check_in_compliance(period: Period) -> dict[str, Subquery]:
    """Check-in compliance per rep, as two counts on the visits' (rep, date) index: the visits
    the rep logged in ``period``, and those checked in within ``VISITS_CHECK_IN_RADIUS_M`` of
    the account's location (a visit without a check-in, or to an account with no location, is
    not on site)."""
    visits = Visit.objects.filter(rep=OuterRef("pk"), visited_on__range=(period.start, period.end)).order_by()
    on_site = visits.filter(check_in_distance_m__lte=settings.VISITS_CHECK_IN_RADIUS_M)

    def counted(queryset):
        totals = queryset.values("rep").annotate(total=Count("*")).values("total")
        return Subquery(totals[:1], output_field=IntegerField())

    return {"visits_logged": counted(visits), "visits_on_site": counted(on_site)}

"""Writes for visits: the visit log, plans, complaints and calendar feeds. Views call these."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, Lifecycle
from contacts.models import Contact
from users import events
from users.models import User
from users.notifications import notify

from .checkin import CheckIn, distance_m
from .models import (
    Cadence,
    CalendarFeed,
    Complaint,
    ComplaintOutcome,
    PlanItem,
    PlanStatus,
    Severity,
    TimeOfDay,
    Visit,
)
from .schedule import schedules_refresh
from .selectors import Period, with_cadence
from .workdays import LONGEST_BREAK_DAYS, WeekendCalendar, working_calendar

# A logged visit fulfils the rep's planned visit of the account within this many days of it.
PLAN_MATCH_DAYS = 7


@transaction.atomic
def visit_log(
    *,
    actor: User,
    account: Account,
    fields: dict,
    contacts: Iterable = (),
    plan_item: PlanItem | None = None,
    check_in: CheckIn | None = None,
) -> Visit:
    """Record a visit by ``actor``; mark the plan item it fulfils done; update the contacts met.

    The plan item is the one given, else the actor's open plan item for the account nearest
    in time within PLAN_MATCH_DAYS. The contacts' last-contact date only moves forward (one
    UPDATE). A check-in (the rep consented) is kept with its distance to the account's
    location, when the account has one. Callers have checked that ``actor`` may see the account.
    """
    contacts = list(contacts)
    if any(contact.account_id != account.pk for contact in contacts):
        raise ValidationError({"contacts": _("The contacts met must be this account's.")})
    visit = Visit(account=account, rep=actor, **fields, **_check_in_fields(check_in, account))
    visit.full_clean()
    visit.save()
    if contacts:
        visit.contacts.set(contacts)
        Contact.objects.filter(pk__in=[contact.pk for contact in contacts], account=account).update(
            # Coalesce first: a NULL makes GREATEST NULL on SQLite (PostgreSQL ignores it).
            last_contact_date=Greatest(Coalesce("last_contact_date", Value(visit.visited_on)), Value(visit.visited_on))
        )
    open_items = PlanItem.objects.select_for_update().filter(account=account, status=PlanStatus.PLANNED)
    if plan_item is not None:
        item = open_items.filter(pk=plan_item.pk).first()
    else:
        window = datetime.timedelta(days=PLAN_MATCH_DAYS)
        candidates = open_items.filter(
            rep=actor, planned_on__range=(visit.visited_on - window, visit.visited_on + window)
        ).order_by("planned_on")
        item = min(candidates, key=lambda candidate: abs(candidate.planned_on - visit.visited_on), default=None)
    if item is not None:
        item.status = PlanStatus.DONE
        item.visit = visit
        item.save(update_fields=["status", "visit"])
    schedules_refresh(Account.objects.filter(pk=account.pk))
    events.emit(
        "visit.logged",
        {
            "visit_id": visit.pk,
            "account": events.account_ref(account),
            "rep": actor.username,
            "visited_on": visit.visited_on,
            "purpose": visit.purpose,
            "next_follow_up": visit.next_follow_up,
            "plan_item_id": item.pk if item is not None else None,
        },
        account=account,
    )
    return visit


def _check_in_fields(check_in: CheckIn | None, account: Account) -> dict:
    if check_in is None:
        return {}
    located = account.latitude is not None and account.longitude is not None
    return {
        "check_in_latitude": check_in.latitude,
        "check_in_longitude": check_in.longitude,
        "check_in_accuracy_m": check_in.accuracy_m,
        "check_in_distance_m": distance_m(check_in.latitude, check_in.longitude, account.latitude, account.longitude)
        if located
        else None,
    }


@transaction.atomic
def account_locate_from_check_in(*, actor: User, visit: Visit) -> Account:
    """Record the account of ``visit`` as being where the visit checked in (the rep stood at
    the customer's door); the visit is then on site. Callers have checked CHANGE on the account."""
    if not visit.checked_in:
        raise ValidationError(_("This visit has no check-in to take the location from."))
    account = Account.objects.select_for_update().get(pk=visit.account_id)
    account.latitude, account.longitude = visit.check_in_latitude, visit.check_in_longitude
    account.save(update_fields=["latitude", "longitude", "updated_at"])
    Visit.objects.filter(pk=visit.pk).update(check_in_distance_m=0)
    return account


# --- Plans ----------------------------------------------------------------------------------


def _workday(day: datetime.date, period: Period, calendar: WeekendCalendar) -> datetime.date:
    """Move a day off (a weekend, a public holiday) to the nearest working day inside the
    period (the later one when two are as near), if there is one."""
    if calendar.is_working_day(day):
        return day
    for distance in range(1, LONGEST_BREAK_DAYS):
        for candidate in (day + datetime.timedelta(days=distance), day - datetime.timedelta(days=distance)):
            if period.start <= candidate <= period.end and calendar.is_working_day(candidate):
                return candidate
    return day


@transaction.atomic
def plan_suggest(*, rep: User, period: Period, today: datetime.date) -> int:
    """Add to ``rep``'s plan the visits their accounts' cadences call for in ``period``.

    Overdue accounts are spread over the workdays from today (or the period's start), most
    overdue first; the others are planned on their next due date; then every cadence interval
    until the period ends. No day gets more than ``settings.VISITS_PER_DAY`` visits (the rep's own
    count): a visit that finds its day full goes to the next workday with room, and one that
    finds none stays on the due list. Accounts that already have an item in the period are
    left as the rep arranged them. Returns how many items were added; running it again adds
    none (and the unique (account, day) constraint would refuse a duplicate anyway). Four
    queries and one INSERT, whatever the number of accounts.
    """
    accounts = list(
        with_cadence(Account.objects.filter(owner=rep).exclude(lifecycle=Lifecycle.LOST), today=today)
        .filter(next_due__isnull=False, next_due__lte=period.end, cadence_days__gt=0)
        .exclude(plan_items__planned_on__range=(period.start, period.end))
        .annotate(visit_count=_visit_count())
        .values("pk", "next_due", "cadence_days", "cadence_id", "visit_count")
    )
    cadences = {cadence.pk: cadence for cadence in Cadence.objects.all()}
    first_day = max(period.start, today)
    calendar = working_calendar()
    days = _PlanDays(rep=rep, period=period, first_day=first_day, calendar=calendar)
    overdue_rank = 0
    items = []
    for account in sorted(accounts, key=lambda account: (account["next_due"], account["pk"])):
        cadence = cadences.get(account["cadence_id"])
        if account["next_due"] < first_day:
            # Overdue accounts are spread over the coming workdays, most overdue first, rather
            # than all piled on the first day.
            day = days.catch_up[overdue_rank % len(days.catch_up)]
            overdue_rank += 1
        else:
            day = account["next_due"]
        occurrence = 0
        while day <= period.end:
            planned_on = days.take(_workday(day, period, calendar))
            if planned_on is None:
                break  # the rest of the period is full: the account stays on the due list
            occurrence += 1
            senior_every = cadence.senior_joins_every if cadence else 0
            items.append(
                PlanItem(
                    rep=rep,
                    account_id=account["pk"],
                    planned_on=planned_on,
                    time_of_day=cadence.preferred_time if cadence else TimeOfDay.ANY,
                    senior_should_join=bool(senior_every) and (account["visit_count"] + occurrence) % senior_every == 0,
                    suggested=True,
                )
            )
            day += datetime.timedelta(days=account["cadence_days"])
    created = PlanItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(created)


class _PlanDays:
    """The workdays of a plan period from ``first_day`` on, and the visits each still has room for."""

    def __init__(self, *, rep: User, period: Period, first_day: datetime.date, calendar: WeekendCalendar):
        self.period = period
        self.calendar = calendar
        self.capacity = settings.VISITS_PER_DAY
        self.catch_up = [
            day
            for offset in range(7)
            if (day := first_day + datetime.timedelta(days=offset)) <= period.end and calendar.is_working_day(day)
        ] or [first_day]
        planned = (
            PlanItem.objects.filter(rep=rep, planned_on__range=(period.start, period.end))
            .exclude(status=PlanStatus.DROPPED)
            .order_by()
            .values("planned_on")
            .annotate(total=Count("pk"))
        )
        self.load = {row["planned_on"]: row["total"] for row in planned}

    def take(self, day: datetime.date) -> datetime.date | None:
        """``day`` or the first later day of the period with room (a day off only when
        ``day`` is one), counted as taken; None when there is none."""
        while day <= self.period.end:
            if self.load.get(day, 0) < self.capacity:
                self.load[day] = self.load.get(day, 0) + 1
                return day
            day = self.calendar.next_working_day(day + datetime.timedelta(days=1))
        return None


def _visit_count():
    """How many visits the account has had, as a subquery (for the senior manager's turn)."""
    counts = Visit.objects.filter(account=OuterRef("pk")).order_by().values("account").annotate(total=Count("pk"))
    return Coalesce(Subquery(counts.values("total")[:1], output_field=IntegerField()), 0)


@transaction.atomic
def plan_add(*, actor: User, rep: User, account: Account, planned_on: datetime.date, time_of_day: str) -> PlanItem:
    """Plan a visit of ``account`` on ``planned_on`` for ``rep`` (who may be ``actor``)."""
    item = PlanItem(rep=rep, account=account, planned_on=planned_on, time_of_day=time_of_day)
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise ValidationError(_("This account already has a visit planned that day.")) from error
    return item


@transaction.atomic
def plan_move(*, actor: User, item: PlanItem, planned_on: datetime.date) -> PlanItem:
    """Move a planned (not done or dropped) visit to another day."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.status != PlanStatus.PLANNED:
        raise ValidationError(_("Only a planned visit can be moved."))
    item.planned_on = planned_on
    try:
        with transaction.atomic():
            item.save(update_fields=["planned_on"])
    except IntegrityError as error:
        raise ValidationError(_("This account already has a visit planned that day.")) from error
    return item


@transaction.atomic
def plan_drop(*, actor: User, item: PlanItem, reason: str) -> PlanItem:
    """Drop a planned visit, with the reason why (kept, and counted against completion)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the visit is dropped."))
    updated = PlanItem.objects.filter(pk=item.pk, status=PlanStatus.PLANNED).update(
        status=PlanStatus.DROPPED, drop_reason=reason[:255]
    )
    if not updated:
        raise ValidationError(_("Only a planned visit can be dropped."))
    item.refresh_from_db()
    return item


# --- Complaints -----------------------------------------------------------------------------


def plan_items_follow_moves(*, moves: Mapping[int, int], today: datetime.date | None = None) -> int:
    """Take accounts that changed owner out of their previous owners' plans from today on
    (``moves``: account id → previous owner id; accounts.changes calls it inside the owner
    change's transaction). Visits done, dropped or in the past stay as the record of what
    was. Returns how many planned visits were removed."""
    today = today or timezone.localdate()
    previous = Q()
    for account_id, owner_id in moves.items():
        previous |= Q(account_id=account_id, rep_id=owner_id)
    removed, _details = PlanItem.objects.filter(previous, planned_on__gte=today, status=PlanStatus.PLANNED).delete()
    return removed


@transaction.atomic
def complaint_open(*, actor: User, account: Account, fields: dict) -> Complaint:
    """Record a complaint on ``account``; its owner, who must be someone who sees the account,
    is told."""
    owner = fields.get("owner")
    if owner is not None and not Account.objects.visible_to(owner).filter(pk=account.pk).exists():
        raise ValidationError({"owner": _("The owner must be someone who may see this account.")})
    complaint = Complaint(account=account, opened_by=actor, opened_at=timezone.now(), **fields)
    complaint.full_clean()
    complaint.save()
    if complaint.owner_id != actor.pk:
        notify(
            recipients=[complaint.owner],
            key=f"visits:complaint:{complaint.pk}",
            subject=_("New complaint from %(account)s: %(subject)s"),
            body=_("Severity: %(severity)s. You are its owner."),
            params={
                "account": account.name,
                "subject": complaint.subject,
                "severity": Severity(complaint.severity).label,  # lazy: in the owner's language
            },
            link=complaint_link(complaint),
        )
    events.emit("complaint.opened", _complaint_payload(complaint), account=account)
    return complaint


def _complaint_payload(complaint: Complaint) -> dict:
    return {
        "complaint_id": complaint.pk,
        "account": events.account_ref(complaint.account),
        "subject": complaint.subject,
        "severity": complaint.severity,
        "owner": complaint.owner.username,
        "opened_at": complaint.opened_at,
        "resolved_at": complaint.resolved_at,
        "outcome": complaint.outcome or None,
    }


def complaint_link(complaint: Complaint) -> str:
    from django.urls import reverse

    return reverse("visits:complaint_detail", args=[complaint.pk])


@transaction.atomic
def complaint_resolve(*, actor: User, complaint: Complaint, satisfied: bool, resolution: str) -> Complaint:
    """Close a complaint. Its outcome follows from how it ended and how long it took.

    Resolved to the customer's satisfaction within settings.VISITS_QUICK_RESOLUTION_DAYS: "quickly and well";
    later: "well"; not to their satisfaction: "not resolved".
    """
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.resolved_at is not None:
        raise ValidationError(_("This complaint is already closed."))
    now = timezone.now()
    quick = datetime.timedelta(days=settings.VISITS_QUICK_RESOLUTION_DAYS)
    if not satisfied:
        outcome = ComplaintOutcome.UNRESOLVED
    elif now - complaint.opened_at <= quick:
        outcome = ComplaintOutcome.QUICK
    else:
        outcome = ComplaintOutcome.RESOLVED
    complaint.resolved_at = now
    complaint.outcome = outcome
    complaint.resolution = resolution
    complaint.full_clean()
    complaint.save(update_fields=["resolved_at", "outcome", "resolution"])
    events.emit("complaint.resolved", _complaint_payload(complaint), account=complaint.account)
    return complaint


# --- Calendar feed --------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_issue(*, user: User) -> CalendarFeed:
    """Give ``user`` a new private feed URL; any previous one stops working."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not _created:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed


def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke ``user``'s feed URL; returns whether there was one."""
    deleted, _details = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)

"""The daily follow-up reminders (跟进提醒): who must be told what today, each exactly once.

Each reminder names its event in the notification key (the visit, the account and the due
date it is overdue from, the contact and the birthday, the holiday). ``notify`` inserts one
row per (recipient, key) under a unique constraint, so a second run — the same day, or a
second beat at the same moment — finds every reminder already claimed and sends nothing.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Account, Lifecycle
from contacts.models import Contact
from credit.models import CreditReview, ReviewStatus
from users.models import Notification, Role, User
from users.notifications import notify

from .models import Holiday, Visit
from .selectors import with_cadence
from .workdays import NamedHoliday, care_holidays


@dataclass
class Reminder:
    recipients: list[User]
    key: str
    subject: object
    body: object
    params: dict
    link: str
    account_id: int | None = None  # when set, only recipients who may see the account are told


@dataclass
class Outcome:
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.sent.values())


class LocalizedName:
    """A holiday's name in whatever language is active when the message is rendered."""

    def __init__(self, holiday: Holiday | NamedHoliday):
        self.holiday = holiday

    def __str__(self) -> str:
        return self.holiday.localized_name


def reminders_send(*, today: datetime.date) -> Outcome:
    """Tell everyone today's reminders; safe to run any number of times, also concurrently."""
    outcome = Outcome()
    kinds = {
        "follow_up": _follow_ups(today),
        "overdue": _overdue_accounts(today),
        "birthday": _birthdays(today),
        "holiday": _holidays(today),
        "credit_review": _credit_reviews(today),
    }
    for kind, reminders in kinds.items():
        outcome.sent[kind] = 0
        reminders = list(reminders)
        visible = _visible_pairs(*_reminder_accounts(reminders))
        claimed = _already_claimed(reminders)
        for reminder in reminders:
            recipients = [
                user
                for user in reminder.recipients
                if (reminder.account_id is None or (user.pk, reminder.account_id) in visible)
                and (user.pk, reminder.key) not in claimed
            ]
            if not recipients:
                continue
            created = notify(
                recipients=recipients,
                key=reminder.key,
                subject=reminder.subject,
                body=reminder.body,
                params=reminder.params,
                link=reminder.link,
            )
            outcome.sent[kind] += len(created)
    return outcome


def _already_claimed(reminders: list[Reminder], chunk: int = 1000) -> set[tuple[int, str]]:
    """(recipient, key) pairs already notified, read in a few queries so that a second run of the
    day does not try (and fail) one INSERT per reminder. Only a shortcut: a reminder claimed in
    between is still refused by the unique constraint inside notify()."""
    keys = [reminder.key for reminder in reminders]
    claimed = set()
    for start in range(0, len(keys), chunk):
        claimed.update(
            Notification.objects.filter(key__in=keys[start : start + chunk]).values_list("recipient_id", "key")
        )
    return claimed


def _reminder_accounts(reminders: list[Reminder]) -> tuple[dict[int, set[int]], dict[int, User]]:
    """The accounts each recipient of ``reminders`` is told about, and the recipients by id."""
    accounts_by_user: dict[int, set[int]] = defaultdict(set)
    users: dict[int, User] = {}
    for reminder in reminders:
        if reminder.account_id is None:
            continue
        for user in reminder.recipients:
            users[user.pk] = user
            accounts_by_user[user.pk].add(reminder.account_id)
    return accounts_by_user, users


def _visible_pairs(accounts_by_user: dict[int, set[int]], users: dict[int, User]) -> set[tuple[int, int]]:
    """(user, account) pairs where the user may see the account, through the one visibility rule.

    One query per distinct user (people, not rows), over just the accounts concerned.
    """
    pairs = set()
    for user_pk, account_ids in accounts_by_user.items():
        seen = Account.objects.visible_to(users[user_pk]).filter(pk__in=account_ids).values_list("pk", flat=True)
        pairs.update((user_pk, account_pk) for account_pk in seen)
    return pairs


def _account_link(account_id: int) -> str:
    return reverse("accounts:detail", args=[account_id])


def open_follow_ups(visits: QuerySet[Visit], *, until: datetime.date, today: datetime.date) -> QuerySet[Visit]:
    """The visits of ``visits`` whose follow-up date has come by ``until`` (no earlier than the
    grace period before ``today``) and that no later visit to the account has met: what the
    reminders tell and the rep's home lists."""
    grace = settings.VISITS_FOLLOW_UP_GRACE_DAYS
    later_visit = Visit.objects.filter(
        account=OuterRef("account"), visited_on__gt=OuterRef("visited_on"), visited_on__lte=today
    )
    since = today - datetime.timedelta(days=grace)
    return visits.filter(next_follow_up__range=(since, until)).exclude(Exists(later_visit))


def _follow_ups(today: datetime.date):
    """Follow-up dates that have come (within a grace period) and no later visit has met."""
    visits = (
        open_follow_ups(Visit.objects.filter(rep__is_active=True), until=today, today=today)
        .select_related("account", "rep")
        .order_by("next_follow_up", "pk")
    )
    for visit in visits:
        yield Reminder(
            recipients=[visit.rep],
            key=f"visits:follow-up:{visit.pk}",
            subject=_("Follow-up due: %(account)s"),
            body=_("Your follow-up with %(account)s is due on %(date)s. Next step: %(step)s"),
            params={"account": visit.account.name, "date": visit.next_follow_up.isoformat(), "step": visit.next_step},
            link=_account_link(visit.account_id),
            account_id=visit.account_id,
        )


def _overdue_accounts(today: datetime.date):
    """Accounts overdue for a visit by their cadence; once per overdue spell (keyed by due date)."""
    accounts = (
        with_cadence(Account.objects.exclude(lifecycle=Lifecycle.LOST), today=today)
        .filter(is_overdue=True, owner__is_active=True)
        .select_related("owner")
        .order_by("next_due", "pk")
    )
    for account in accounts:
        yield Reminder(
            recipients=[account.owner],
            key=f"visits:overdue:{account.pk}:{account.next_due.isoformat()}",
            subject=_("Visit overdue: %(account)s"),
            body=_("%(account)s was due for a visit on %(date)s."),
            params={"account": account.name, "date": account.next_due.isoformat()},
            link=_account_link(account.pk),
            account_id=account.pk,
        )


def _birthdays(today: datetime.date):
    """Contacts whose birthday falls in the coming days: a care call or visit (生日祝贺)."""
    days = settings.VISITS_BIRTHDAY_LOOKAHEAD_DAYS
    coming = [today + datetime.timedelta(days=offset) for offset in range(days + 1)]
    by_month_day = {(day.month, day.day): day for day in coming}
    for day in coming:
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            by_month_day[(2, 29)] = day  # born on 29 February: celebrated on the 28th
    on_a_coming_day = Q()
    for month, day_of_month in by_month_day:
        on_a_coming_day |= Q(birthday__month=month, birthday__day=day_of_month)
    contacts = (
        Contact.objects.current()
        .filter(on_a_coming_day)
        .exclude(account__lifecycle=Lifecycle.LOST)
        .select_related("account", "account__owner", "relationship_owner")
        .order_by("pk")
    )
    for contact in contacts:
        occurs_on = by_month_day[(contact.birthday.month, contact.birthday.day)]
        recipients = [contact.account.owner, contact.relationship_owner]
        yield Reminder(
            recipients=[user for user in recipients if user is not None and user.is_active],
            key=f"visits:birthday:{contact.pk}:{occurs_on.isoformat()}",
            subject=_("Birthday on %(date)s: %(contact)s (%(account)s)"),
            body=_("%(contact)s of %(account)s has a birthday on %(date)s: a good day for a greeting."),
            params={"contact": contact.name, "account": contact.account.name, "date": occurs_on.isoformat()},
            link=_account_link(contact.account_id),
            account_id=contact.account_id,
        )


def _holidays(today: datetime.date):
    """Holidays coming up (节日问候): the configured ones, each its own days before, and the
    working calendar's care holidays (春节, 中秋, …) ``VISITS_CARE_REMINDER_DAYS`` before. Each
    seller is told once per holiday, with the contacts they look after (relationship owner)
    on the accounts they may see."""
    horizon = today + datetime.timedelta(days=settings.VISITS_CARE_REMINDER_DAYS)
    coming = {holiday.date: holiday for holiday in care_holidays(start=today, end=horizon)}
    for holiday in Holiday.objects.filter(date__gte=today, date__lte=today + datetime.timedelta(days=366)):
        if holiday.date - datetime.timedelta(days=holiday.remind_days_before) <= today:
            coming[holiday.date] = holiday  # the configured names win over the calendar's
    if not coming:
        return
    greet = _contacts_to_greet()
    sellers = User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
    sellers = list(sellers.filter(Q(owned_accounts__isnull=False) | Q(pk__in=list(greet))).distinct().order_by("pk"))
    for date, holiday in sorted(coming.items()):
        for seller in sellers:
            contacts = greet.get(seller.pk)
            yield Reminder(
                recipients=[seller],
                key=f"visits:holiday:{date.isoformat()}",
                subject=_("%(holiday)s on %(date)s: plan your care visits"),
                body=_("%(holiday)s is on %(date)s. Greet the contacts you look after: %(contacts)s")
                if contacts
                else _("%(holiday)s is on %(date)s. Plan greetings and care visits for your key accounts."),
                params={"holiday": LocalizedName(holiday), "date": date.isoformat(), "contacts": contacts or ""},
                link=reverse("visits:plan"),
            )


class ContactList:
    """The contacts a rep greets, as a line in the language active when it is rendered."""

    SHOWN = 30

    def __init__(self, names: list[str]):
        self.names = names

    def __str__(self) -> str:
        shown = ", ".join(self.names[: self.SHOWN])
        more = len(self.names) - self.SHOWN
        if more <= 0:
            return shown
        return shown + " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}

    def __bool__(self) -> bool:
        return bool(self.names)


def _contacts_to_greet() -> dict[int, ContactList]:
    """Each active seller's current contacts (they are the relationship owner) on accounts
    not lost that they may see: one query for the contacts, one per seller for visibility."""
    contacts = (
        Contact.objects.current()
        .filter(relationship_owner__is_active=True, relationship_owner__role__in=[Role.REP, Role.MANAGER])
        .exclude(account__lifecycle=Lifecycle.LOST)
        .select_related("account", "relationship_owner")
        .order_by("account__name", "name", "pk")
    )
    by_owner: dict[int, list[Contact]] = defaultdict(list)
    users: dict[int, User] = {}
    for contact in contacts:
        by_owner[contact.relationship_owner_id].append(contact)
        users[contact.relationship_owner_id] = contact.relationship_owner
    visible = _visible_pairs({pk: {c.account_id for c in owned} for pk, owned in by_owner.items()}, users)
    greet = {}
    for pk, owned in by_owner.items():
        names = [f"{c.name} ({c.account.name})" for c in owned if (pk, c.account_id) in visible]
        if names:
            greet[pk] = ContactList(names)
    return greet


def _credit_reviews(today: datetime.date):
    """Credit reviews (再度调查) still open a week after credit opened them: the owner is told
    again, once per review (credit told them when it opened it)."""
    days = settings.VISITS_CREDIT_REVIEW_REMINDER_DAYS
    reviews = (
        CreditReview.objects.filter(
            status=ReviewStatus.OPEN,
            opened_on__lte=today - datetime.timedelta(days=days),
            account__owner__is_active=True,
        )
        .select_related("account", "account__owner")
        .order_by("opened_on", "pk")
    )
    for review in reviews:
        yield Reminder(
            recipients=[review.account.owner],
            key=f"visits:credit-review:{review.pk}",
            subject=_("Credit review due: %(account)s"),
            body=_("The credit review of %(account)s opened on %(date)s is still open: investigate its credit again."),
            params={"account": review.account.name, "date": review.opened_on.isoformat()},
            link=_account_link(review.account_id),
            account_id=review.account_id,
        )

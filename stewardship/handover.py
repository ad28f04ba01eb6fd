"""Hand-over (交接): one rep's accounts, and the work on them, given to another rep at once.

:func:`hand_over` moves, in one transaction and a fixed number of statements whatever the
number of accounts: the accounts themselves (their owner, one history row each, as an owner
change in the account form writes), the open opportunities the old owner holds on them,
their future planned visits in the old owner's plan, and the old owner's open tasks on them.
A hand-over of the whole book (no tier or code named: the rep is leaving or changing job)
also gives the successor the old owner's open work on accounts they do not own (a team
account of a colleague's), and their place on those account teams, wherever the person
handing over may reassign: nothing of the leaving rep's is left without someone.
The figures kept per owner and the plans follow through ``accounts.changes.owners_changed``,
as for every owner change; both reps and their managers are told.

Who may: an admin, for anyone who sells; a manager, from and to the people of the teams they
manage (``accounts.visibility``'s REASSIGN, asked of the accounts themselves). Nobody else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import changes
from accounts.models import Account, AccountTeamMember
from accounts.visibility import REASSIGN
from deals.models import Opportunity
from tasks.models import Task
from users.models import User
from users.notifications import notify
from users.selectors import assignable_owners
from visits.models import PlanItem, PlanStatus

HISTORY_CHUNK = 900  # accounts per history statement


@dataclass(frozen=True)
class Scope:
    """Which of ``source``'s accounts: all, or those of some ABC tiers, or those of some codes."""

    source: User
    tiers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    def accounts(self, actor: User):
        accounts = Account.objects.restrict(actor, REASSIGN).filter(owner=self.source)
        if self.tiers:
            accounts = accounts.filter(standing__abc_tier__in=self.tiers)
        if self.codes:
            accounts = accounts.filter(code__in=self.codes)
        return accounts

    @property
    def whole_book(self) -> bool:
        return not self.tiers and not self.codes

    def work_accounts(self, actor: User, account_ids):
        """Where ``source``'s open work moves: the accounts handed over, or for the whole book
        every account ``actor`` may reassign (a subquery)."""
        return Account.objects.restrict(actor, REASSIGN) if self.whole_book else account_ids

    def describe(self) -> str:
        parts = []
        if self.tiers:
            parts.append("tiers " + ",".join(self.tiers))
        if self.codes:
            parts.append("codes " + ",".join(self.codes))
        return ("; ".join(parts) or "all")[:500]


@dataclass(frozen=True)
class Preview:
    accounts: int
    opportunities: int
    plan_items: int
    tasks: int


def _work(account_ids, source: User, *, today: datetime.date):
    """The open work of ``source`` on these accounts (ids or a subquery; querysets: each
    counted or moved in one statement)."""
    return (
        Opportunity.objects.open().filter(account__in=account_ids, owner=source),
        PlanItem.objects.filter(account__in=account_ids, rep=source, status=PlanStatus.PLANNED, planned_on__gte=today),
        Task.objects.filter(account__in=account_ids, owner=source, done_at__isnull=True),
    )


def hand_over_preview(*, actor: User, scope: Scope, today: datetime.date | None = None) -> Preview:
    """What :func:`hand_over` would move (four counts)."""
    today = today or timezone.localdate()
    account_ids = scope.accounts(actor).values("pk")
    opportunities, plan_items, tasks = _work(scope.work_accounts(actor, account_ids), scope.source, today=today)
    return Preview(
        accounts=scope.accounts(actor).count(),
        opportunities=opportunities.count(),
        plan_items=plan_items.count(),
        tasks=tasks.count(),
    )


def may_hand_over(actor: User, source: User) -> bool:
    """An admin from anyone; a manager from the people of the teams they manage."""
    from users.permissions import is_admin

    if not actor.is_authenticated or not actor.is_active:
        return False
    if is_admin(actor):
        return True
    return actor.is_manager and source.team_id is not None and source.team.manager_id == actor.pk


@transaction.atomic
def hand_over(*, actor: User, scope: Scope, to_user: User, today: datetime.date | None = None, record=None):
    """Give ``scope``'s accounts and ``scope.source``'s open work on them to ``to_user``.

    ``record``, a pending :class:`HandOver` that a worker has claimed (:func:`hand_over_run`),
    is filled in and marked done instead of a new record being created.

    Refused (PermissionDenied) unless ``actor`` may hand over from the source and assign to
    ``to_user``; refused (ValidationError) when nothing matches or the two are one person.
    The accounts are locked first, so an edit in between waits. A fixed number of queries
    (about twenty), whatever the number of accounts.
    """
    from .models import HandOver, HandOverStatus

    source = scope.source
    today = today or timezone.localdate()
    if not may_hand_over(actor, source) or not assignable_owners(actor).filter(pk=to_user.pk).exists():
        raise PermissionDenied
    if to_user.pk == source.pk:
        raise ValidationError(_("Hand the accounts to someone else."))
    account_ids = list(scope.accounts(actor).select_for_update(of=("self",)).values_list("pk", flat=True))
    if not account_ids:
        raise ValidationError(_("No account of %(name)s matches.") % {"name": source})
    opportunities, plan_items, tasks = _work(scope.work_accounts(actor, account_ids), source, today=today)
    moved = {
        "opportunities": opportunities.update(owner=to_user),
        "plan_items": plan_items.update(rep=to_user),
        # The new owner is reminded of a task again: it has not been reminded to them.
        "tasks": tasks.update(owner=to_user, reminded_for=None),
    }
    now = timezone.now()
    Account.objects.filter(pk__in=account_ids).update(owner=to_user, basic_updated_at=now, updated_at=now)
    _write_history(account_ids, actor=actor, date=now, reason=f"hand-over from {source.username} to {to_user.username}")
    # The owner is not on their own account team (as accounts.services keeps it).
    AccountTeamMember.objects.filter(account__in=account_ids, user=to_user).delete()
    if scope.whole_book:
        _take_team_places(source=source, to_user=to_user, accounts=Account.objects.restrict(actor, REASSIGN))
    changes.owners_changed(moves=dict.fromkeys(account_ids, source.pk), actor=actor)
    if record is None:
        record = HandOver.objects.create(
            actor=actor, from_user=source, to_user=to_user, scope=scope.describe(), accounts=len(account_ids), **moved
        )
    else:
        record.status, record.accounts = HandOverStatus.DONE, len(account_ids)
        for name, value in moved.items():
            setattr(record, name, value)
        record.save(update_fields=["status", "accounts", *moved])
    _tell(record, source=source, to_user=to_user)
    return record


def _take_team_places(*, source: User, to_user: User, accounts) -> None:
    """``to_user`` takes ``source``'s place on the account teams of ``accounts`` (two
    statements), except where they own the account or are on its team already."""
    places = AccountTeamMember.objects.filter(user=source, account__in=accounts)
    already = AccountTeamMember.objects.filter(account=OuterRef("account"), user=to_user)
    places.filter(Q(account__owner=to_user) | Exists(already)).delete()
    places.update(user=to_user)


def hand_over_request(*, actor: User, scope: Scope, to_user: User):
    """Record a pending hand-over of ``scope`` to ``to_user`` and have a worker run it once
    this transaction commits (:func:`hand_over_run`). The same checks as :func:`hand_over`
    are made now, so the person asking hears of a refusal at once."""
    from users.background import enqueue_on_commit

    from .models import HandOver, HandOverStatus
    from .tasks import run_handover

    if not may_hand_over(actor, scope.source) or not assignable_owners(actor).filter(pk=to_user.pk).exists():
        raise PermissionDenied
    if to_user.pk == scope.source.pk:
        raise ValidationError(_("Hand the accounts to someone else."))
    record = HandOver.objects.create(
        actor=actor,
        from_user=scope.source,
        to_user=to_user,
        scope=scope.describe(),
        status=HandOverStatus.PENDING,
        tiers=list(scope.tiers),
        codes=list(scope.codes),
    )
    enqueue_on_commit(run_handover, record.pk)
    return record


def hand_over_run(*, handover_pk: int) -> bool:
    """Run a pending hand-over; False when it is not pending (done, failed, or another
    delivery of the task has it).

    The claim, a conditional UPDATE pending → running, is in the hand-over's own transaction:
    a second delivery waits on the row, then finds it no longer pending and does nothing; a
    worker lost half-way rolls back to pending, so the retry does it, once."""
    from .models import HandOver, HandOverStatus

    try:
        with transaction.atomic():
            if not HandOver.objects.filter(pk=handover_pk, status=HandOverStatus.PENDING).update(
                status=HandOverStatus.RUNNING
            ):
                return False
            record = HandOver.objects.select_related("actor", "from_user", "to_user").get(pk=handover_pk)
            scope = Scope(source=record.from_user, tiers=tuple(record.tiers), codes=tuple(record.codes))
            hand_over(actor=record.actor, scope=scope, to_user=record.to_user, record=record)
    except (ValidationError, PermissionDenied) as error:
        actor = HandOver.objects.select_related("actor").get(pk=handover_pk).actor
        with translation.override(actor.language):
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else _("Not allowed.")
        HandOver.objects.filter(pk=handover_pk, status=HandOverStatus.PENDING).update(
            status=HandOverStatus.FAILED, error=reason
        )
    return True


def hand_over_pending_sweep(*, older_than_seconds: int = 60) -> int:
    """Hand to a worker again the hand-overs pending for over ``older_than_seconds`` (their
    hand-off was lost: the broker was down). Safe to repeat: :func:`hand_over_run` claims a
    hand-over once however often it is delivered. Returns how many were handed over."""
    from users.background import enqueue

    from .models import HandOver, HandOverStatus
    from .tasks import run_handover

    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = HandOver.objects.filter(status=HandOverStatus.PENDING, created_at__lt=cutoff).values_list("pk", flat=True)
    return sum(enqueue(run_handover, pk) for pk in waiting)


def _write_history(account_ids: list[int], *, actor: User, date, reason: str) -> None:
    """One history row per account, as the account form's save writes it ("~", who, why).

    Raw, because the ORM has no INSERT … SELECT: ``bulk_history_create`` would read every
    account and insert them in as many statements as the database's parameter limit asks
    (one per 19 accounts on SQLite), this is one statement for any number. The columns are
    read from the two models, so a field added to the account is copied with the others."""
    history = Account.history.model
    columns = [field.column for field in Account._meta.concrete_fields]
    assert all(history._meta.get_field(field.name).column == field.column for field in Account._meta.concrete_fields)
    quote = connection.ops.quote_name
    # Identifiers from the models' own metadata; every value a parameter.
    statement = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
        f"({', '.join(map(quote, columns))}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {', '.join(map(quote, columns))}, %s, %s, '~', %s FROM {quote(Account._meta.db_table)} "
        f"WHERE {quote('id')} IN ({{ids}})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(account_ids), HISTORY_CHUNK):  # under SQLite's 999 parameters
            chunk = account_ids[start : start + HISTORY_CHUNK]
            cursor.execute(
                statement.format(ids=", ".join(["%s"] * len(chunk))),
                [date, reason, actor.pk if actor is not None else None, *chunk],
            )


HANDED_OVER = gettext_lazy("%(count)s accounts handed over from %(from)s to %(to)s")
HANDED_OVER_BODY = gettext_lazy(
    "With them: %(opportunities)s open opportunities, %(plan_items)s planned visits, %(tasks)s open tasks."
)


def _tell(record, *, source: User, to_user: User) -> None:
    managers = User.objects.filter(Q(managed_teams__members=source) | Q(managed_teams__members=to_user)).distinct()
    notify(
        recipients=[source, to_user, *managers],
        key=f"stewardship:handover:{record.pk}",
        subject=HANDED_OVER,
        body=HANDED_OVER_BODY,
        params={
            "count": record.accounts,
            "from": str(source),
            "to": str(to_user),
            "opportunities": record.opportunities,
            "plan_items": record.plan_items,
            "tasks": record.tasks,
        },
        link=reverse("accounts:list") + f"?owner={to_user.pk}",
    )

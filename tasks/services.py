"""Writes on tasks: create, edit, complete, make one of a visit's next step, remind once."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.visibility import CHANGE, may
from users.notifications import notify

from .models import Task

EDITABLE = ("title", "due_on", "owner", "contact", "opportunity")
# A next step without a follow-up date is due this many days after the visit.
NEXT_STEP_DAYS = 7


def _check(task: Task) -> None:
    for name in ("contact", "opportunity", "visit"):
        linked = getattr(task, name)
        if linked is not None and linked.account_id != task.account_id:
            raise ValidationError({name: _("It belongs to another account.")})
    task.full_clean()


@transaction.atomic
def task_create(*, actor, account, title: str, due_on: datetime.date, owner, contact=None, opportunity=None) -> Task:
    """A task on ``account``, for those who may change the account; what it links to must be
    the account's own."""
    if not may(actor, CHANGE, account):
        raise PermissionDenied
    task = Task(
        account=account,
        title=title,
        due_on=due_on,
        owner=owner,
        contact=contact,
        opportunity=opportunity,
        created_by=actor,
    )
    _check(task)
    task.save()
    return task


@transaction.atomic
def task_update(*, actor, task: Task, **changes) -> Task:
    locked = Task.objects.select_for_update().select_related("account").get(pk=task.pk)
    if not may(actor, CHANGE, locked.account):
        raise PermissionDenied
    fields = [name for name in EDITABLE if name in changes]
    for name in fields:
        setattr(locked, name, changes[name])
    _check(locked)
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def task_complete(*, actor, task: Task) -> bool:
    """Mark ``task`` done; False when it already was (the conditional UPDATE decides)."""
    if not may(actor, CHANGE, task.account):
        raise PermissionDenied
    return bool(Task.objects.filter(pk=task.pk, done_at__isnull=True).update(done_at=timezone.now(), done_by=actor))


@transaction.atomic
def task_from_visit(*, actor, visit) -> Task:
    """The task carrying ``visit``'s next step, made once: due on its follow-up date (or a
    week after the visit), owned by the rep who visited while they are active."""
    existing = Task.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    if not may(actor, CHANGE, visit.account):
        raise PermissionDenied
    task = Task(
        account=visit.account,
        visit=visit,
        title=visit.next_step or str(_("Follow up the visit")),
        due_on=visit.next_follow_up or visit.visited_on + datetime.timedelta(days=NEXT_STEP_DAYS),
        owner=visit.rep if visit.rep.is_active else actor,
        created_by=actor,
    )
    _check(task)
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:  # made meanwhile by another request: the constraint decides
        return Task.objects.get(visit=visit)
    return task


def task_reminders_send(*, today: datetime.date) -> int:
    """Remind each owner once of every open task due by ``today``.

    A task is claimed by a conditional UPDATE of ``reminded_for`` to its due date, so two
    workers or two runs never remind twice; ``notify``'s key (task and due date) is the
    second guard. A task whose due date moves is reminded again for the new date.
    """
    sent = 0
    due = Task.objects.open().filter(due_on__lte=today).exclude(reminded_for=F("due_on"))
    for task in due.select_related("account", "owner").iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Task.objects.filter(pk=task.pk, due_on=task.due_on, done_at__isnull=True)
                .exclude(reminded_for=F("due_on"))
                .update(reminded_for=F("due_on"))
            )
            if not claimed:
                continue
            notify(
                recipients=[task.owner],
                key=f"task:{task.pk}:{task.due_on.isoformat()}",
                subject=_("Task due: %(title)s"),
                body=_("%(title)s, for %(account)s, is due on %(due)s."),
                params={"title": task.title, "account": task.account.name, "due": task.due_on.isoformat()},
                link=reverse("tasks:mine"),
            )
            sent += 1
    return sent

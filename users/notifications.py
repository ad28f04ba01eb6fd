"""The one way every app tells a person something: in the app and by e-mail, exactly once.

Callers describe the message with lazy translations (``gettext_lazy``) so that each
recipient gets it in their own language::

    notify(
        recipients=[account.owner, manager],
        key=f"scoring:downgrade:{run.pk}:{account.pk}",
        subject=_("%(account)s dropped to tier %(tier)s"),
        body=_("…"),
        params={"account": account.name, "tier": "B"},
        link=account.get_absolute_url(),
    )
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from . import tasks
from .background import enqueue_on_commit
from .models import Notification, User

logger = logging.getLogger(__name__)

# Line breaks and other control characters: a header that holds them is refused by the mail
# library (or, worse, read as more headers).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")
# An e-mail that cannot be sent as it stands: a header the mail library refuses (BadHeaderError
# and UnicodeError are ValueErrors), an address the server refuses. Marked failed.
UNSENDABLE = (ValueError, smtplib.SMTPRecipientsRefused)
# A mail server that does not answer (every SMTPException is an OSError): tried again later.
TRANSIENT_ERRORS = (OSError,)


def one_line(text: str) -> str:
    """``text`` fit for a mail header: control characters (CR, LF…) become one space."""
    return CONTROL_CHARACTERS.sub(" ", text).strip()


def notify(
    *,
    recipients: Iterable[User],
    key: str,
    subject,
    body="",
    params: dict | None = None,
    link: str = "",
) -> list[Notification]:
    """Create one notification per recipient for the event ``key`` and e-mail it after commit.

    Recipients already notified of ``key`` are skipped (the unique constraint decides, so
    concurrent callers cannot both win). Returns the notifications created by this call.
    A notification concerns a few people, so one INSERT each is fine.
    """
    params = params or {}
    unique_recipients = {user.pk: user for user in recipients if user is not None and user.is_active}
    created = []
    for recipient in unique_recipients.values():
        notification = _render(recipient, key=key, subject=subject, body=body, params=params, link=link)
        try:
            with transaction.atomic():  # a savepoint, so a duplicate leaves the caller's transaction usable
                notification.save()
        except IntegrityError:
            continue  # this person already has this event: the constraint, not a check, decides
        enqueue_on_commit(tasks.send_notification_email, notification.pk)
        created.append(notification)
    _queue_channels([notification.pk for notification in created])
    return created


@dataclass(frozen=True)
class Notice:
    """One person to tell of one event: what :func:`notify` takes, for a single recipient."""

    recipient: User
    key: str
    subject: object
    body: object = ""
    params: dict = field(default_factory=dict)
    link: str = ""


# E-mails handed to one task: a worker sends a batch while the next is queued.
EMAIL_BATCH = 200


def notify_many(notices: Iterable[Notice]) -> list[Notification]:
    """:func:`notify` for many events at once: one INSERT per 500 notices, and their e-mails
    queued after commit in batches, instead of a savepoint, an INSERT and a task each.

    For callers that have already left out who was told (a rerun must not come here with
    every notice again): the unique constraint still decides. Should any notice exist by the
    time of the INSERT, the batch is rolled back to its savepoint and each notice goes
    through :func:`notify`, which skips it. Returns the notifications created.
    """
    unique = {(n.recipient.pk, n.key): n for n in notices if n.recipient is not None and n.recipient.is_active}
    if not unique:
        return []
    by_language = defaultdict(list)
    for notice in unique.values():
        by_language[notice.recipient.language].append(notice)
    rows = []
    for language, group in by_language.items():  # switching the language per row costs more than the rest
        with translation.override(language):
            rows += [_message(n.recipient, key=n.key, subject=n.subject, body=n.body, params=n.params, link=n.link)
                     for n in group]  # fmt: skip
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:
        return [
            notification
            for n in unique.values()
            for notification in notify(
                recipients=[n.recipient], key=n.key, subject=n.subject, body=n.body, params=n.params, link=n.link
            )
        ]
    for start in range(0, len(created), EMAIL_BATCH):
        enqueue_on_commit(tasks.send_notification_emails, [n.pk for n in created[start : start + EMAIL_BATCH]])
    _queue_channels([notification.pk for notification in created])
    return created


# Other ways of telling a person (chat robots…), provided by apps above ``users``: each is a
# task taking a list of notification ids, queued after commit beside the e-mail. The task
# decides who listens there and sends once per notification (its own unique key).
_channels: dict[str, object] = {}


def register_channel(name: str, task) -> None:
    _channels[name] = task


def _queue_channels(notification_pks: list[int]) -> None:
    for task in _channels.values():
        for start in range(0, len(notification_pks), EMAIL_BATCH):
            enqueue_on_commit(task, notification_pks[start : start + EMAIL_BATCH])


def send_notification_email(notification_pk: int) -> bool:
    """E-mail one notification unless it was e-mailed already (claimed by conditional UPDATE).

    A mail server that does not answer gives the claim back and raises, so the next sweep
    tries again; an e-mail that cannot be sent as it stands is marked failed with the reason
    (returns False) and never tried again.
    """
    claimed = Notification.objects.filter(
        pk=notification_pk, emailed_at__isnull=True, email_failed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_pk)
    recipient = notification.recipient
    if recipient.email:
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.link}"
        try:
            send_mail(one_line(notification.subject), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except UNSENDABLE as error:
            Notification.objects.filter(pk=notification_pk).update(
                emailed_at=None, email_failed_at=timezone.now(), email_error=f"{type(error).__name__}: {error}"[:500]
            )
            logger.warning("Notification %s cannot be e-mailed: %s", notification_pk, error)
            return False
        except TRANSIENT_ERRORS:
            Notification.objects.filter(pk=notification_pk).update(emailed_at=None)  # for the next sweep
            raise
    return True


def send_pending_emails(*, older_than_seconds: int = 60) -> int:
    """E-mail the notifications whose e-mail was never sent (the queue was down, or a worker
    died): the sweep that makes a broker outage recoverable. Each is claimed as it is sent,
    so a sweep running beside a worker never sends one twice; one that cannot be sent is
    marked failed and the sweep goes on; a mail server that stops answering ends it, for
    the next sweep to go on from there. Returns how many were sent."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending = Notification.objects.filter(
        emailed_at__isnull=True, email_failed_at__isnull=True, created_at__lt=cutoff
    ).order_by("created_at", "pk")
    sent = 0
    for pk in pending.values_list("pk", flat=True)[:500]:
        try:
            sent += send_notification_email(pk)
        except TRANSIENT_ERRORS as error:
            logger.warning("Mail server unavailable, pending e-mails wait for the next sweep: %s", error)
            break
    return sent


def _render(recipient: User, *, key: str, subject, body, params: dict, link: str) -> Notification:
    with translation.override(recipient.language):
        return _message(recipient, key=key, subject=subject, body=body, params=params, link=link)


def _message(recipient: User, *, key: str, subject, body, params: dict, link: str) -> Notification:
    """The notification in the active language."""
    return Notification(
        recipient=recipient,
        key=key,
        subject=one_line(str(subject) % params if params else str(subject))[:200],
        body=(str(body) % params if params else str(body)) if body else "",
        link=link,
        language=translation.get_language() or "",
    )


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ones); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def mark_done(*, key_prefix: str) -> int:
    """Mark read, for everyone, the unread notifications of the events under ``key_prefix``:
    the action they announced has been taken (a request decided), so no bell should still
    call anyone to it. Returns how many changed."""
    unread = Notification.objects.filter(read_at__isnull=True, key__startswith=key_prefix)
    return unread.update(read_at=timezone.now())


def open_notification(*, user: User, pk: int) -> Notification:
    """The user's notification ``pk``, marked read (they are following its link); 404 when it
    is not theirs."""
    notification = get_object_or_404(Notification, recipient=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification

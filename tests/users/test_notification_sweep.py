"""The pending-e-mail sweep is the recovery path after a broker outage: one notification it
cannot send must not stop it, and no subject or header carries a line break."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tests.factories import UserFactory
from users import notifications
from users.models import Notification
from users.notifications import notify, send_pending_emails


def pending(recipient, subject: str, minutes_ago: int) -> Notification:
    notification = Notification.objects.create(recipient=recipient, key=f"test:{subject}", subject=subject)
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Notification.objects.filter(pk=notification.pk).update(created_at=created)
    return notification


def test_a_notification_that_cannot_be_sent_is_marked_failed_and_the_sweep_goes_on(rep):
    broken = UserFactory(email="broken\r\nBcc: victim@example.com")
    older = pending(rep, "Older", minutes_ago=30)
    unsendable = pending(broken, "Unsendable", minutes_ago=20)
    newer = pending(rep, "Newer", minutes_ago=10)

    assert send_pending_emails() == 2

    assert [message.subject for message in mail.outbox] == ["Older", "Newer"]
    unsendable.refresh_from_db()
    assert unsendable.emailed_at is None and unsendable.email_failed_at is not None
    assert "newlines" in unsendable.email_error
    assert Notification.objects.filter(pk__in=[older.pk, newer.pk], emailed_at__isnull=False).count() == 2
    assert send_pending_emails() == 0  # a failed one is not tried again and again


def test_a_subject_stored_with_line_breaks_is_sent_on_one_line(rep):
    pending(rep, "Northwind\r\nBcc: victim@example.com dropped to tier B", minutes_ago=5)

    assert send_pending_emails() == 1

    [message] = mail.outbox
    assert message.subject == "Northwind Bcc: victim@example.com dropped to tier B"
    assert message.bcc == []


def test_notify_stores_a_subject_without_line_breaks(rep):
    [notification] = notify(
        recipients=[rep],
        key="test:crlf",
        subject=_("%(account)s dropped to tier %(tier)s"),
        params={"account": "Northwind\r\nTrading\n" + "x" * 300, "tier": "B"},
    )
    assert "\n" not in notification.subject and "\r" not in notification.subject
    assert notification.subject.startswith("Northwind Trading x")
    assert len(notification.subject) <= Notification._meta.get_field("subject").max_length


def test_a_mail_server_that_does_not_answer_ends_the_sweep_with_nothing_marked_failed(rep, monkeypatch):
    for minutes in (30, 20):
        pending(rep, f"Waiting {minutes}", minutes_ago=minutes)

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(notifications, "send_mail", smtp_down)

    assert send_pending_emails() == 0
    assert Notification.objects.filter(emailed_at__isnull=True, email_failed_at__isnull=True).count() == 2

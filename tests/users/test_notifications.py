"""notify(): once per person and event, in the person's language, e-mailed after commit."""

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _

from users.models import Notification
from users.notifications import Notice, mark_read, notify, notify_many


def test_each_recipient_is_notified_once_per_event(rep, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=[rep, manager, rep], key="test:event:1", subject=_("Account"))
        second = notify(recipients=[rep, manager], key="test:event:1", subject=_("Account"))
    assert len(first) == 2
    assert second == []
    assert Notification.objects.filter(key="test:event:1").count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["manager@example.com", "rep@example.com"]


def test_the_message_is_written_in_the_recipients_language(rep, manager):
    manager.language = "zh-hans"
    manager.save(update_fields=["language"])
    notify(recipients=[rep, manager], key="test:language", subject=_("System administration"))
    subjects = dict(Notification.objects.values_list("recipient__username", "subject"))
    assert subjects == {"rep": "System administration", "manager": "系统管理"}


def test_mark_read_touches_only_the_users_own_notifications(rep, manager):
    notify(recipients=[rep, manager], key="test:read", subject=_("System administration"))
    assert mark_read(user=rep) == 1
    assert Notification.objects.filter(recipient=manager, read_at__isnull=True).count() == 1


def test_with_the_queue_down_nothing_fails_and_the_sweep_sends_later(
    rep, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from kombu.exceptions import OperationalError

    from users import tasks
    from users.notifications import send_pending_emails

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_notification_email, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[rep], key="test:outage", subject=_("System administration"))
    assert len(created) == 1
    assert mail.outbox == []
    assert "deferred" in caplog.text

    assert send_pending_emails(older_than_seconds=0) == 1
    assert send_pending_emails(older_than_seconds=0) == 0  # claimed: never twice
    assert [message.to for message in mail.outbox] == [["rep@example.com"]]


def test_a_failed_send_gives_the_claim_back_for_the_next_sweep(rep, monkeypatch):
    from users import notifications

    [notification] = notify(recipients=[rep], key="test:smtp-down", subject=_("System administration"))

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(notifications, "send_mail", smtp_down)
    with pytest.raises(ConnectionRefusedError):
        notifications.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_notify_many_tells_each_person_of_each_event_once_in_their_language(
    rep, manager, django_capture_on_commit_callbacks
):
    manager.language = "zh-hans"
    manager.save(update_fields=["language"])
    notices = [
        Notice(recipient=user, key=f"test:many:{n}", subject=_("System administration"))
        for n in range(3)
        for user in (rep, manager, rep)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(notices)
    assert len(created) == 6
    assert set(Notification.objects.filter(recipient=manager).values_list("subject", flat=True)) == {"系统管理"}
    assert len(mail.outbox) == 6


def test_notify_many_skips_whoever_was_told_meanwhile(rep, manager, django_capture_on_commit_callbacks):
    """The unique key, not the caller's reading, decides: a notice already sent makes the
    batch fall back to one notify() each, which skips it."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[rep], key="test:raced", subject=_("System administration"))
        created = notify_many(
            [Notice(recipient=user, key="test:raced", subject=_("System administration")) for user in (rep, manager)]
        )
    assert [notification.recipient for notification in created] == [manager]
    assert Notification.objects.filter(key="test:raced").count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["manager@example.com", "rep@example.com"]

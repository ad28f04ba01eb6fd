"""The bell counts what is still unseen: a notification is read once its link is followed, and
the announcement of a request is read for everyone once the request is decided."""

from decimal import Decimal

from django.urls import reverse

from credit import services
from tests.factories import CreditInvestigationFactory, NotificationFactory
from users.models import Notification
from users.selectors import unread_count


def test_following_a_notifications_link_marks_it_read(client, rep):
    notification = NotificationFactory(recipient=rep, link="/accounts/")
    other = NotificationFactory(recipient=rep)
    client.force_login(rep)
    page = client.get(reverse("notifications")).content.decode()
    assert reverse("notification_open", args=[notification.pk]) in page
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == "/accounts/"
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None and other.read_at is None
    assert unread_count(rep) == 1


def test_a_link_elsewhere_is_not_followed(client, rep):
    notification = NotificationFactory(recipient=rep, link="//evil.example/")
    client.force_login(rep)
    assert client.get(reverse("notification_open", args=[notification.pk]))["Location"] == reverse("notifications")


def test_deciding_a_request_clears_its_announcement_from_the_deciders_bell(rep, manager, account):
    investigation = CreditInvestigationFactory(account=account)
    request = services.credit_request_submit(
        account=account,
        actor=rep,
        requested_limit=Decimal("10000"),
        payment_terms_days=30,
        reason="Growing",
        investigation=investigation,
    )
    assert unread_count(manager) == 1  # within the manager's authority: it waits for them
    services.credit_request_approve(request=request, actor=manager, comment="Fine")
    assert unread_count(manager) == 0
    assert Notification.objects.filter(recipient=rep, read_at__isnull=True).count() == 1  # the answer

"""The notifications page, marking read, and the unread badge in the navigation."""

import pytest
from django.urls import reverse

from users.models import Notification
from users.notifications import notify


def tell(user, key, subject="Hello"):
    return notify(recipients=[user], key=key, subject=subject)


def test_the_page_lists_the_users_own_notifications_only(client, rep, other_rep):
    tell(rep, "a", "For the rep")
    tell(other_rep, "b", "For someone else")
    client.force_login(rep)
    page = client.get(reverse("notifications")).content.decode()
    assert "For the rep" in page
    assert "For someone else" not in page


def test_marking_one_then_all_read(client, rep, other_rep):
    first, second = tell(rep, "a")[0], tell(rep, "b")[0]
    theirs = tell(other_rep, "c")[0]
    client.force_login(rep)
    client.post(reverse("notifications_mark_read"), {"id": first.pk})
    assert set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == {
        second.pk,
        theirs.pk,
    }
    client.post(reverse("notifications_mark_read"), {"id": theirs.pk})  # not theirs to mark
    client.post(reverse("notifications_mark_read"))
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == [theirs.pk]


def test_the_badge_shows_the_unread_count_and_disappears_when_all_are_read(client, rep):
    tell(rep, "a")
    tell(rep, "b")
    client.force_login(rep)
    page = client.get(reverse("accounts:list")).content.decode()
    assert reverse("notifications_badge") in page  # loaded after the page, outside its query budget
    assert (
        '<span class="badge rounded-pill text-bg-danger" id="unread-badge">2'
        in client.get(reverse("notifications_badge")).content.decode()
    )
    client.post(reverse("notifications_mark_read"))
    assert "unread-badge" not in client.get(reverse("notifications_badge")).content.decode()


def test_notification_pages_need_a_login(client):
    for name in ("notifications", "notifications_badge"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert client.get(reverse("notifications_mark_read")).status_code in (302, 405)


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_runs_a_fixed_number_of_queries(client, rep, django_assert_num_queries, count):
    for index in range(count):
        tell(rep, f"event:{index}")
    client.force_login(rep)
    # session, user, count, the page of notifications
    with django_assert_num_queries(4):
        client.get(reverse("notifications"))


def test_an_id_no_column_holds_marks_nothing(client, rep):
    mine = Notification.objects.create(recipient=rep, key="k:huge", subject="Hello")
    client.force_login(rep)
    for hostile in ("99999999999999999999", "abc"):
        assert client.post(reverse("notifications_mark_read"), {"id": hostile}).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is None

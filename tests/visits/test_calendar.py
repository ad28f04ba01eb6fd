"""The plan as an iCalendar feed at a private, revocable URL."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory, PlanItemFactory
from visits.ical import fold
from visits.models import CalendarFeed, PlanStatus


def issue(client, user):
    client.force_login(user)
    client.post(reverse("visits:calendar"), {"action": "issue"})
    client.logout()
    return reverse("visits:calendar_feed", args=[CalendarFeed.objects.get(user=user).token])


def test_the_feed_serves_the_reps_plan_without_a_login(client, rep, account):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    PlanItemFactory(account=account, rep=rep, planned_on=tomorrow, time_of_day="morning")
    PlanItemFactory(
        account=AccountFactory(owner=rep, name="Dropped, Inc"), rep=rep, status=PlanStatus.DROPPED, drop_reason="Closed"
    )
    url = issue(client, rep)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Visit: Northwind Trading" in body
    # 09:00 in Shanghai is 01:00 UTC
    assert f"DTSTART:{tomorrow:%Y%m%d}T010000Z" in body
    assert "Dropped" not in body


def test_a_revoked_or_replaced_url_stops_working(client, rep):
    old = issue(client, rep)
    new = issue(client, rep)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(rep)
    client.post(reverse("visits:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_an_unknown_token_is_a_404(client, db):
    assert client.get(reverse("visits:calendar_feed", args=["not-a-token"])).status_code == 404


def test_the_feed_of_a_deactivated_user_stops_working(client, rep):
    url = issue(client, rep)
    rep.is_active = False
    rep.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_text_is_escaped_and_long_lines_folded_at_75_octets():
    line = "SUMMARY:" + "拜访" * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line

"""Complaints: recorded with severity and owner, timed to resolution, and the repeat-purchase report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ComplaintFactory, OrderFactory
from users.models import Notification
from visits.complaints import complaint_report
from visits.models import Complaint, ComplaintOutcome


def test_rep_records_a_complaint_and_its_owner_is_told(client, rep, teammate, account):
    client.force_login(rep)
    response = client.post(
        reverse("visits:complaint_create", args=[account.pk]),
        {"subject": "Pumps delivered late", "severity": "high", "owner": teammate.pk, "description": "Two weeks"},
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("visits:complaint_detail", args=[complaint.pk])
    assert (complaint.owner, complaint.opened_by, complaint.severity) == (teammate, rep, "high")
    assert complaint.resolved_at is None
    notification = Notification.objects.get(recipient=teammate)
    assert notification.key == f"visits:complaint:{complaint.pk}"
    assert notification.body.startswith("Severity: High.")


def test_the_owner_must_be_someone_who_sees_the_account(client, rep, other_rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("visits:complaint_create", args=[account.pk]),
        {"subject": "Late", "severity": "low", "owner": other_rep.pk},
    )
    assert "owner" in response.context["form"].errors
    assert not Complaint.objects.exists()


def resolve(client, complaint, satisfied):
    return client.post(
        reverse("visits:complaint_resolve", args=[complaint.pk]),
        {"satisfied": "yes" if satisfied else "no", "resolution": "Replaced the batch"},
    )


def test_a_complaint_resolved_well_within_three_days_counts_as_quick(client, rep, account):
    complaint = ComplaintFactory(account=account, opened_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(rep)
    resolve(client, complaint, satisfied=True)
    complaint.refresh_from_db()
    assert complaint.outcome == ComplaintOutcome.QUICK
    assert datetime.timedelta(days=2) <= complaint.time_to_resolution < datetime.timedelta(days=2, minutes=1)


def test_a_late_or_unsatisfactory_resolution_counts_as_such(client, rep, account):
    slow = ComplaintFactory(account=account, opened_at=timezone.now() - datetime.timedelta(days=10))
    unhappy = ComplaintFactory(account=account)
    client.force_login(rep)
    resolve(client, slow, satisfied=True)
    resolve(client, unhappy, satisfied=False)
    slow.refresh_from_db()
    unhappy.refresh_from_db()
    assert slow.outcome == ComplaintOutcome.RESOLVED
    assert unhappy.outcome == ComplaintOutcome.UNRESOLVED


def test_a_closed_complaint_cannot_be_closed_again(client, rep, account):
    complaint = ComplaintFactory(account=account)
    client.force_login(rep)
    resolve(client, complaint, satisfied=False)
    first = Complaint.objects.get().resolved_at
    response = resolve(client, complaint, satisfied=True)
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.resolved_at, complaint.outcome) == (first, ComplaintOutcome.UNRESOLVED)


def closed(account, outcome, resolved_on, hours=24):
    resolved_at = timezone.make_aware(datetime.datetime.combine(resolved_on, datetime.time(12)))
    return ComplaintFactory(
        account=account,
        opened_at=resolved_at - datetime.timedelta(hours=hours),
        resolved_at=resolved_at,
        outcome=outcome,
        resolution="done",
    )


def test_report_gives_the_repeat_purchase_rate_by_outcome_from_orders_after_resolution(admin_user, rep):
    from tests.factories import AccountFactory

    resolved_on = datetime.date(2026, 3, 1)
    quick_back, quick_gone = AccountFactory(owner=rep), AccountFactory(owner=rep)
    unresolved_back, unresolved_gone = AccountFactory(owner=rep), AccountFactory(owner=rep)
    closed(quick_back, ComplaintOutcome.QUICK, resolved_on)
    closed(quick_gone, ComplaintOutcome.QUICK, resolved_on)
    closed(unresolved_back, ComplaintOutcome.UNRESOLVED, resolved_on, hours=72)
    closed(unresolved_gone, ComplaintOutcome.UNRESOLVED, resolved_on, hours=72)
    ComplaintFactory(account=quick_back, severity="critical")  # still open
    OrderFactory(account=quick_back, order_date=datetime.date(2026, 4, 2))
    OrderFactory(account=unresolved_back, order_date=datetime.date(2026, 3, 20))
    OrderFactory(account=quick_gone, order_date=datetime.date(2026, 2, 1))  # before: does not count
    OrderFactory(account=unresolved_gone, order_date=datetime.date(2026, 5, 1), status="cancelled")

    report = complaint_report(user=admin_user)

    rates = {row["outcome"].value: (row["total"], row["came_back"], row["rate"]) for row in report["repeat"]}
    assert rates == {"quick": (2, 1, 50), "resolved": (0, 0, None), "unresolved": (2, 1, 50)}
    assert report["open_total"] == 1
    timing = {row["severity"].value: (row["total"], row["average_hours"]) for row in report["timing"]}
    assert timing == {"medium": (4, 48.0)}


def test_report_counts_only_visible_complaints(client, rep, account, foreign_account):
    ComplaintFactory(account=account)
    ComplaintFactory(account=foreign_account)
    client.force_login(rep)
    response = client.get(reverse("visits:complaint_report"))
    assert response.context["report"]["open_total"] == 1
    listing = client.get(reverse("visits:complaint_list"))
    assert [c.account for c in listing.context["complaints"]] == [account]


@pytest.mark.parametrize("complaints", [2, 30])
def test_complaint_list_and_report_run_a_fixed_number_of_queries(
    client, manager, account, django_assert_num_queries, complaints
):
    ComplaintFactory.create_batch(complaints, account=account)
    for complaint in ComplaintFactory.create_batch(complaints, account=account):
        closed(complaint.account, ComplaintOutcome.RESOLVED, datetime.date(2026, 3, 1))
    client.force_login(manager)
    # session, user, count, the page of complaints with accounts and owners
    with django_assert_num_queries(4):
        client.get(reverse("visits:complaint_list"))
    # session, user, open by severity, time to resolution by severity, repeat purchases by outcome
    with django_assert_num_queries(5):
        client.get(reverse("visits:complaint_report"))


def test_a_complaints_severity_is_a_coloured_badge_on_the_list_the_detail_and_the_account(client, rep, account):
    critical = ComplaintFactory(account=account, severity="critical")
    ComplaintFactory(account=account, severity="low")
    client.force_login(rep)
    listed = client.get(reverse("visits:complaint_list")).content.decode()
    assert "severity-critical text-bg-danger" in listed and "severity-low text-bg-secondary" in listed
    detail = client.get(reverse("visits:complaint_detail", args=[critical.pk])).content.decode()
    assert "severity-critical text-bg-danger" in detail
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert "severity-critical text-bg-danger" in panel

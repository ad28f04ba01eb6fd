"""Logging a visit from the account page: the form, what it updates, who may do it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ComplaintFactory, ContactFactory, PlanItemFactory, VisitFactory
from visits.models import PlanStatus, Visit


def visit_data(**overrides):
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "purpose": "new_product",
        "knows_decision_maker": "on",
        "appointment_made": "on",
        "outcome": "Trial order of 20 pumps agreed",
        "next_step": "Send the quotation",
        "next_follow_up": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    return {**data, **overrides}


def test_the_account_page_offers_the_visits_tab(client, rep, account):
    client.force_login(rep)
    page = client.get(account.get_absolute_url()).content.decode()
    assert reverse("visits:account_panel", args=[account.pk]) in page


def test_rep_logs_a_visit_and_lands_on_it_in_the_accounts_visits_tab(client, rep, account):
    client.force_login(rep)
    assert client.get(reverse("visits:log", args=[account.pk])).status_code == 200
    response = client.post(reverse("visits:log", args=[account.pk]), visit_data())
    assert response.status_code == 302
    visit = Visit.objects.get(account=account)
    assert response["Location"] == f"{account.get_absolute_url()}#tab-visits/visit-{visit.pk}"
    page = client.get(account.get_absolute_url()).content.decode()
    assert 'id="tab-visits"' in page  # the tab the fragment opens
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert f'id="visit-{visit.pk}"' in panel  # the element it scrolls to
    assert visit.rep == rep
    assert visit.purpose == "new_product"
    assert visit.knows_decision_maker and visit.appointment_made and not visit.referral_used
    assert visit.next_step == "Send the quotation"


def test_a_logged_visit_appears_in_the_account_timeline_with_complaints(client, rep, account):
    client.force_login(rep)
    client.post(reverse("visits:log", args=[account.pk]), visit_data())
    ComplaintFactory(account=account, subject="Late delivery")
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert "Trial order of 20 pumps agreed" in panel
    assert "Late delivery" in panel
    assert "Send the quotation" in panel


def test_logging_a_visit_marks_the_nearest_planned_visit_done(rep, account, client):
    today = timezone.localdate()
    near = PlanItemFactory(account=account, rep=rep, planned_on=today + datetime.timedelta(days=1))
    far = PlanItemFactory(account=account, rep=rep, planned_on=today + datetime.timedelta(days=6))
    client.force_login(rep)
    client.post(reverse("visits:log", args=[account.pk]), visit_data())
    near.refresh_from_db()
    far.refresh_from_db()
    assert near.status == PlanStatus.DONE
    assert near.visit == Visit.objects.get(account=account)
    assert far.status == PlanStatus.PLANNED


def test_logging_from_a_plan_item_marks_that_item_done(rep, account, client):
    item = PlanItemFactory(account=account, rep=rep, planned_on=timezone.localdate() + datetime.timedelta(days=20))
    client.force_login(rep)
    client.post(reverse("visits:log", args=[account.pk]) + f"?plan_item={item.pk}", visit_data())
    item.refresh_from_db()
    assert item.status == PlanStatus.DONE


def test_a_visit_cannot_be_logged_in_the_future(client, rep, account):
    client.force_login(rep)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("visits:log", args=[account.pk]), visit_data(visited_on=tomorrow))
    assert response.status_code == 200
    assert "visited_on" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_follow_up_cannot_come_before_the_visit(client, rep, account):
    client.force_login(rep)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("visits:log", args=[account.pk]), visit_data(next_follow_up=yesterday))
    assert "next_follow_up" in response.context["form"].errors


def test_rep_of_another_team_cannot_log_a_visit_on_the_account(client, other_rep, account):
    client.force_login(other_rep)
    assert client.post(reverse("visits:log", args=[account.pk]), visit_data()).status_code == 404
    assert not Visit.objects.exists()


def test_credit_approver_reads_the_panel_but_cannot_log(client, credit_approver, account):
    client.force_login(credit_approver)
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert 'id="log-visit"' not in panel
    assert client.get(reverse("visits:log", args=[account.pk])).status_code == 403


@pytest.mark.parametrize("visits", [1, 15])
def test_panel_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, visits):
    contact = ContactFactory(account=account)
    for visit in VisitFactory.create_batch(visits, account=account):
        visit.contacts.add(contact)
    ComplaintFactory.create_batch(visits, account=account)
    client.force_login(rep)
    # session, user, the cadence rows, account with cadence figures, visits with reps, their
    # contacts, complaints with owners
    with django_assert_num_queries(7):
        response = client.get(reverse("visits:account_panel", args=[account.pk]))
    assert len(response.context["timeline"]) == 2 * visits


def test_the_contacts_met_get_their_last_contact_date_moved_forward_only(client, rep, account):
    today = timezone.localdate()
    never = ContactFactory(account=account, name="Wang Fang", last_contact_date=None)
    earlier = ContactFactory(account=account, name="Li Wei", last_contact_date=today - datetime.timedelta(days=30))
    later = ContactFactory(account=account, name="Zhao Min", last_contact_date=today + datetime.timedelta(days=1))
    not_met = ContactFactory(account=account, name="Chen Jie", last_contact_date=None)
    client.force_login(rep)
    client.post(reverse("visits:log", args=[account.pk]), visit_data(contacts=[never.pk, earlier.pk, later.pk]))
    for contact in (never, earlier, later, not_met):
        contact.refresh_from_db()
    assert (never.last_contact_date, earlier.last_contact_date) == (today, today)
    assert later.last_contact_date == today + datetime.timedelta(days=1)
    assert not_met.last_contact_date is None
    assert set(Visit.objects.get().contacts.values_list("name", flat=True)) == {"Wang Fang", "Li Wei", "Zhao Min"}
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert "Wang Fang" in panel


def test_only_the_accounts_current_contacts_can_be_met(client, rep, account, foreign_account):
    stranger = ContactFactory(account=foreign_account)
    gone = ContactFactory(account=account, left_company=True, left_on=timezone.localdate())
    client.force_login(rep)
    form = client.get(reverse("visits:log", args=[account.pk])).context["form"]
    assert gone not in form.fields["contacts"].queryset
    response = client.post(reverse("visits:log", args=[account.pk]), visit_data(contacts=[stranger.pk]))
    assert "contacts" in response.context["form"].errors
    stranger.refresh_from_db()
    assert stranger.last_contact_date is None
    assert not Visit.objects.exists()

"""Writes through the API do what the pages do, through the same services: an account's
owner change is emitted and needs the right to reassign; a visit fulfils the rep's plan item;
a complaint's owner must see the account; a deal moved to a lost stage needs a reason."""

from __future__ import annotations

import datetime

from django.urls import reverse

from accounts.models import Account, AccountPlan, AccountTeamMember, CoreInfoAccess
from deals.models import PipelineStage, StageOutcome
from integrations.models import WebhookEvent
from tests.factories import (
    AccountFactory,
    ContactFactory,
    OpportunityFactory,
    PlanItemFactory,
    WebhookSubscriptionFactory,
)
from visits.models import PlanStatus, Visit


def test_a_manager_gives_an_account_another_owner_and_the_webhooks_hear_of_it(
    client, bearer, account, manager, teammate
):
    WebhookSubscriptionFactory(events=["account.owner_changed"])
    url = reverse("api:account-detail", args=[account.pk])

    response = client.patch(url, {"owner": teammate.pk}, content_type="application/json", **bearer(manager))

    assert response.status_code == 200, response.content
    assert Account.objects.get(pk=account.pk).owner == teammate
    [event] = WebhookEvent.objects.filter(name="account.owner_changed")
    assert event.payload["changed_by"] == "manager"


def test_a_reps_token_cannot_reassign_their_own_account(client, bearer, account, rep, teammate):
    url = reverse("api:account-detail", args=[account.pk])
    response = client.patch(url, {"owner": teammate.pk}, content_type="application/json", **bearer(rep))
    assert response.status_code == 403
    assert Account.objects.get(pk=account.pk).owner == rep


def test_a_rep_creates_an_account_they_own_and_writes_its_core_info(client, bearer, rep):
    created = client.post(
        reverse("api:account-list"),
        {"code": "K-77", "name": "Kite Works", "owner": rep.pk},
        content_type="application/json",
        **bearer(rep),
    )
    assert created.status_code == 201, created.content
    account = Account.objects.get(code="K-77")

    url = reverse("api:account-core-info", args=[account.pk])
    written = client.patch(url, {"objectives": "Sole supplier"}, content_type="application/json", **bearer(rep))

    assert written.status_code == 200, written.content
    assert AccountPlan.objects.get(account=account).objectives == "Sole supplier"
    assert not CoreInfoAccess.objects.filter(account=account).exists()  # a write is no reading
    client.get(url, **bearer(rep))
    assert CoreInfoAccess.objects.filter(account=account, user=rep).count() == 1


def test_a_visit_logged_by_token_fulfils_the_plan_item_and_updates_the_contact(client, bearer, account, rep):
    contact = ContactFactory(account=account, last_contact_date=None)
    item = PlanItemFactory(account=account, rep=rep, planned_on=datetime.date(2026, 3, 3))

    response = client.post(
        reverse("api:visit-list"),
        {"account": account.pk, "visited_on": "2026-03-02", "purpose": "routine", "contacts": [contact.pk]},
        content_type="application/json",
        **bearer(rep),
    )

    assert response.status_code == 201, response.content
    visit = Visit.objects.get(pk=response.json()["id"])
    assert (visit.rep, response.json()["rep"]) == (rep, rep.pk)
    item.refresh_from_db()
    contact.refresh_from_db()
    assert (item.status, item.visit_id) == (PlanStatus.DONE, visit.pk)
    assert contact.last_contact_date == datetime.date(2026, 3, 2)


def test_a_visit_cannot_name_another_accounts_contact(client, bearer, account, foreign_account, rep):
    other = ContactFactory(account=foreign_account)
    response = client.post(
        reverse("api:visit-list"),
        {"account": account.pk, "visited_on": "2026-03-02", "contacts": [other.pk]},
        content_type="application/json",
        **bearer(rep),
    )
    assert response.status_code == 400  # unseen: refused like an unknown id
    assert not Visit.objects.exists()


def test_a_complaint_owner_must_see_the_account(client, bearer, account, rep, other_rep):
    url = reverse("api:complaint-list")
    data = {"account": account.pk, "subject": "Late", "severity": "high"}

    refused = client.post(url, {**data, "owner": other_rep.pk}, content_type="application/json", **bearer(rep))
    opened = client.post(url, data, content_type="application/json", **bearer(rep))

    assert refused.status_code == 400
    assert "owner" in refused.json()
    assert opened.status_code == 201
    assert opened.json()["owner"] == rep.pk  # the account's owner by default, as on the page
    resolve = reverse("api:complaint-resolve", args=[opened.json()["id"]])
    answer = {"satisfied": True, "resolution": "Redelivered"}
    assert client.post(resolve, answer, content_type="application/json", **bearer(rep)).json()["outcome"] == "quick"
    again = client.post(resolve, answer, content_type="application/json", **bearer(rep))
    assert again.status_code == 400  # closed already: the service says so


def test_a_deal_moved_to_lost_needs_a_reason(client, bearer, account, rep):
    opportunity = OpportunityFactory(account=account, owner=rep)
    lost = PipelineStage.objects.filter(is_active=True, outcome=StageOutcome.LOST).first()
    url = reverse("api:opportunity-move", args=[opportunity.pk])

    refused = client.post(url, {"stage": lost.pk}, content_type="application/json", **bearer(rep))
    moved = client.post(url, {"stage": lost.pk, "lost_reason": "Price"}, content_type="application/json", **bearer(rep))

    assert refused.status_code == 400
    assert moved.status_code == 200, moved.content
    assert (moved.json()["stage"], moved.json()["lost_reason"]) == (lost.pk, "Price")
    assert moved.json()["closed_on"] is not None


def test_a_visit_cannot_name_a_contact_of_another_account_the_rep_sees(client, bearer, account, rep):
    mine_elsewhere = ContactFactory(account=AccountFactory(owner=rep))
    response = client.post(
        reverse("api:visit-list"),
        {"account": account.pk, "visited_on": "2026-03-02", "contacts": [mine_elsewhere.pk]},
        content_type="application/json",
        **bearer(rep),
    )
    assert response.status_code == 400
    assert "contacts" in response.json()  # visits.services.visit_log's rule, as for the page
    assert not Visit.objects.exists()


def test_a_rep_may_write_back_their_accounts_team_unchanged_but_not_change_it(
    client, bearer, account, rep, teammate, manager
):
    AccountTeamMember.objects.get_or_create(account=account, user=teammate)
    url = reverse("api:account-detail", args=[account.pk])

    same = client.patch(url, {"name": "Renamed", "team": [teammate.pk]}, content_type="application/json", **bearer(rep))
    other = client.patch(url, {"team": [teammate.pk, manager.pk]}, content_type="application/json", **bearer(rep))

    assert same.status_code == 200, same.content
    assert other.status_code == 403
    assert Account.objects.get(pk=account.pk).name == "Renamed"
    assert set(AccountTeamMember.objects.filter(account=account).values_list("user", flat=True)) == {teammate.pk}

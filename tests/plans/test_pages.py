"""The living plan's pages: the tab, objectives and actions, the PDF, the managers' list."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CoreInfoAccess
from plans.health import Band
from plans.models import Objective, ObjectiveKind, PlanAction
from tests.factories import (
    AccountFactory,
    AccountPlanFactory,
    ObjectiveFactory,
    OpportunityFactory,
    PlanActionFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def planned(account, rep):
    AccountPlanFactory(account=account, objectives="Sole supplier of pumps by 2027.", barrier_strategy="独家服务协议")
    ObjectiveFactory(account=account, title="Pump revenue 2027", target=Decimal("1200000"))
    PlanActionFactory(account=account, owner=rep, title="Present the service bundle")
    return account


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "en",
            ["Account plan: Northwind Trading", "Objectives", "Revenue", "Our objectives", "Barrier strategy"],
            "大客户计划",
        ),
        ("zh-hans", ["大客户计划", "目标", "收入", "壁垒策略"], "Barrier strategy"),
    ],
)
def test_the_pdf_speaks_the_requests_language(client, rep, planned, language, expected, absent):
    client.force_login(rep)
    response = client.get(reverse("plans:pdf", args=[planned.pk]), HTTP_ACCEPT_LANGUAGE=language)
    text = pdf_text(response)
    for words in [*expected, "Pump revenue 2027", "Present the service bundle", "独家服务协议"]:
        assert words in text
    assert absent not in text
    assert CoreInfoAccess.objects.filter(account=planned, user=rep).exists()  # an opening of core info


def test_an_objective_is_added_and_changed_through_the_form(client, rep, account):
    client.force_login(rep)
    data = {"kind": ObjectiveKind.SHARE_OF_WALLET, "title": "Half their spend", "target": "50", "due_on": "2027-03-31",
            "status": "open"}  # fmt: skip
    assert client.post(reverse("plans:objective_create", args=[account.pk]), data).status_code == 302
    objective = Objective.objects.get(account=account)
    assert (objective.target, objective.created_by) == (Decimal("50"), rep)
    client.post(reverse("plans:objective_edit", args=[objective.pk]), {**data, "status": "achieved"})
    objective.refresh_from_db()
    assert objective.status == "achieved"
    assert objective.history.count() == 2


def test_a_target_beyond_the_bound_is_refused_not_a_500(client, rep, account):
    client.force_login(rep)
    data = {"kind": "revenue", "title": "Too much", "target": "99999999999999999999", "due_on": "2027-03-31",
            "status": "open"}  # fmt: skip
    response = client.post(reverse("plans:objective_create", args=[account.pk]), data)
    assert response.status_code == 200
    assert not Objective.objects.exists()


def test_an_action_links_only_the_accounts_own_opportunity_and_visit(client, rep, account, foreign_account):
    client.force_login(rep)
    own, foreign = OpportunityFactory(account=account), OpportunityFactory(account=foreign_account)
    visit = VisitFactory(account=account)
    data = {"title": "Demo", "owner": rep.pk, "due_on": "2027-01-15", "opportunity": foreign.pk, "visit": visit.pk}
    assert client.post(reverse("plans:action_create", args=[account.pk]), data).status_code == 200
    assert not PlanAction.objects.exists()
    client.post(reverse("plans:action_create", args=[account.pk]), {**data, "opportunity": own.pk})
    action = PlanAction.objects.get()
    assert (action.opportunity, action.visit, action.owner) == (own, visit, rep)


def test_completing_an_action_twice_completes_it_once(client, rep, teammate, account):
    action = PlanActionFactory(account=account, owner=rep)
    client.force_login(teammate)
    client.post(reverse("plans:action_complete", args=[action.pk]))
    done_at = PlanAction.objects.get().done_at
    client.post(reverse("plans:action_complete", args=[action.pk]))
    action.refresh_from_db()
    assert (action.done_at, action.done_by) == (done_at, teammate)


def test_the_tab_shows_health_objectives_and_actions(client, rep, planned):
    client.force_login(rep)
    page = client.get(reverse("plans:account_panel", args=[planned.pk])).content.decode()
    assert "Pump revenue 2027" in page and "Present the service bundle" in page
    assert 'data-health-band="' in page
    assert reverse("plans:mark_reviewed", args=[planned.pk]) in page


def test_the_account_head_shows_the_plan_health_only_to_who_may_open_core_info(client, rep, credit_approver, planned):
    client.force_login(rep)
    assert 'data-head="plan-health"' in client.get(planned.get_absolute_url()).content.decode()
    client.force_login(credit_approver)
    assert 'data-head="plan-health"' not in client.get(planned.get_absolute_url()).content.decode()


def test_the_list_shows_the_managers_plans_with_their_band_and_filters(client, manager, rep, teammate, planned):
    AccountPlanFactory(account=AccountFactory(owner=teammate, name="Teammate Co"))
    AccountPlanFactory(account=AccountFactory(name="Elsewhere Ltd"))  # another team's
    client.force_login(manager)
    page = client.get(reverse("plans:list")).content.decode()
    assert "Northwind Trading" in page and "Teammate Co" in page and "Elsewhere Ltd" not in page
    by_owner = client.get(reverse("plans:list"), {"owner": teammate.pk}).content.decode()
    assert "Teammate Co" in by_owner and "Northwind Trading" not in by_owner
    poor = client.get(reverse("plans:list"), {"band": Band.POOR}).context["rows"]
    assert {plan.account.name for plan, health in poor} == {"Teammate Co", "Northwind Trading"}
    assert all(health.band == Band.POOR for plan, health in poor)


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(client, manager, rep, django_assert_num_queries, size):
    today = timezone.localdate()
    for index in range(size):
        account = AccountFactory(owner=rep if index % 2 else UserFactory(team=rep.team))
        AccountPlanFactory(account=account)
        ObjectiveFactory(account=account)
        PlanActionFactory(account=account, owner=rep, due_on=today - datetime.timedelta(days=3))
    client.force_login(manager)
    # session, user, the capped count, the page's plans with their accounts, owners and health
    # (one query), the owner filter's choices
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:list"))
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [1, 15])
def test_the_tab_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, size):
    AccountPlanFactory(account=account)
    for _ in range(size):
        objective = ObjectiveFactory(account=account)
        PlanActionFactory(
            account=account,
            owner=rep,
            objective=objective,
            opportunity=OpportunityFactory(account=account),
            visit=VisitFactory(account=account),
        )
    client.force_login(rep)
    # session, user, the account with the right to change it, the core-info opening logged,
    # the plan's health, the objectives, the actions with owners, objectives, opportunities, visits
    with django_assert_num_queries(7):
        response = client.get(reverse("plans:account_panel", args=[account.pk]))
    assert len(response.context["actions"]) == size

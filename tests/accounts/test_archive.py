"""The four-layer account file: sections, stale marking, financials, plan and its access log, history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, AccountPlan, CoreInfoAccess, FinancialYear, RelationshipStageReached
from tests.factories import (
    AccountPlanFactory,
    CompetitorFactory,
    FinancialYearFactory,
    UserFactory,
)


def test_financial_ratios_are_derived_from_the_statements():
    year = FinancialYear(
        current_assets=Decimal("4000"),
        current_liabilities=Decimal("2000"),
        total_assets=Decimal("10000"),
        revenue=Decimal("12000"),
        net_profit=Decimal("900"),
        receivables=Decimal("2000"),
    )
    assert year.current_asset_ratio == Decimal("0.4")
    assert year.current_ratio == Decimal("2")
    assert year.net_profit_margin == Decimal("0.075")
    assert year.return_on_assets == Decimal("0.09")
    assert year.collection_period_days == Decimal("61")
    assert FinancialYear(net_profit=Decimal("1"), revenue=Decimal("0")).net_profit_margin is None


def test_rep_fills_the_important_layer_and_only_its_section_stamp_moves(client, rep, account):
    Account.objects.filter(pk=account.pk).update(
        basic_updated_at=timezone.now() - datetime.timedelta(days=400),
        important_updated_at=timezone.now() - datetime.timedelta(days=400),
    )
    client.force_login(rep)
    response = client.post(
        reverse("accounts:edit_section", args=[account.pk, "important"]),
        {"product_positioning": "Premium", "key_account_type": "strategic", "relationship_stage": "needs_uncovered"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.key_account_type == "strategic"
    assert timezone.now() - account.important_updated_at < datetime.timedelta(minutes=1)
    assert timezone.now() - account.basic_updated_at > datetime.timedelta(days=399)
    assert RelationshipStageReached.objects.get(account=account).stage == "needs_uncovered"
    assert client.get(account.get_absolute_url()).context["section"].stale  # basic
    important = client.get(reverse("accounts:archive", args=[account.pk, "important"]))
    assert not important.context["section"].stale
    assert "Needs uncovered" in important.content.decode()


def test_stale_threshold_is_configurable(client, rep, account, settings):
    Account.objects.filter(pk=account.pk).update(basic_updated_at=timezone.now() - datetime.timedelta(days=10))
    client.force_login(rep)
    settings.ARCHIVE_STALE_DAYS = 30
    assert not client.get(account.get_absolute_url()).context["section"].stale
    settings.ARCHIVE_STALE_DAYS = 7
    page = client.get(account.get_absolute_url())
    assert page.context["section"].stale
    assert "Stale" in page.content.decode()


def test_relationship_stage_keeps_the_date_each_stage_was_first_reached(rep, account):
    from accounts import services

    services.account_update(account=account, actor=rep, fields={"relationship_stage": "initial_contact"})
    RelationshipStageReached.objects.filter(account=account).update(reached_on=datetime.date(2025, 1, 1))
    services.account_update(account=account, actor=rep, fields={"relationship_stage": "mutual_trust"})
    services.account_update(account=account, actor=rep, fields={"relationship_stage": "initial_contact"})
    reached = dict(RelationshipStageReached.objects.filter(account=account).values_list("stage", "reached_on"))
    assert reached == {"initial_contact": datetime.date(2025, 1, 1), "mutual_trust": timezone.localdate()}


def test_rep_adds_a_financial_year_and_a_duplicate_year_is_a_form_error(client, rep, account):
    client.force_login(rep)
    url = reverse("accounts:financial_year_create", args=[account.pk])
    data = {"year": 2025, "revenue": "1000000.00", "net_profit": "50000.00", "total_assets": "800000"}
    assert client.post(url, data).status_code == 302
    assert FinancialYear.objects.get(account=account).revenue == Decimal("1000000.00")
    again = client.post(url, data)
    assert again.status_code == 200 and "year" in again.context["form"].errors
    panel = client.get(reverse("accounts:archive", args=[account.pk, "financials"]))
    assert "6.3\xa0%" in panel.content.decode()  # return on assets 50 000 / 800 000 = 6.25 %
    assert not panel.context["section"].stale  # the financials were updated with their year


def test_the_financials_were_last_updated_when_any_of_their_years_was(client, rep, account):
    client.force_login(rep)
    url = reverse("accounts:archive", args=[account.pk, "financials"])
    assert client.get(url).context["section"].updated_at is None
    FinancialYearFactory(account=account, year=2024)
    FinancialYearFactory(account=account, year=2025)
    FinancialYear.objects.filter(year=2025).update(updated_at=timezone.now() - datetime.timedelta(days=400))
    latest = FinancialYear.objects.get(year=2024).updated_at
    assert client.get(url).context["section"].updated_at == latest


@pytest.mark.parametrize(
    ("section", "links"),
    [
        ("important", ["edit_section", "competitor_create", "competitor_edit"]),
        ("financials", ["financial_year_create", "financial_year_edit"]),
        ("process", ["edit_section", "negotiation_create"]),
    ],
)
def test_an_archive_tab_offers_its_edit_links_to_who_may_change_the_account_only(
    client, teammate, credit_approver, account, section, links
):
    competitor = CompetitorFactory(account=account)
    year = FinancialYearFactory(account=account)
    urls = {
        "edit_section": reverse("accounts:edit_section", args=[account.pk, section]) if section != "financials" else "",
        "competitor_create": reverse("accounts:competitor_create", args=[account.pk]),
        "competitor_edit": reverse("accounts:competitor_edit", args=[account.pk, competitor.pk]),
        "financial_year_create": reverse("accounts:financial_year_create", args=[account.pk]),
        "financial_year_edit": reverse("accounts:financial_year_edit", args=[account.pk, year.pk]),
        "negotiation_create": reverse("accounts:negotiation_create", args=[account.pk]),
    }
    panel = reverse("accounts:archive", args=[account.pk, section])
    client.force_login(teammate)
    page = client.get(panel).content.decode()
    assert all(f'href="{urls[link]}"' in page for link in links)
    client.force_login(credit_approver)  # sees the account, may not change it
    response = client.get(panel)
    assert response.status_code == 200 and 'data-section-updated="' in response.content.decode()
    assert not any(f'href="{urls[link]}"' in response.content.decode() for link in links)


def test_opening_core_info_is_logged_each_time(client, rep, teammate, account):
    AccountPlanFactory(account=account, objectives="Sole supplier by 2027")
    client.force_login(teammate)
    first = client.get(reverse("accounts:plan", args=[account.pk]))
    client.get(reverse("accounts:plan", args=[account.pk]))
    assert "Sole supplier by 2027" in first.content.decode()
    assert list(CoreInfoAccess.objects.values_list("user__username", "account")) == [
        ("teammate", account.pk),
        ("teammate", account.pk),
    ]


def test_outsider_neither_sees_the_plan_nor_leaves_a_log_entry(client, other_rep, account):
    AccountPlanFactory(account=account)
    client.force_login(other_rep)
    assert client.get(reverse("accounts:plan", args=[account.pk])).status_code == 404
    assert client.get(reverse("accounts:plan_edit", args=[account.pk])).status_code == 404
    assert not CoreInfoAccess.objects.exists()


def test_rep_writes_the_plan_and_the_edit_form_counts_as_an_opening(client, rep, account):
    client.force_login(rep)
    client.get(reverse("accounts:plan_edit", args=[account.pk]))
    response = client.post(
        reverse("accounts:plan_edit", args=[account.pk]),
        {"objectives": "Win the 2027 tender", "value_solution": "Turnkey pumping station", "review_on": "2027-01-31"},
    )
    assert response.status_code == 302
    plan = AccountPlan.objects.get(account=account)
    assert plan.value_solution == "Turnkey pumping station"
    assert plan.history.first().history_user == rep
    assert CoreInfoAccess.objects.filter(user=rep, account=account).count() == 1


def test_admin_reads_and_filters_the_access_log(client, admin_user, rep, teammate, account, foreign_account):
    CoreInfoAccess.objects.create(account=account, user=rep)
    CoreInfoAccess.objects.create(account=account, user=teammate)
    old = CoreInfoAccess.objects.create(account=foreign_account, user=rep)
    CoreInfoAccess.objects.filter(pk=old.pk).update(opened_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(admin_user)
    url = reverse("accounts:core_info_log")
    assert len(client.get(url).context["entries"]) == 3
    assert [e.user for e in client.get(url, {"user": teammate.pk}).context["entries"]] == [teammate]
    by_account = client.get(url, {"account": foreign_account.code}).context["entries"]
    assert [e.account for e in by_account] == [foreign_account]
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert len(client.get(url, {"since": since}).context["entries"]) == 2


def test_history_shows_who_changed_what_from_old_to_new(client, rep, teammate, account):
    from accounts import services

    services.account_update(account=account, actor=teammate, fields={"name": "Northwind Group", "fax": "010-1"})
    AccountPlanFactory(account=account)
    plan = account.plan
    services.plan_save(account=account, actor=rep, fields={"barrier_strategy": "Long-term service contract"})
    CompetitorFactory(account=account, name="Acme")
    client.force_login(rep)
    entries = client.get(reverse("accounts:history", args=[account.pk])).context["entries"]
    account_change = next(e for e in entries if e.what == "account" and e.kind == "~")
    assert account_change.who == teammate
    assert {(c.field, c.old, c.new) for c in account_change.changes} == {
        ("name", "Northwind Trading", "Northwind Group"),
        ("fax", "—", "010-1"),
    }
    plan_change = next(e for e in entries if e.what == "account plan" and e.kind == "~")
    assert plan_change.who == rep
    assert [(c.field, c.new) for c in plan_change.changes] == [("barrier strategy", "Long-term service contract")]
    assert plan.pk
    assert any(e.what == "competitor" and e.label == "Acme" and e.kind == "+" for e in entries)


def test_history_names_owners_not_ids(client, admin_user, rep, account, manager):
    from accounts import services

    services.account_update(account=account, actor=admin_user, fields={"owner": manager})
    client.force_login(admin_user)
    entries = client.get(reverse("accounts:history", args=[account.pk])).context["entries"]
    (change,) = [c for e in entries for c in e.changes if c.field == "owner"]
    assert (change.old, change.new) == (str(rep), str(manager))


def test_history_names_regions_not_ids(client, admin_user, account):
    from accounts import services
    from tests.factories import RegionFactory

    services.account_update(account=account, actor=admin_user, fields={"region": RegionFactory(name="East")})
    client.force_login(admin_user)
    entries = client.get(reverse("accounts:history", args=[account.pk])).context["entries"]
    (change,) = [c for e in entries for c in e.changes if c.field == "region"]
    assert (change.old, change.new) == ("—", "East")


@pytest.mark.parametrize("size", [1, 15])
def test_history_panel_runs_a_fixed_number_of_queries(
    client, rep, admin_user, account, django_assert_num_queries, size
):
    from accounts import services

    for index in range(size):
        services.account_update(
            account=account, actor=admin_user, fields={"name": f"Name {index}", "owner": UserFactory()}
        )
        FinancialYearFactory(account=account, year=1990 + index)
        CompetitorFactory(account=account)
        services.plan_save(account=account, actor=rep, fields={"objectives": f"Objective {index}"})
    client.force_login(admin_user)
    # session, user, account (with the right to see core info), history of account, financial
    # years, competitors, plan, owners named, and the opening of core info logged
    with django_assert_num_queries(9):
        response = client.get(reverse("accounts:history", args=[account.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_plan_panel_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, size):
    AccountPlanFactory(account=account)
    for _ in range(size):
        CoreInfoAccess.objects.create(account=account, user=rep)
    client.force_login(rep)
    # session, user, account, log insert, plan
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:plan", args=[account.pk]))
    assert response.status_code == 200


def test_only_a_prospect_gets_a_pursue_or_give_up_decision(client, rep, account):
    client.force_login(rep)
    data = {"code": account.code, "name": account.name, "industry": "other", "owner": rep.pk}
    refused = client.post(
        reverse("accounts:edit", args=[account.pk]), {**data, "lifecycle": "active", "prospect_decision": "give_up"}
    )
    assert refused.status_code == 200 and "prospect_decision" in refused.context["form"].errors
    accepted = client.post(
        reverse("accounts:edit", args=[account.pk]),
        {**data, "lifecycle": "prospect", "prospect_decision": "dont_give_up"},
    )
    assert accepted.status_code == 302
    account.refresh_from_db()
    assert (account.lifecycle, account.prospect_decision) == ("prospect", "dont_give_up")

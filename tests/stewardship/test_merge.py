"""Merging two accounts: every row of both kept, the history of both kept, the figures right."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, AccountPlan, AccountTeamMember
from attachments.models import Attachment
from credit.models import OwnerAgeing
from dashboard.figures import figures_repair
from scoring.models import AccountRating
from stewardship.merge import RECOMPUTED, accounts_merge, related_counts
from stewardship.models import AccountMerge
from tests.factories import (
    AccountFactory,
    AccountPlanFactory,
    AccountRatingFactory,
    AttachmentFactory,
    CompetitorFactory,
    ContactFactory,
    FinancialYearFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    PlanItemFactory,
    TaskFactory,
    VisitFactory,
)


def fill(account, *, year: int, day: int, competitor: str) -> None:
    """One row of most kinds that belong to an account, none clashing with the other's."""
    ContactFactory(account=account)
    order = OrderFactory(account=account)
    OrderLineFactory(order=order)
    OpportunityFactory(account=account)
    VisitFactory(account=account)
    PlanItemFactory(account=account, planned_on=timezone.localdate() + datetime.timedelta(days=day))
    TaskFactory(account=account)
    FinancialYearFactory(account=account, year=year)
    CompetitorFactory(account=account, name=competitor)
    AttachmentFactory(account=account)


def check_figures() -> int:
    try:
        call_command("check_figures", stdout=StringIO())
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.fixture
def twin(rep):
    return AccountFactory(owner=rep, name="Northwind Trading Co., Ltd.", credit_code="91350100M000100Y43")


def test_merging_keeps_every_related_row_of_both(admin_user, account, twin):
    fill(account, year=2024, day=3, competitor="Acme")
    fill(twin, year=2025, day=4, competitor="Globex")
    figures_repair()
    kept_before, merged_before = related_counts(account), related_counts(twin)
    history_before = Account.history.filter(id__in=[account.pk, twin.pk]).count()

    record = accounts_merge(actor=admin_user, kept=account, merged=twin)

    after = related_counts(account)
    one_to_one = {
        "deals.AccountReceivable",
        "credit.CreditPosition",
        "visits.VisitSchedule",
        "scoring.AccountStanding",
        "contacts.AccountCoverage",
    }
    for label, count in after.items():
        if label in one_to_one:
            continue  # the kept account's figure, computed again over both accounts' rows
        assert count == kept_before[label] + merged_before[label], label
    assert sum(merged_before.values()) > 10
    assert not Account.objects.filter(pk=twin.pk).exists()
    # Both histories stay; the merged one's last row says it went, and why.
    assert Account.history.filter(id__in=[account.pk, twin.pk]).count() > history_before
    gone = Account.history.filter(id=twin.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_user == admin_user
    assert record.merged_code == twin.code and record.moved["contacts.Contact"] == 1
    # An attachment filed on the merged account itself now points at the kept one.
    assert Attachment.objects.filter(account=account, target_id=account.pk).count() == 2
    account.refresh_from_db()
    assert account.credit_code == "91350100M000100Y43"
    assert check_figures() == 0


def test_a_row_that_would_be_there_twice_keeps_the_kept_accounts_own(admin_user, account, twin, teammate):
    AccountTeamMember.objects.create(account=twin, user=teammate)  # on both teams

    record = accounts_merge(actor=admin_user, kept=account, merged=twin)

    assert AccountTeamMember.objects.filter(account=account, user=teammate).count() == 1
    assert record.dropped == {"accounts.AccountTeamMember": 1}


def test_two_orders_of_one_number_refuse_the_merge(admin_user, account, twin):
    OrderFactory(account=account, number="SO-1")
    OrderFactory(account=twin, number="SO-1")

    with pytest.raises(ValidationError):
        accounts_merge(actor=admin_user, kept=account, merged=twin)

    assert Account.objects.filter(pk=twin.pk).exists()


def test_only_an_admin_merges(manager, account, twin):
    with pytest.raises(PermissionDenied):
        accounts_merge(actor=manager, kept=account, merged=twin)


def test_the_page_shows_what_moves_then_merges(client, admin_user, account, twin):
    ContactFactory(account=twin)
    client.force_login(admin_user)
    url = reverse("stewardship:merge")

    checked = client.post(url, {"kept": account.code, "merged": twin.code})
    assert checked.status_code == 200 and b"merge-preview" in checked.content
    assert Account.objects.filter(pk=twin.pk).exists()

    done = client.post(url, {"kept": account.code, "merged": twin.code, "confirm": "1"})
    assert done.status_code == 302
    assert AccountMerge.objects.get().kept == account
    assert not Account.objects.filter(pk=twin.pk).exists()


def test_merging_an_account_of_another_owner_moves_its_figures_to_the_kept_owner(admin_user, account, other_rep):
    """The merged account's owner no longer counts its receivables, the kept one's does."""
    other = AccountFactory(owner=other_rep, name="Northwind Trading")
    fill(other, year=2025, day=4, competitor="Globex")
    figures_repair()
    assert OwnerAgeing.objects.filter(owner=other_rep).exclude(overdue_over_90=0, not_due_amount=0).exists()

    accounts_merge(actor=admin_user, kept=account, merged=other)

    assert check_figures() == 0


def test_when_both_have_their_own_one_of_a_kind_rows_nothing_of_the_merged_is_lost(admin_user, account, twin):
    """A plan each, a rating each, a competitor and a year of statements of the same name:
    the merged plan's sections join the kept plan's, every other row dropped is kept in the
    merge record as it was; counted before and after, every row of both is somewhere."""
    fill(account, year=2024, day=3, competitor="Acme")
    fill(twin, year=2024, day=4, competitor="Acme")
    AccountPlanFactory(account=account, objectives="Sole pump supplier.", review_on=datetime.date(2027, 3, 1))
    AccountPlanFactory(
        account=twin, objectives="Win the valves too.", barrier_strategy="", review_on=datetime.date(2027, 1, 15)
    )
    AccountRatingFactory(account=account, needs_match=5)
    AccountRatingFactory(account=twin, needs_match=1, price_sensitivity=4)
    figures_repair()
    kept_before, merged_before = related_counts(account), related_counts(twin)

    record = accounts_merge(actor=admin_user, kept=account, merged=twin)

    after = related_counts(account)
    kept_as_they_were = {}
    for row in record.dropped_rows:
        kept_as_they_were.setdefault(row["model"], []).append(row)
    combined = {"accounts.AccountPlan": 1}
    for label, count in after.items():
        if label in RECOMPUTED or label == "scoring.AccountStanding":
            continue
        recorded = len(kept_as_they_were.get(label.lower(), []))
        assert count + recorded + combined.get(label, 0) == kept_before[label] + merged_before[label], label
    assert {"accounts.competitor", "accounts.financialyear", "scoring.accountrating"} <= set(kept_as_they_were)
    rating = kept_as_they_were["scoring.accountrating"][0]["fields"]
    assert (rating["needs_match"], rating["price_sensitivity"]) == (1, 4)
    plan = AccountPlan.objects.get(account=account)
    assert plan.objectives.startswith("Sole pump supplier.")
    assert f"{twin.code} {twin.name}" in plan.objectives and plan.objectives.endswith("Win the valves too.")
    assert plan.competitive_strategy.count("Bundle service contracts.") == 2  # both plans had it
    assert plan.review_on == datetime.date(2027, 1, 15)  # the sooner review
    assert plan.history.latest("history_date").history_change_reason == f"merged {twin.code}"
    assert AccountRating.objects.get(account=account).needs_match == 5
    assert record.moved["accounts.AccountPlan"] == 1
    assert check_figures() == 0

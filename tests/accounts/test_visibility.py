"""The one visibility rule, role by role."""

import pytest
from django.http import Http404

from accounts.models import Account
from accounts.visibility import accounts_seen_on_account_teams, get_account_for, owners_seen_in_full
from deals.models import Opportunity
from tests.factories import AccountFactory, AccountTeamMemberFactory, OpportunityFactory, UserFactory


def visible_names(user):
    return set(Account.objects.visible_to(user).values_list("name", flat=True))


def test_rep_sees_only_the_accounts_they_own_or_work_on(rep, account, foreign_account):
    assert visible_names(rep) == {"Northwind Trading"}


def test_account_team_member_sees_the_account(teammate, account, foreign_account):
    assert visible_names(teammate) == {"Northwind Trading"}


def test_rep_of_the_same_team_not_on_the_account_team_does_not_see_it(north, manager, account):
    colleague = UserFactory(team=north)
    assert visible_names(colleague) == set()


def test_manager_sees_every_account_of_their_team_and_no_other(manager, account, foreign_account, teammate):
    AccountFactory(owner=teammate, name="Teammate Corp")
    assert visible_names(manager) == {"Northwind Trading", "Teammate Corp"}


def test_other_manager_sees_only_their_team(other_manager, account, foreign_account):
    assert visible_names(other_manager) == {"Southwind Holdings"}


@pytest.mark.parametrize("role", ["credit_approver", "admin"])
def test_credit_approver_and_admin_see_every_account(cast, account, foreign_account, role):
    assert visible_names(cast[role]) == {"Northwind Trading", "Southwind Holdings"}


def test_inactive_user_sees_nothing(rep, account):
    rep.is_active = False
    assert visible_names(rep) == set()


def test_each_account_is_listed_once_however_many_ways_it_is_visible(manager, account):
    # The manager manages the owner's team and is also on the account team.
    AccountTeamMemberFactory(account=account, user=manager)
    assert list(Account.objects.visible_to(manager)) == [account]


def test_get_account_for_an_outsider_is_404_not_403(other_rep, account):
    with pytest.raises(Http404):
        get_account_for(other_rep, account.pk)


def test_rep_opening_another_teams_account_by_url_gets_404(client, other_rep, account):
    client.force_login(other_rep)
    response = client.get(f"/accounts/{account.pk}/")
    assert response.status_code == 404
    assert account.name not in response.content.decode()


@pytest.mark.parametrize(
    "role", ["rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"]
)
def test_the_rule_splits_into_owners_seen_in_full_and_account_teams(cast, account, foreign_account, role):
    """Figures kept per owner (the dashboard's) rely on this split of the one rule."""
    AccountFactory(owner=cast["teammate"], name="Teammate Corp")
    AccountFactory(owner=cast["manager"], name="Managed By Manager")
    # the North manager also works one South account, beside its owner
    AccountTeamMemberFactory(account=foreign_account, user=cast["manager"])
    user = cast[role]

    owners = owners_seen_in_full(user)
    by_owner = Account.objects.all() if owners is None else Account.objects.filter(owner__in=owners)
    split = set(by_owner.values_list("name", flat=True)) | set(
        accounts_seen_on_account_teams(user).values_list("name", flat=True)
    )

    assert split == visible_names(user)
    if role == "manager":
        assert "Southwind Holdings" in split  # through the account team only
    if role in ("credit_approver", "admin"):
        assert owners is None


@pytest.mark.parametrize(
    "role", ["rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"]
)
def test_rows_visible_in_bulk_are_exactly_the_rows_visible_one_by_one(cast, account, foreign_account, role):
    """Totals and rankings (the opportunity board) read through the split form; lists through
    the row-by-row test: both must let through the same rows for every role."""
    teammates = AccountFactory(owner=cast["teammate"], name="Teammate Corp")
    managers = AccountFactory(owner=cast["manager"], name="Managed By Manager")
    AccountTeamMemberFactory(account=foreign_account, user=cast["manager"])
    for owned in (account, foreign_account, teammates, managers):
        OpportunityFactory.create_batch(2, account=owned, name=owned.name)
    user = cast[role]

    def names(queryset):
        return sorted(queryset.values_list("name", flat=True))

    assert names(Opportunity.objects.visible_in_bulk_to(user)) == names(Opportunity.objects.visible_to(user))
    assert names(Opportunity.objects.visible_in_bulk_to(user))  # every role of the cast sees some


def test_an_inactive_user_sees_no_rows_in_bulk(rep, account):
    OpportunityFactory(account=account)
    rep.is_active = False
    assert not Opportunity.objects.visible_in_bulk_to(rep).exists()

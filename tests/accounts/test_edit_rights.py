"""The rule for what a user may change, beside the one for what they may see: who edits an
account, who gives it another owner or team, who opens its core info — through every door."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Account, AccountTeamMember, CoreInfoAccess
from accounts.visibility import CHANGE, CORE_INFO, REASSIGN, VIEW, may, with_rights
from tests.factories import AccountFactory, AccountTeamMemberFactory, UserFactory

ACTIONS = (VIEW, CHANGE, REASSIGN, CORE_INFO)


@pytest.fixture
def support(account, other_rep):
    """A rep of another team, added to the account's team as support."""
    AccountTeamMemberFactory(account=account, user=other_rep)
    return other_rep


def team_of(account) -> set[int]:
    return set(AccountTeamMember.objects.filter(account=account).values_list("user", flat=True))


def edit_form(account, **changes) -> dict:
    return {
        "code": account.code,
        "name": account.name,
        "industry": account.industry,
        "lifecycle": account.lifecycle,
        **changes,
    }


def test_a_member_of_the_account_team_cannot_take_it_over_through_the_form(client, account, rep, teammate, support):
    client.force_login(support)
    response = client.post(
        reverse("accounts:edit", args=[account.pk]), edit_form(account, name="Mine now", owner=support.pk, team=[])
    )

    assert response.status_code == 302  # the rest of the form is theirs to change
    account.refresh_from_db()
    assert account.name == "Mine now"
    assert account.owner == rep
    assert team_of(account) == {teammate.pk, support.pk}


@pytest.mark.parametrize("who", ["rep", "teammate", "support"])
def test_neither_the_owner_nor_the_account_team_may_change_the_owner_or_the_team(who, cast, account, support):
    actor = support if who == "support" else cast[who]
    with pytest.raises(PermissionDenied):
        services.account_update(account=account, actor=actor, fields={"owner": support})
    with pytest.raises(PermissionDenied):
        services.account_update(account=account, actor=actor, fields={}, team=[])
    account.refresh_from_db()
    assert account.owner == cast["rep"]
    assert team_of(account) == {cast["teammate"].pk, support.pk}


def test_the_account_form_offers_owner_and_team_only_to_who_may_change_them(client, account, teammate, manager):
    client.force_login(teammate)
    page = client.get(reverse("accounts:edit", args=[account.pk]))
    assert {"owner", "team"}.isdisjoint(page.context["form"].fields)
    assert "changed by the owner's manager or an administrator" in page.content.decode()
    client.force_login(manager)
    assert {"owner", "team"} <= set(client.get(reverse("accounts:edit", args=[account.pk])).context["form"].fields)


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_owners_manager_and_an_admin_change_the_owner_and_the_team(who, client, cast, account, support):
    new_owner = cast["teammate"]
    client.force_login(cast[who])
    response = client.post(
        reverse("accounts:edit", args=[account.pk]), edit_form(account, owner=new_owner.pk, team=[cast["rep"].pk])
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.owner == new_owner
    assert team_of(account) == {cast["rep"].pk}


def test_another_teams_manager_on_the_account_team_may_edit_but_not_reassign(account, other_manager):
    AccountTeamMemberFactory(account=account, user=other_manager)
    assert may(other_manager, CHANGE, account)
    assert not may(other_manager, REASSIGN, account)


def test_the_door_agrees_with_itself_for_every_role_action_and_account(cast, account, foreign_account, support):
    """``may`` (one account), ``restrict`` (a queryset) and ``with_rights`` (an annotation) are
    one rule: asked the same question, they give the same answer."""
    managers_own = AccountFactory(owner=cast["manager"])
    accounts = [account, foreign_account, managers_own]
    for user in [*cast.values(), support, UserFactory(is_active=False)]:
        for action in ACTIONS:
            allowed = set(Account.objects.restrict(user, action).values_list("pk", flat=True))
            annotated = with_rights(Account.objects.filter(pk__in=[a.pk for a in accounts]), user, action)
            for loaded in annotated:
                assert may(user, action, Account.objects.get(pk=loaded.pk)) == (loaded.pk in allowed)
                assert getattr(loaded, f"may_{action}") == (loaded.pk in allowed), (user, action, loaded)
    assert may(cast["manager"], REASSIGN, managers_own)  # a manager in their own team
    assert not may(cast["credit_approver"], CHANGE, account) and may(cast["credit_approver"], VIEW, account)


def test_a_credit_approver_neither_opens_core_info_nor_finds_it_in_the_history(client, rep, credit_approver, account):
    services.plan_save(account=account, actor=rep, fields={"barrier_strategy": "Exclusive service contract"})
    services.plan_save(account=account, actor=rep, fields={"barrier_strategy": "Long-term price agreement"})
    client.force_login(credit_approver)

    history = client.get(reverse("accounts:history", args=[account.pk]))
    detail = client.get(account.get_absolute_url())

    assert history.status_code == 200
    page = history.content.decode()
    assert "Exclusive service contract" not in page and "Long-term price agreement" not in page
    assert "Barrier strategy" not in page
    assert client.get(reverse("accounts:plan", args=[account.pk])).status_code == 403
    assert "plan" not in [panel["key"] for panel in detail.context["panels"]]
    assert not CoreInfoAccess.objects.exists()


def test_a_manager_who_finds_core_info_in_the_history_is_logged(client, rep, manager, account):
    services.plan_save(account=account, actor=rep, fields={"barrier_strategy": "Exclusive service contract"})
    services.plan_save(account=account, actor=rep, fields={"barrier_strategy": "Long-term price agreement"})
    client.force_login(manager)

    page = client.get(reverse("accounts:history", args=[account.pk])).content.decode()

    assert "Long-term price agreement" in page
    assert list(CoreInfoAccess.objects.values_list("account", "user")) == [(account.pk, manager.pk)]


def test_a_history_without_plan_changes_logs_no_opening(client, manager, account):
    client.force_login(manager)
    assert client.get(reverse("accounts:history", args=[account.pk])).status_code == 200
    assert not CoreInfoAccess.objects.exists()


def test_opening_a_plan_in_the_django_admin_is_logged(client, admin_user, rep, account):
    plan = services.plan_save(account=account, actor=rep, fields={"objectives": "Sole supplier"})
    client.force_login(admin_user)

    assert client.get(reverse("admin:accounts_accountplan_change", args=[plan.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_accountplan_history", args=[plan.pk])).status_code == 200

    assert CoreInfoAccess.objects.filter(account=account, user=admin_user).count() == 2


def import_owner(user, account, owner):
    import tablib

    from accounts.importing import import_accounts

    dataset = tablib.Dataset(headers=["code", "name", "owner"])
    dataset.append([account.code, account.name, owner.username])
    return import_accounts(dataset=dataset, mapping={}, user=user, dry_run=False)


def test_a_member_of_the_account_team_cannot_take_it_over_through_an_import(account, rep, support):
    report = import_owner(support, account, support)

    assert not report.committed
    assert report.errors == [(2, f"You may not give account {account.code} another owner.")]
    account.refresh_from_db()
    assert account.owner == rep


def test_the_owners_manager_moves_an_account_through_an_import_and_the_plans_follow(account, rep, teammate, manager):
    from tests.factories import PlanItemFactory
    from visits.models import PlanItem

    item = PlanItemFactory(account=account, rep=rep)

    report = import_owner(manager, account, teammate)

    assert report.committed and report.updated == 1
    account.refresh_from_db()
    assert account.owner == teammate
    assert not PlanItem.objects.filter(pk=item.pk).exists()

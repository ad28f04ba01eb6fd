"""The one group → role and team rule (users/sso.py), used by both sign-in doors."""

from __future__ import annotations

import pytest

from users import sso
from users.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_strongest_role_wins_whatever_the_order(sso_mapping):
    assert sso.role_for(["crm-sales", "crm-admins", "crm-managers"]) == Role.ADMIN
    assert sso.role_for(["crm-sales", "crm-approvers"]) == Role.CREDIT_APPROVER
    assert sso.role_for(["unmapped"]) is None


def test_the_first_team_of_the_mapping_wins(sso_mapping):
    assert sso.team_name_for(["sales-south", "sales-north"]) == "North"
    assert sso.team_name_for(["crm-sales"]) is None


def test_without_a_team_mapping_the_crm_keeps_the_team(sso_mapping, settings, south):
    settings.SSO_GROUP_TEAMS = {}
    user = User.objects.create(username="dora", role=Role.REP, team=south, password="!")
    sso.directory_user_sign_in(username="dora", groups=["crm-managers"])
    user.refresh_from_db()
    assert (user.role, user.team) == (Role.MANAGER, south)


def test_leaving_every_team_group_clears_the_team(sso_mapping, south):
    User.objects.create(username="dora", role=Role.REP, team=south, password="!")
    assert sso.directory_user_sign_in(username="dora", groups=["crm-sales"]).team is None

"""seed_demo builds a demo company every role can log in to, and never seeds twice by accident."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Account
from users.models import Role, User

SMALL = {"accounts": 30, "orders_per_account": 2, "lines_per_order": 2, "contacts_per_account": 2}


def seed(**options) -> str:
    output = StringIO()
    call_command("seed_demo", stdout=output, **SMALL, **options)
    return output.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_it_prints_a_login_for_every_role(seeded):
    for username in ("admin", "credit", "manager_north", "rep_li"):
        assert f"  {username}" in seeded
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Account.objects.count() == 30


def test_every_demo_login_works_and_sees_what_its_role_allows(client, seeded):
    visible_counts = {}
    for user in User.objects.all():
        assert client.login(username=user.username, password="demo1234")
        response = client.get(reverse("accounts:list"))
        assert response.status_code == 200
        visible_counts[user.username] = response.context["paginator"].count
    assert visible_counts["admin"] == visible_counts["credit"] == 30
    team_total = sum(visible_counts[name] for name in ("manager_north", "manager_east", "manager_south"))
    assert team_total == 30  # every account belongs to exactly one team
    assert 0 < visible_counts["rep_li"] < visible_counts["manager_north"]


def test_it_refuses_to_seed_a_database_that_has_data(seeded):
    with pytest.raises(CommandError, match="--reset"):
        seed()


def test_if_empty_does_nothing_when_data_is_there(seeded):
    output = seed(if_empty=True)
    assert "nothing seeded" in output
    assert Account.objects.count() == 30


@pytest.mark.django_db(transaction=True)  # as run for real: flush outside any open transaction
def test_reset_replaces_the_data():
    seed()
    seed(reset=True, seed=7)
    assert Account.objects.count() == 30
    assert User.objects.filter(username="admin").count() == 1

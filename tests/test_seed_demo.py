"""seed_demo builds a demo company every role can log in to, and never seeds twice by accident."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
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


def test_the_people_match_their_logins_and_their_name_shows_in_the_menu(client, seeded):
    assert str(User.objects.get(username="rep_li")) == "Li Wei"
    assert str(User.objects.get(username="rep_wang")) == "Wang Fang"
    client.force_login(User.objects.get(username="rep_li"))
    page = client.get(reverse("accounts:list")).content.decode()
    assert '<span class="nav-user-name" id="nav-user-name">Li Wei</span>' in page


def test_the_demo_shows_the_product_to_every_role(seeded):
    from credit.selectors import approver_queue
    from deals.models import Product
    from scoring.models import ScoringResult, ScoringRun
    from users.models import Notification

    assert ScoringRun.objects.count() == 7  # six month-ends and today: tier history and movements
    assert ScoringResult.objects.exclude(previous_abc_tier="").exclude(previous_abc_tier=F("abc_tier")).exists()
    assert approver_queue(user=User.objects.get(username="credit")).exists()
    for role in Role.values:
        assert Notification.objects.filter(recipient__role=role).exists(), role
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()  # nobody is e-mailed
    assert Product.objects.filter(name__startswith="Centrifugal pump").exists()
    # every account lies in an area of its owner's team's region; each rep and team has targets
    from dashboard.models import Target

    assert not Account.objects.filter(region__isnull=True).exists()
    assert not Account.objects.exclude(region__parent=F("owner__team__manager__region")).exists()
    reps = User.objects.filter(role=Role.REP).count()
    assert Target.objects.filter(rep__isnull=False).count() == 2 * reps
    assert Target.objects.filter(team__isnull=False).count() == 6


def test_a_chinese_demo_has_chinese_people_companies_products_and_phones(db):
    from contacts.models import Contact
    from deals.models import Product
    from users.models import Team

    output = seed(locale="zh_CN", months_scored=1)
    assert "zh_CN" in output
    chinese = re.compile(r"[\u4e00-\u9fff]")
    rep_li = User.objects.get(username="rep_li")
    assert str(rep_li) == "李伟" and rep_li.language == "zh-hans"
    assert all(chinese.search(name) for name in Team.objects.values_list("name", flat=True))
    assert all(chinese.search(name) for name in Account.objects.values_list("name", flat=True))
    assert all(chinese.search(name) for name in Product.objects.values_list("name", flat=True))
    assert all(chinese.search(name) for name in Contact.objects.values_list("name", flat=True))
    assert Product.objects.filter(name__startswith="离心泵").exists()
    assert all(re.fullmatch(r"1\d{10}", phone) for phone in Account.objects.values_list("phone", flat=True))


def test_the_demo_speaks_the_sites_language_unless_told(db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    seed(months_scored=0)
    assert str(User.objects.get(username="rep_wang")) == "王芳"

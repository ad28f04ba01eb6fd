"""A manager hands a leaving rep's accounts to a colleague, in a real browser."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from accounts.models import Account
from stewardship.models import HandOver, HandOverStatus
from tests.factories import AccountFactory, OpportunityFactory, TaskFactory, UserFactory
from users.models import Notification, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def pipeline_stages(db):
    """The default stages, which a browser test run before this one has flushed with the rest
    of the database (transaction=True); OpportunityFactory takes the first open one."""
    from django.apps import apps

    importlib.import_module("deals.migrations.0003_default_pipeline_stages").create_stages(apps, None)


def test_manager_checks_what_will_move_then_hands_the_accounts_over(open_page, log_in, manager, rep, north):
    successor = UserFactory(username="successor", first_name="Li", last_name="Na", role=Role.REP, team=north)
    accounts = AccountFactory.create_batch(3, owner=rep)
    OpportunityFactory(account=accounts[0])
    TaskFactory(account=accounts[1])
    page = open_page()
    log_in(page, manager)

    page.goto(reverse("stewardship:handovers"))
    page.locator("#handover-sources tr", has_text=str(rep)).get_by_role("link", name="Hand over").click()
    page.wait_for_url(f"**{reverse('stewardship:handover', args=[rep.pk])}")
    page.select_option("select[name=to_user]", str(successor.pk))
    page.get_by_role("button", name="Check what will move").click()

    preview = page.inner_text("#handover-preview")
    assert "3 accounts" in preview and "1 open opportunity" in preview and "1 open task" in preview
    assert Account.objects.filter(owner=rep).count() == 3  # nothing moved yet

    page.get_by_role("button", name="Hand over now").click()
    page.wait_for_url(f"**{reverse('stewardship:handovers')}")

    assert "3 accounts handed over" in page.inner_text(".alert-success, .alert")
    assert Account.objects.filter(owner=successor).count() == 3
    assert Notification.objects.filter(recipient=successor, key__startswith="stewardship:handover:").exists()


def test_a_large_hand_over_runs_as_a_task_and_the_list_shows_it_done(open_page, log_in, manager, rep, north, settings):
    settings.HANDOVER_INLINE_MAX_ACCOUNTS = 2  # tasks are eager here: the "worker" runs on commit
    successor = UserFactory(username="successor", role=Role.REP, team=north)
    AccountFactory.create_batch(3, owner=rep)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    log_in(page, manager)

    page.goto(reverse("stewardship:handover", args=[rep.pk]))
    page.select_option("select[name=to_user]", str(successor.pk))
    page.get_by_role("button", name="Check what will move").click()
    page.get_by_role("button", name="Hand over now").click()
    page.wait_for_url(f"**{reverse('stewardship:handovers')}")

    assert "The hand-over is running" in page.inner_text(".alert")
    assert Account.objects.filter(owner=successor).count() == 3
    assert HandOver.objects.get().status == HandOverStatus.DONE

"""Hand-over: a rep's accounts and their open work given to another rep in one action."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, AccountTeamMember
from dashboard.figures import figures_repair
from deals.models import Opportunity
from scoring import services as scoring_services
from scoring.models import RunTrigger
from stewardship.handover import Scope, hand_over, hand_over_preview, hand_over_request, hand_over_run
from stewardship.models import HandOver, HandOverStatus
from stewardship.tasks import enqueue_pending_handovers, run_handover
from tasks.models import Task
from tests.factories import (
    AccountFactory,
    OpportunityFactory,
    PlanItemFactory,
    TaskFactory,
    UserFactory,
)
from users.models import Notification, Role
from visits.models import PlanItem


def book_of(owner, count: int) -> list[Account]:
    """``count`` accounts of ``owner``, each with an open opportunity, a planned visit next
    week, an open task and one done task (which stays the old owner's record)."""
    today = timezone.localdate()
    accounts = AccountFactory.create_batch(count, owner=owner)
    for index, account in enumerate(accounts):
        OpportunityFactory(account=account)
        PlanItemFactory(account=account, planned_on=today + datetime.timedelta(days=1 + index % 20))
        TaskFactory(account=account)
        TaskFactory(account=account, done_at=timezone.now(), done_by=owner)
    return accounts


def team_work_of(rep, *, owner, count: int) -> list[Account]:
    """``count`` accounts of ``owner`` with ``rep`` on their team, each with an open
    opportunity, a planned visit and an open task of ``rep``'s."""
    today = timezone.localdate()
    accounts = AccountFactory.create_batch(count, owner=owner)
    for index, account in enumerate(accounts):
        AccountTeamMember.objects.create(account=account, user=rep)
        OpportunityFactory(account=account, owner=rep)
        PlanItemFactory(account=account, rep=rep, planned_on=today + datetime.timedelta(days=1 + index % 20))
        TaskFactory(account=account, owner=rep)
    return accounts


def check_figures() -> int:
    try:
        call_command("check_figures", stdout=StringIO())
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.fixture
def successor(north, manager):
    return UserFactory(username="successor", role=Role.REP, team=north)


# Every statement of the hand-over, whatever the number of accounts (41 at 30 and at 300):
# the transaction's savepoint; the source's team, for its manager (1); the successor among
# the assignable owners (1); lock and list
# the accounts (1); move the opportunities, plan items and tasks (1 UPDATE each); the
# accounts (1 UPDATE); their history (1 INSERT … SELECT per 900 accounts); the successor off
# their account teams (1); for the whole book, the old owner's places on colleagues' account
# teams (a DELETE of the successor's doubles, an UPDATE: 2); the owners before and after (1); the
# hubs: the two owners' monthly revenue (lock, sum, DELETE: 3; this book has no sales to INSERT),
# per-owner run figures (6 with their savepoint), per-owner ageing (4), the old owner's plan
# (1), the stored visit schedules' owner (the cadences, one upsert: 2); whether a webhook wants the event (1); the
# record (1); the managers (1); one notification each for the three people (a savepoint, an
# INSERT, its release: 9); and the transaction's release.
@pytest.mark.parametrize("count", [30, 300])
def test_hand_over_moves_every_account_and_its_work_in_a_fixed_number_of_queries(
    rep, successor, teammate, manager, admin_user, count, django_assert_num_queries
):
    accounts = book_of(rep, count)
    ids = [account.pk for account in accounts]
    # The rep's work on a colleague's accounts, where they are on the account team: it goes
    # to the successor too, with the rep's place on those teams.
    team_ids = [account.pk for account in team_work_of(rep, owner=teammate, count=count // 10)]
    scoring_services.rescore(as_of=timezone.localdate(), trigger=RunTrigger.COMMAND)
    figures_repair()
    assert check_figures() == 0

    with django_assert_num_queries(HAND_OVER_QUERIES):
        record = hand_over(actor=manager, scope=Scope(source=rep), to_user=successor)

    moved = count + count // 10
    assert record.accounts == count and record.opportunities == moved
    assert record.plan_items == moved and record.tasks == moved
    assert Opportunity.objects.filter(account__in=team_ids, owner=successor).count() == count // 10
    assert PlanItem.objects.filter(account__in=team_ids, rep=successor).count() == count // 10
    assert Task.objects.filter(account__in=team_ids, owner=successor).count() == count // 10
    assert set(AccountTeamMember.objects.filter(account__in=team_ids).values_list("user", flat=True)) == {successor.pk}
    assert Account.objects.filter(pk__in=team_ids, owner=teammate).count() == count // 10
    assert Account.objects.filter(pk__in=ids, owner=successor).count() == count
    assert Opportunity.objects.filter(account__in=ids, owner=successor).count() == count
    assert PlanItem.objects.filter(account__in=ids, rep=successor).count() == count
    assert Task.objects.filter(account__in=ids, owner=successor, done_at__isnull=True).count() == count
    # Done tasks stay the record of who did them.
    assert Task.objects.filter(account__in=ids, owner=rep, done_at__isnull=False).count() == count
    # The history says who handed over, with the previous owner in the row before.
    latest = Account.history.filter(id=ids[0]).order_by("-history_date", "-history_id")[:2]
    assert [row.owner_id for row in latest] == [successor.pk, rep.pk]
    assert latest[0].history_user == manager and "hand-over" in latest[0].history_change_reason
    assert check_figures() == 0
    told = set(Notification.objects.filter(key=f"stewardship:handover:{record.pk}").values_list("recipient", flat=True))
    assert told == {rep.pk, successor.pk, manager.pk}


HAND_OVER_QUERIES = 41


def test_a_filtered_hand_over_moves_only_the_named_accounts(rep, successor, manager):
    first, second, third = book_of(rep, 3)

    preview = hand_over_preview(actor=manager, scope=Scope(source=rep, codes=(first.code, third.code)))
    hand_over(actor=manager, scope=Scope(source=rep, codes=(first.code, third.code)), to_user=successor)

    assert (preview.accounts, preview.opportunities, preview.plan_items, preview.tasks) == (2, 2, 2, 2)
    assert set(Account.objects.filter(owner=successor)) == {first, third}
    assert Opportunity.objects.get(account=second).owner == rep
    assert PlanItem.objects.get(account=second).rep == rep


def test_work_on_accounts_the_hander_over_may_not_reassign_stays(rep, successor, manager, other_rep, teammate):
    """The rep's task on another team's account, and everything outside a hand-over named by
    codes, stays theirs: the manager may not reassign there, and a partial hand-over is about
    the accounts it names."""
    own, _rest = book_of(rep, 2)
    foreign = AccountFactory(owner=other_rep)
    AccountTeamMember.objects.create(account=foreign, user=rep)
    TaskFactory(account=foreign, owner=rep)
    colleague = team_work_of(rep, owner=teammate, count=1)[0]

    hand_over(actor=manager, scope=Scope(source=rep, codes=(own.code,)), to_user=successor)
    assert Task.objects.get(account=colleague).owner == rep

    record = hand_over(actor=manager, scope=Scope(source=rep), to_user=successor)
    assert Task.objects.get(account=foreign).owner == rep
    assert AccountTeamMember.objects.filter(account=foreign, user=rep).exists()
    assert Task.objects.get(account=colleague).owner == successor
    assert (record.accounts, record.tasks) == (1, 2)  # the rest of the book and the colleague's account


def test_the_successor_already_on_a_team_keeps_one_place(rep, successor, manager, teammate):
    colleague = team_work_of(rep, owner=teammate, count=1)[0]
    AccountTeamMember.objects.create(account=colleague, user=successor)
    book_of(rep, 1)

    hand_over(actor=manager, scope=Scope(source=rep), to_user=successor)

    assert list(AccountTeamMember.objects.filter(account=colleague).values_list("user", flat=True)) == [successor.pk]


def test_the_successor_leaves_the_account_team_of_what_they_now_own(rep, successor, manager, account):
    AccountTeamMember.objects.create(account=account, user=successor)

    hand_over(actor=manager, scope=Scope(source=rep), to_user=successor)

    assert not AccountTeamMember.objects.filter(account=account, user=successor).exists()


def test_a_manager_may_not_hand_over_another_teams_rep(rep, other_rep, other_manager, successor, account):
    with pytest.raises(PermissionDenied):
        hand_over(actor=other_manager, scope=Scope(source=rep), to_user=other_rep)
    with pytest.raises(PermissionDenied):  # nor give their own rep's accounts to another team
        hand_over(actor=other_manager, scope=Scope(source=other_rep), to_user=rep)
    assert Account.objects.get(pk=account.pk).owner == rep


def test_a_rep_may_not_hand_over_even_their_own_accounts(rep, teammate, account):
    with pytest.raises(PermissionDenied):
        hand_over(actor=rep, scope=Scope(source=rep), to_user=teammate)


def test_the_page_checks_then_hands_over(client, manager, rep, successor):
    book_of(rep, 2)
    client.force_login(manager)
    url = reverse("stewardship:handover", args=[rep.pk])

    checked = client.post(url, {"to_user": successor.pk})
    assert checked.status_code == 200 and b"handover-preview" in checked.content
    assert not HandOver.objects.exists()

    done = client.post(url, {"to_user": successor.pk, "confirm": "1"})
    assert done.status_code == 302
    assert HandOver.objects.get().accounts == 2
    assert Account.objects.filter(owner=successor).count() == 2


def test_deactivating_an_owner_in_the_admin_asks_for_the_hand_over(client, admin_user, rep, account):
    client.force_login(admin_user)
    url = reverse("admin:users_user_change", args=[rep.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data["groups"] = []
    data["user_permissions"] = []

    response = client.post(url, data)

    assert response.status_code == 200
    assert reverse("stewardship:handover", args=[rep.pk]).encode() in response.content
    rep.refresh_from_db()
    assert rep.is_active


def test_a_hand_over_over_the_inline_limit_runs_as_a_task_once(
    client, manager, rep, successor, settings, django_capture_on_commit_callbacks
):
    settings.HANDOVER_INLINE_MAX_ACCOUNTS = 2
    book_of(rep, 3)
    scoring_services.rescore(as_of=timezone.localdate(), trigger=RunTrigger.COMMAND)
    figures_repair()
    client.force_login(manager)
    url = reverse("stewardship:handover", args=[rep.pk])

    with django_capture_on_commit_callbacks() as callbacks:
        queued = client.post(url, {"to_user": successor.pk, "confirm": "1"})
    assert queued.status_code == 302
    record = HandOver.objects.get()
    assert record.status == HandOverStatus.PENDING and record.accounts == 0
    assert not Account.objects.filter(owner=successor).exists()  # nothing moved in the request
    assert len(callbacks) == 1

    callbacks[0]()  # the worker (eager here) runs the task
    record.refresh_from_db()
    assert record.status == HandOverStatus.DONE
    assert (record.accounts, record.opportunities, record.plan_items, record.tasks) == (3, 3, 3, 3)
    assert Account.objects.filter(owner=successor).count() == 3
    history_rows = Account.history.count()
    notifications = Notification.objects.count()

    assert run_handover(record.pk) is False  # delivered again: claims nothing, moves nothing
    assert Account.history.count() == history_rows
    assert Notification.objects.count() == notifications
    assert HandOver.objects.count() == 1
    assert check_figures() == 0

    page = client.get(reverse("stewardship:handovers"))
    assert b'http-equiv="refresh"' not in page.content


def test_a_queued_hand_over_that_no_longer_matches_is_marked_failed(rep, successor, manager):
    book_of(rep, 1)
    record = hand_over_request(actor=manager, scope=Scope(source=rep, codes=("NOPE",)), to_user=successor)
    assert hand_over_run(handover_pk=record.pk) is True
    record.refresh_from_db()
    assert record.status == HandOverStatus.FAILED and record.error
    assert hand_over_run(handover_pk=record.pk) is False


def test_a_small_hand_over_still_runs_in_the_request(client, manager, rep, successor, settings):
    settings.HANDOVER_INLINE_MAX_ACCOUNTS = 2
    book_of(rep, 2)
    client.force_login(manager)
    client.post(reverse("stewardship:handover", args=[rep.pk]), {"to_user": successor.pk, "confirm": "1"})
    assert HandOver.objects.get().status == HandOverStatus.DONE
    assert Account.objects.filter(owner=successor).count() == 2


def test_the_sweep_hands_a_lost_hand_over_to_a_worker_once(rep, successor, manager):
    book_of(rep, 2)
    record = hand_over_request(actor=manager, scope=Scope(source=rep), to_user=successor)  # on_commit never fires
    HandOver.objects.filter(pk=record.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    assert enqueue_pending_handovers() == 1  # eager: the worker runs it now
    record.refresh_from_db()
    assert record.status == HandOverStatus.DONE and record.accounts == 2
    assert enqueue_pending_handovers() == 0


def test_the_list_refreshes_while_a_hand_over_runs(client, manager, rep, successor):
    book_of(rep, 1)
    hand_over_request(actor=manager, scope=Scope(source=rep), to_user=successor)
    client.force_login(manager)
    page = client.get(reverse("stewardship:handovers"))
    assert b'http-equiv="refresh"' in page.content and "waiting to run" in page.content.decode()

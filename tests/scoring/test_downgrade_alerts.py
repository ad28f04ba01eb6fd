"""The downgrade alerts of a run: owed ones found in one statement, each sent exactly once."""

from __future__ import annotations

import pytest
from django.core import mail

from scoring import alerts
from tests.factories import AccountFactory, ScoringResultFactory, ScoringRunFactory
from users.models import Notification


def downgraded_run(owner, count: int):
    """A run in which ``count`` of owner's A accounts dropped to B."""
    run = ScoringRunFactory()
    for _index in range(count):
        ScoringResultFactory(run=run, account=AccountFactory(owner=owner), previous_abc_tier="A", abc_tier="B")
    ScoringResultFactory(run=run, account=AccountFactory(owner=owner), previous_abc_tier="A", abc_tier="A")
    return run


@pytest.mark.parametrize("count", [1, 8])
def test_a_rerun_sends_nothing_and_reads_the_owed_alerts_in_one_query(
    rep, manager, django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    run = downgraded_run(rep, count)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.alert_downgrades(run) == 2 * count
    assert len(mail.outbox) == 2 * count

    # the downgraded key accounts whose owner or manager has no alert of this run yet: none
    with django_assert_num_queries(1), django_capture_on_commit_callbacks(execute=True):
        assert alerts.alert_downgrades(run) == 0
    assert Notification.objects.count() == 2 * count
    assert len(mail.outbox) == 2 * count


@pytest.mark.parametrize("count", [1, 8])
def test_a_first_run_sends_every_alert_in_a_fixed_number_of_queries(rep, manager, django_assert_num_queries, count):
    run = downgraded_run(rep, count)
    # the owed alerts (1), and their notifications in one INSERT inside a savepoint (3)
    with django_assert_num_queries(4):
        assert alerts.alert_downgrades(run) == 2 * count
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"rep", "manager"}
    result = run.results.filter(abc_tier="B").select_related("account").first()
    message = Notification.objects.get(recipient=manager, key=f"scoring:downgrade:{run.pk}:{result.account_id}")
    assert message.subject == f"{result.account.name} dropped from A / — to B / Ordinary"
    assert f"({result.account.code}) moved from tier A (—) to tier B (Ordinary). Its score is 50.00." in message.body
    assert message.link == result.account.get_absolute_url()


def test_only_whoever_was_not_told_yet_is_told(rep, manager, django_capture_on_commit_callbacks):
    run = downgraded_run(rep, 1)
    alerts.alert_downgrades(run)
    Notification.objects.filter(recipient=manager).delete()
    inactive = AccountFactory(owner=AccountFactory().owner)
    inactive.owner.is_active = False
    inactive.owner.save(update_fields=["is_active"])
    ScoringResultFactory(run=run, account=inactive, previous_abc_tier="A", abc_tier="C")

    with django_capture_on_commit_callbacks(execute=True):
        sent = alerts.alert_downgrades(run)

    assert sent == 1
    assert list(Notification.objects.filter(recipient=manager).values_list("key", flat=True)) == [
        f"scoring:downgrade:{run.pk}:{run.results.get(abc_tier='B').account_id}"
    ]
    assert [message.to for message in mail.outbox] == [["manager@example.com"]]

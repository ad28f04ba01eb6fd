"""The account timeline: every kind, newest first, paged by a cursor, a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttachmentFactory,
    ComplaintFactory,
    CreditRequestFactory,
    OpportunityFactory,
    OrderFactory,
    PaymentFactory,
    ScoringResultFactory,
    TaskFactory,
    VisitFactory,
)
from timeline.models import AccountNote
from timeline.selectors import SOURCES, Cursor, account_timeline

pytestmark = pytest.mark.django_db


def _fill(account, count: int) -> None:
    """``count`` events of several kinds, many on the same day and at the same moment."""
    today = timezone.localdate()
    for number in range(count):
        day = today - datetime.timedelta(days=number % 3)
        VisitFactory(account=account, visited_on=day)
        OrderFactory(account=account, order_date=day)
        TaskFactory(account=account)
        AttachmentFactory(account=account)
        AccountNote.objects.create(account=account, author=account.owner, text=f"note {number}")
    ComplaintFactory(account=account)
    OpportunityFactory(account=account)


def _all_pages(account, **options):
    seen, cursor = [], None
    while True:
        page, cursor = account_timeline(account=account, cursor=cursor, size=4, **options)
        seen += [(entry.kind, entry.object.pk) for entry in page]
        if cursor is None:
            return seen


def test_paging_shows_every_event_once_newest_first(account):
    _fill(account, 6)

    everything, _ = account_timeline(account=account, size=1000)
    paged = _all_pages(account)

    assert paged == [(entry.kind, entry.object.pk) for entry in everything]
    assert len(paged) == 6 * 5 + 2
    moments = [entry.when for entry in everything]
    assert moments == sorted(moments, reverse=True)


def test_payments_credit_steps_tier_changes_and_closed_deals_are_on_it(account, rep):
    from credit.models import CreditRequestEvent

    PaymentFactory(order=OrderFactory(account=account), amount=Decimal("10.00"))
    request = CreditRequestFactory(account=account)
    CreditRequestEvent.objects.create(request=request, actor=rep, to_status=request.status)
    ScoringResultFactory(account=account, abc_tier="A", previous_abc_tier="B")
    ScoringResultFactory(account=account, abc_tier="B", previous_abc_tier="B")  # no change: not shown
    OpportunityFactory(account=account, closed_on=timezone.localdate())

    kinds = [entry.kind for entry in account_timeline(account=account)[0]]

    for kind in ("payment", "credit", "opportunity", "opportunity_closed", "order"):
        assert kind in kinds
    assert kinds.count("tier") == 1


def test_the_timeline_filters_by_kind(account):
    _fill(account, 3)

    kinds = {kind for kind, _ in _all_pages(account, kinds=["visit", "note"])}

    assert kinds == {"visit", "note"}


def test_a_withdrawn_document_leaves_the_timeline(account, rep):
    AttachmentFactory(account=account, deleted_at=timezone.now(), deleted_by=rep)

    assert account_timeline(account=account)[0] == []


def test_a_malformed_cursor_means_the_first_page():
    for token in ("", "nonsense", "2026-01-01T00:00:00~1~1", "2026-01-01T00:00:00+00:00~99~1", "x~y~z"):
        assert Cursor.parse(token) is None


def test_another_teams_rep_cannot_open_the_timeline(client, other_rep, account):
    client.force_login(other_rep)

    assert client.get(reverse("timeline:account_panel", args=[account.pk])).status_code == 404


def test_a_teammate_adds_a_note_that_shows_first(client, teammate, account):
    _fill(account, 1)
    client.force_login(teammate)

    client.post(reverse("timeline:note_add", args=[account.pk]), {"text": "Met the new buyer"})

    page = client.get(reverse("timeline:account_panel", args=[account.pk])).content.decode()
    assert page.index("Met the new buyer") < page.index("timeline-visit")


def test_a_credit_approver_reads_but_cannot_add_notes(client, credit_approver, account):
    client.force_login(credit_approver)

    assert client.post(reverse("timeline:note_add", args=[account.pk]), {"text": "x"}).status_code == 403
    assert not AccountNote.objects.exists()


@pytest.mark.parametrize("count", [2, 12])
def test_a_timeline_page_costs_one_query_per_kind_at_any_size(client, rep, account, count, django_assert_num_queries):
    _fill(account, count)
    client.force_login(rep)
    # session, user, the account, the right to add notes, then one query per kind
    with django_assert_num_queries(4 + len(SOURCES)):
        response = client.get(reverse("timeline:account_panel", args=[account.pk]))
    assert response.status_code == 200


def test_the_next_page_costs_the_same(client, rep, account, django_assert_num_queries):
    _fill(account, 12)
    _, cursor = account_timeline(account=account)
    client.force_login(rep)
    with django_assert_num_queries(4 + len(SOURCES)):
        client.get(reverse("timeline:account_panel", args=[account.pk]), {"before": cursor.token()})

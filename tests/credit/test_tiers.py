"""Tiers from scoring, where credit shows and uses them: the approver queue, the credit page
filter, and a tier drop opening a credit review."""

from decimal import Decimal

from django.urls import reverse

from credit import services
from credit.models import CreditReview, ReviewTrigger
from credit.positions import positions_refresh
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    OrderFactory,
    OrderLineFactory,
)
from users.models import Notification


def test_the_queue_shows_each_accounts_tier(client, manager, account):
    AccountStandingFactory(account=account, abc_tier="B")
    CreditRequestFactory(account=account)
    client.force_login(manager)
    response = client.get(reverse("credit:queue"))
    assert [item.account.tier for item in response.context["requests"]] == ["B"]


def test_the_credit_page_filters_by_tier(client, manager, rep):
    tier_a = AccountFactory(owner=rep)
    AccountStandingFactory(account=tier_a, abc_tier="A")
    tier_c = AccountFactory(owner=rep)
    AccountStandingFactory(account=tier_c, abc_tier="C")
    unscored = AccountFactory(owner=rep)
    positions_refresh()  # factories write past the services; refresh as they would
    client.force_login(manager)

    everyone = client.get(reverse("credit:overview")).context["accounts"]
    assert {a.pk: a.tier for a in everyone} == {tier_a.pk: "A", tier_c.pk: "C", unscored.pk: None}
    only_c = client.get(reverse("credit:overview"), {"tier": "C"}).context["accounts"]
    assert [a.pk for a in only_c] == [tier_c.pk]


def test_a_tier_drop_opens_a_review_once_and_tells_the_owner(account, rep, foreign_account):
    AccountStandingFactory(account=account, abc_tier="B", previous_abc_tier="A")
    AccountStandingFactory(account=foreign_account, abc_tier="A", previous_abc_tier="B")  # moved up: no review

    assert [review.account for review in services.reviews_open_due()] == [account]
    assert services.reviews_open_due() == []

    review = CreditReview.objects.get()
    assert review.trigger == ReviewTrigger.TIER_DROP
    assert Notification.objects.filter(recipient=rep, key=f"credit:review:{review.pk}").count() == 1


def test_an_overdue_account_that_also_dropped_is_reviewed_for_the_overdue(account):
    AccountStandingFactory(account=account, abc_tier="C", previous_abc_tier="A")
    CreditLimitFactory(account=account, amount=Decimal("10"))
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal("100"))
    [review] = services.reviews_open_due()
    assert review.trigger == ReviewTrigger.OVERDUE

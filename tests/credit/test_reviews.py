"""The daily review job opens each review once, tells the owner, and an investigation closes it."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from credit import services, tasks
from credit.models import ITEM_NAMES, CreditReview, ReviewStatus, ReviewTrigger
from tests.factories import (
    AccountFactory,
    CreditInvestigationFactory,
    CreditLimitFactory,
    OrderFactory,
    OrderLineFactory,
)
from users.models import Notification

TODAY = timezone.localdate()


def unpaid_order(account, amount, due_days_ago):
    order = OrderFactory(
        account=account,
        order_date=TODAY - datetime.timedelta(days=due_days_ago + 30),
        due_date=TODAY - datetime.timedelta(days=due_days_ago),
    )
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal(amount))


def test_running_the_job_twice_opens_each_review_once(account, rep):
    unpaid_order(account, "1000", due_days_ago=31)  # beyond the 30-day threshold
    recent_overdue = AccountFactory(owner=rep)
    unpaid_order(recent_overdue, "1000", due_days_ago=10)  # overdue, not yet beyond it
    stretched = AccountFactory(owner=rep)
    CreditLimitFactory(account=stretched, amount=Decimal("1000"))
    unpaid_order(stretched, "950", due_days_ago=-20)  # 95 % used, nothing due yet

    assert tasks.open_credit_reviews() == 2
    assert tasks.open_credit_reviews() == 0

    reviews = {review.account_id: review.trigger for review in CreditReview.objects.all()}
    assert reviews == {account.pk: ReviewTrigger.OVERDUE, stretched.pk: ReviewTrigger.UTILISATION}
    assert Notification.objects.filter(recipient=rep, key__startswith="credit:review:").count() == 2


def test_a_recent_investigation_keeps_the_job_quiet(account):
    unpaid_order(account, "1000", due_days_ago=60)
    CreditInvestigationFactory(account=account, investigated_on=TODAY - datetime.timedelta(days=5))
    assert services.reviews_open_due() == []


def test_a_new_investigation_closes_the_review(client, account, rep):
    unpaid_order(account, "1000", due_days_ago=60)
    [review] = services.reviews_open_due()
    client.force_login(rep)
    data = dict.fromkeys(ITEM_NAMES, "3")

    client.post(
        reverse("credit:investigation_create", args=[account.pk]), {**data, "investigated_on": TODAY.isoformat()}
    )

    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED
    assert review.closed_by.account == account
    assert services.reviews_open_due() == []  # the fresh investigation keeps it closed


def test_the_review_shows_on_the_account_panel(client, account, rep):
    unpaid_order(account, "1000", due_days_ago=60)
    services.reviews_open_due()
    client.force_login(rep)
    page = client.get(reverse("credit:account_panel", args=[account.pk])).content.decode()
    assert "Credit review open since" in page


def test_the_job_is_on_the_beat_schedule(settings):
    assert any(entry["task"] == "credit.tasks.open_credit_reviews" for entry in settings.CELERY_BEAT_SCHEDULE.values())

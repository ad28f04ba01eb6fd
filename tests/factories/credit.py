"""Factories for credit investigations, limit requests, limits, reviews and write-offs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from credit.models import (
    CreditHold,
    CreditInvestigation,
    CreditLimit,
    CreditRequest,
    CreditReview,
    RequestStatus,
    ReviewTrigger,
    Route,
)

from .core import AccountFactory, UserFactory
from .deals import OrderFactory


class CreditInvestigationFactory(DjangoModelFactory):
    """All items rated 4 ("good"): score 80, rating AA under the default policy."""

    class Meta:
        model = CreditInvestigation

    account = factory.SubFactory(AccountFactory)
    author = factory.LazyAttribute(lambda investigation: investigation.account.owner)
    investigated_on = factory.LazyFunction(timezone.localdate)
    principal_credit = 4
    company_size = 4
    sales_capability = 4
    management_capability = 4
    capital_growth = 4
    profit_trend = 4
    employee_complaints = 4
    supplier_evaluation = 4
    bank_credit = 4
    peer_evaluation = 4
    industry_climate = 4
    score = Decimal("80.00")
    rating = "AA"
    suggested_limit = Decimal("1000000")


class CreditRequestFactory(DjangoModelFactory):
    """A submitted request by the account's owner, routed to the owner's manager."""

    class Meta:
        model = CreditRequest

    account = factory.SubFactory(AccountFactory)
    requested_by = factory.LazyAttribute(lambda request: request.account.owner)
    requested_limit = Decimal("300000")
    payment_terms_days = 60
    reason = "Growing orders need longer terms."
    investigation = factory.SubFactory(CreditInvestigationFactory, account=factory.SelfAttribute("..account"))
    status = RequestStatus.SUBMITTED
    route = Route.MANAGER
    assigned_manager = factory.LazyAttribute(
        lambda request: request.account.owner.team.manager if request.account.owner.team else None
    )
    submitted_at = factory.LazyFunction(timezone.now)


class CreditLimitFactory(DjangoModelFactory):
    class Meta:
        model = CreditLimit

    account = factory.SubFactory(AccountFactory)
    amount = Decimal("100000")
    payment_terms_days = 30
    effective_from = datetime.date(2026, 1, 1)
    set_by = factory.SubFactory(UserFactory, role="credit_approver")
    exposure_at_change = Decimal("0")


class CreditReviewFactory(DjangoModelFactory):
    class Meta:
        model = CreditReview

    account = factory.SubFactory(AccountFactory)
    trigger = ReviewTrigger.OVERDUE
    opened_on = factory.LazyFunction(timezone.localdate)


class CreditHoldFactory(DjangoModelFactory):
    """An order of the account on credit hold, waiting for a decision."""

    class Meta:
        model = CreditHold

    account = factory.SubFactory(AccountFactory)
    order = factory.SubFactory(OrderFactory, account=factory.SelfAttribute("..account"), status="on_hold")
    message = "Credit hold: over the limit."
    exposure = Decimal("120000")
    limit_amount = Decimal("100000")
    held_by = factory.SelfAttribute("account.owner")


__all__ = [
    "CreditHoldFactory",
    "CreditInvestigationFactory",
    "CreditLimitFactory",
    "CreditRequestFactory",
    "CreditReviewFactory",
]

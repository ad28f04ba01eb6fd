"""Demo credit data: investigations and limits for the bigger accounts, and requests in every
state (waiting for a manager, waiting for the credit approver, approved, returned, rejected)
with their timelines. Bulk inserts; the requests still waiting are announced to whoever
decides them, as a submitted request is (so the approver's queue and bell are not empty)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from users.models import Role, User

from .models import (
    ITEM_NAMES,
    CreditInvestigation,
    CreditLimit,
    CreditRequest,
    CreditRequestEvent,
    RequestStatus,
    Route,
)
from .positions import positions_refresh
from .services import rate_investigation
from .services.requests import notify_approvers

SHARE_WITH_LIMITS = 0.3  # of the accounts, the heaviest first
MAX_REQUESTS = 60  # requests with timelines for the first of them; one INSERT each, so kept few
STATES = [RequestStatus.SUBMITTED] * 4 + [RequestStatus.APPROVED] * 3 + [RequestStatus.RETURNED, RequestStatus.REJECTED]
FOR_THE_APPROVER = 2  # the first waiting requests ask for more than a manager may approve
ABOVE_MANAGERS = Decimal("800000")
TEXTS = {
    "reason": ("Regular purchases need a standing credit line.", "常规采购需要长期信用额度。"),
    "set": ("Set on the investigation.", "按资信调查结果设定。"),
    RequestStatus.APPROVED: ("Approved on the investigation.", "根据资信调查批准。"),
    RequestStatus.RETURNED: ("Please attach the bank's reference.", "请附上银行资信证明。"),
    RequestStatus.REJECTED: ("Too many overdue invoices.", "逾期发票过多。"),
}


def seed(context) -> None:
    today = timezone.localdate()
    approver = User.objects.filter(role=Role.CREDIT_APPROVER).order_by("pk").first()
    if approver is None:
        return
    weights = sorted(context.shared.get("account_weights", []), key=lambda pair: -pair[1])
    chosen = [pk for pk, _weight in weights[: max(1, int(len(weights) * SHARE_WITH_LIMITS))]]
    owners = dict(User.objects.filter(owned_accounts__pk__in=chosen).values_list("owned_accounts__pk", "pk"))
    managers = dict(User.objects.filter(role=Role.REP, team__manager__isnull=False).values_list("pk", "team__manager"))
    by_account = _seed_investigations(context, chosen=chosen, owners=owners, today=today)

    requests_made = 0
    limits = []
    for index, pk in enumerate(chosen):
        investigation = by_account[pk]
        if index >= MAX_REQUESTS:  # the rest got their limit set directly by the credit approver, in bulk
            limits.append(_limit_set_directly(context, investigation=investigation, approver=approver))
            continue
        limit = _seed_request(
            context,
            index=index,
            investigation=investigation,
            owner_id=owners[pk],
            manager_id=managers.get(owners[pk]),
            approver=approver,
        )
        requests_made += 1
        if limit is not None:
            limits.append(limit)
    CreditLimit.objects.bulk_create(limits, batch_size=1000)
    positions_refresh()  # bulk inserts pass the services: every account's position at once
    context.say(f"  credit: {len(chosen)} investigations, {requests_made} requests, {len(limits)} limits")


def _seed_investigations(context, *, chosen: list[int], owners: dict, today) -> dict[int, CreditInvestigation]:
    """One investigation for each chosen account (bulk), returned by account id."""
    rng = context.random
    investigations = []
    for pk in chosen:
        ratings = {name: rng.choice([2, 3, 3, 4, 4, 4, 5]) for name in ITEM_NAMES}
        score, rating, suggested = rate_investigation(ratings)
        investigation = CreditInvestigation(
            account_id=pk,
            author_id=owners[pk],
            investigated_on=today - datetime.timedelta(days=rng.randint(20, 300)),
            score=score,
            rating=rating,
            suggested_limit=suggested,
            **ratings,
        )
        investigations.append(investigation)
    CreditInvestigation.objects.bulk_create(investigations, batch_size=1000)
    return {
        investigation.account_id: investigation
        for investigation in CreditInvestigation.objects.filter(account_id__in=chosen)
    }


def _limit_set_directly(context, *, investigation: CreditInvestigation, approver: User) -> CreditLimit:
    """The credit approver set the investigation's suggested limit, without a request."""
    return CreditLimit(
        account_id=investigation.account_id,
        amount=investigation.suggested_limit,
        payment_terms_days=30,
        effective_from=investigation.investigated_on,
        set_by=approver,
        reason=context.pick(*TEXTS["set"]),
        exposure_at_change=Decimal("0"),
    )


def _seed_request(
    context, *, index: int, investigation: CreditInvestigation, owner_id: int, manager_id: int | None, approver: User
) -> CreditLimit | None:
    """The index-th request, in the state ``STATES`` gives it, with its timeline; the limit it
    brought in force when it was approved (saved by the caller, in bulk)."""
    rng = context.random
    state = STATES[index] if index < len(STATES) else RequestStatus.APPROVED
    amount = max(Decimal("50000"), investigation.suggested_limit) * Decimal(rng.choice(["0.4", "0.6", "0.8", "1"]))
    if index < FOR_THE_APPROVER:
        amount = max(amount, ABOVE_MANAGERS)
    route = Route.MANAGER if manager_id and amount <= Decimal("500000") else Route.CREDIT
    decider_id = manager_id if route == Route.MANAGER else approver.pk
    submitted_at = timezone.now() - datetime.timedelta(days=rng.randint(1, 15), hours=rng.randint(0, 23))
    request = CreditRequest.objects.create(
        account_id=investigation.account_id,
        requested_by_id=owner_id,
        requested_limit=amount,
        payment_terms_days=rng.choice([30, 45, 60, 90]),
        reason=context.pick(*TEXTS["reason"]),
        investigation=investigation,
        status=state,
        route=route,
        assigned_manager_id=manager_id if route == Route.MANAGER else None,
        submitted_at=submitted_at,
    )
    submitted = CreditRequestEvent(
        request=request,
        actor_id=owner_id,
        to_status=RequestStatus.SUBMITTED,
        comment=request.reason,
        created_at=submitted_at,
    )
    if state == RequestStatus.SUBMITTED:
        CreditRequestEvent.objects.bulk_create([submitted])
        notify_approvers(request, submitted)
        return None
    decided, limit = _decide(context, request=request, decider_id=decider_id)
    CreditRequestEvent.objects.bulk_create([submitted, decided])
    return limit


def _decide(context, *, request: CreditRequest, decider_id: int) -> tuple[CreditRequestEvent, CreditLimit | None]:
    """Record the decision the request's state says was taken a few hours after it was
    submitted: the decision's event (saved by the caller) and, for an approval, the limit."""
    state = request.status
    decided_at = request.submitted_at + datetime.timedelta(hours=context.random.randint(2, 48))
    comment = context.pick(*TEXTS[state])
    event = CreditRequestEvent(
        request=request,
        actor_id=decider_id,
        from_status=RequestStatus.SUBMITTED,
        to_status=state,
        comment=comment,
        created_at=decided_at,
    )
    limit = None
    if state != RequestStatus.RETURNED:
        request.decided_by_id = decider_id
        request.decided_at = decided_at
    if state == RequestStatus.APPROVED:
        request.approved_limit = request.requested_limit
        request.approved_terms_days = request.payment_terms_days
        request.effective_from = decided_at.date()
        limit = CreditLimit(
            account_id=request.account_id,
            amount=request.requested_limit,
            payment_terms_days=request.payment_terms_days,
            effective_from=decided_at.date(),
            request=request,
            set_by_id=decider_id,
            reason=comment,
            exposure_at_change=Decimal("0"),
        )
    request.save(update_fields=["decided_by", "decided_at", "approved_limit", "approved_terms_days", "effective_from"])
    return event, limit

"""Filing a credit-limit request: routing by amount, the one open request per account, the timeline."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import format_amount
from users import events
from users.models import Role, User
from users.notifications import notify

from ..models import (
    OPEN_REQUEST_EXISTS,
    OPEN_REQUEST_STATUSES,
    CreditInvestigation,
    CreditRequest,
    CreditRequestEvent,
    RequestStatus,
    Route,
)
from .base import CreditError


def route_for(*, account: Account, amount: Decimal, requested_by: User) -> tuple[str, User | None]:
    """Who decides: the owner's manager when the amount is within their approval limit and they
    are neither the requester nor the owner; the credit approvers otherwise."""
    team = account.owner.team
    manager = team.manager if team is not None else None
    if (
        manager is not None
        and manager.is_active
        and manager.pk not in (requested_by.pk, account.owner_id)
        and amount <= manager.approval_limit
    ):
        return Route.MANAGER, manager
    return Route.CREDIT, None


@transaction.atomic
def credit_request_submit(
    *,
    account: Account,
    actor: User,
    requested_limit: Decimal,
    payment_terms_days: int,
    reason: str,
    investigation: CreditInvestigation,
) -> CreditRequest:
    """File a request, route it by its amount, record it and tell whoever decides it."""
    if investigation.account_id != account.pk:
        raise CreditError(_("The investigation must be one of this account's."))
    if CreditRequest.objects.filter(account=account, status__in=OPEN_REQUEST_STATUSES).exists():
        raise CreditError(OPEN_REQUEST_EXISTS)
    route, manager = route_for(account=account, amount=requested_limit, requested_by=actor)
    request = CreditRequest(
        account=account,
        requested_by=actor,
        requested_limit=requested_limit,
        payment_terms_days=payment_terms_days,
        reason=reason,
        investigation=investigation,
        route=route,
        assigned_manager=manager,
        submitted_at=timezone.now(),
    )
    request.full_clean()
    try:
        with transaction.atomic():  # a savepoint: a concurrent submission loses to the constraint
            request.save()
    except IntegrityError as error:
        raise CreditError(OPEN_REQUEST_EXISTS) from error
    event = record_event(request, actor=actor, from_status="", to_status=RequestStatus.SUBMITTED, comment=reason)
    notify_approvers(request, event)
    return request


@transaction.atomic
def credit_request_resubmit(
    *,
    request: CreditRequest,
    actor: User,
    requested_limit: Decimal,
    payment_terms_days: int,
    reason: str,
    investigation: CreditInvestigation,
    comment: str,
) -> CreditRequest:
    """Answer the questions of a returned request and send it again (routed afresh)."""
    locked = lock_request(request)
    if locked.status != RequestStatus.RETURNED:
        raise CreditError(_("Only a request returned with questions can be submitted again."))
    if locked.requested_by_id != actor.pk:
        raise CreditError(_("Only the person who filed the request can submit it again."))
    if investigation.account_id != locked.account_id:
        raise CreditError(_("The investigation must be one of this account's."))
    locked.route, locked.assigned_manager = route_for(
        account=locked.account, amount=requested_limit, requested_by=actor
    )
    locked.requested_limit = requested_limit
    locked.payment_terms_days = payment_terms_days
    locked.reason = reason
    locked.investigation = investigation
    locked.status = RequestStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.full_clean()
    locked.save(
        update_fields=[
            "route",
            "assigned_manager",
            "requested_limit",
            "payment_terms_days",
            "reason",
            "investigation",
            "status",
            "submitted_at",
        ]
    )
    event = record_event(
        locked, actor=actor, from_status=RequestStatus.RETURNED, to_status=RequestStatus.SUBMITTED, comment=comment
    )
    notify_approvers(locked, event)
    return locked


def lock_request(request: CreditRequest) -> CreditRequest:
    # Only the request's row (not the account and owner rows the join reads): deciding a
    # request serialises on the request; credit_limit_set locks the account itself when an
    # approval changes the limit.
    return (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("account", "account__owner")
        .get(pk=request.pk)
    )


# The steps of a request's timeline that other systems hear of (webhooks): every change of
# status goes through record_event, so these are emitted once per step, in its transaction.
EVENT_NAMES = {
    RequestStatus.SUBMITTED: "credit_request.submitted",
    RequestStatus.APPROVED: "credit_request.decided",
    RequestStatus.REJECTED: "credit_request.decided",
}


def record_event(
    request: CreditRequest, *, actor: User, from_status: str, to_status: str, comment: str
) -> CreditRequestEvent:
    event = CreditRequestEvent.objects.create(
        request=request, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )
    if to_status in EVENT_NAMES:
        payload = {
            "credit_request_id": request.pk,
            "account": events.account_ref(request.account),
            "status": to_status,
            "requested_limit": request.requested_limit,
            "payment_terms_days": request.payment_terms_days,
            "approved_limit": request.approved_limit,
            "approved_terms_days": request.approved_terms_days,
            "effective_from": request.effective_from,
            "by": actor.username,
        }
        events.emit(EVENT_NAMES[to_status], payload, account=request.account)
    return event


def notify_approvers(request: CreditRequest, event: CreditRequestEvent) -> None:
    if request.route == Route.MANAGER:
        recipients = [request.assigned_manager]
    else:
        recipients = User.objects.filter(role=Role.CREDIT_APPROVER, is_active=True).exclude(
            pk__in=[request.requested_by_id, request.account.owner_id]
        )
    notify(
        recipients=recipients,
        key=f"credit:request:{request.pk}:event:{event.pk}",
        subject=_("Credit-limit request for %(account)s: %(amount)s"),
        # The account's name comes first: names end in "Co., Ltd." and a full stop after one doubled it.
        body=_("%(account)s: %(requester)s asks for a credit limit of %(amount)s. It waits for your decision."),
        params={
            "account": request.account.name,
            "amount": format_amount(request.requested_limit),
            "requester": str(request.requested_by),
        },
        link=request.get_absolute_url(),
    )

"""Deciding a credit-limit request: who may, approving (which sets the limit), rejecting, returning.

The request's row is locked for every decision, so a request is decided once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from users.models import User
from users.notifications import notify
from users.permissions import is_credit_approver

from ..models import (
    CreditRequest,
    CreditRequestEvent,
    RequestStatus,
)
from ..permissions import is_assigned_manager, is_party
from .base import CreditError, money
from .limits import credit_limit_set
from .requests import lock_request, record_event


def decision_refusal(user: User, request: CreditRequest, amount: Decimal | None = None):
    """Why ``user`` may not decide ``request`` (for ``amount``), or None when they may.

    Nobody decides their own request or one for an account they own; a manager decides only
    what was routed to them and only up to their approval limit; credit approvers and admins
    decide the rest.
    """
    if is_party(user, request):
        return _("Nobody decides their own request or a request for an account they own.")
    if is_credit_approver(user):
        return None
    if is_assigned_manager(user, request):
        if amount is not None and amount > user.approval_limit:
            return _("%(amount)s is above your approval limit of %(limit)s.") % {
                "amount": money(amount),
                "limit": money(user.approval_limit),
            }
        return None
    return _("This request is outside your authority.")


@transaction.atomic
def credit_request_approve(
    *,
    request: CreditRequest,
    actor: User,
    comment: str,
    approved_limit: Decimal | None = None,
    approved_terms_days: int | None = None,
    effective_from: datetime.date | None = None,
    confirm_below_exposure: bool = False,
) -> CreditRequest:
    """Approve (possibly a lower amount or shorter terms); the limit takes effect from its date."""
    locked = _lock_for_decision(request, actor)
    amount = locked.requested_limit if approved_limit is None else approved_limit
    terms = locked.payment_terms_days if approved_terms_days is None else approved_terms_days
    if amount > locked.requested_limit or amount < 0:
        raise CreditError(_("The approved limit must be between zero and the amount requested."))
    refusal = decision_refusal(actor, locked, amount)
    if refusal:
        raise CreditError(refusal)
    effective_from = effective_from or timezone.localdate()
    locked.status = RequestStatus.APPROVED
    locked.approved_limit = amount
    locked.approved_terms_days = terms
    locked.effective_from = effective_from
    _decided(locked, actor)
    credit_limit_set(
        account=locked.account,
        actor=actor,
        amount=amount,
        payment_terms_days=terms,
        effective_from=effective_from,
        reason=comment,
        confirm_below_exposure=confirm_below_exposure,
        request=locked,
    )
    locked.save(
        update_fields=["status", "approved_limit", "approved_terms_days", "effective_from", "decided_by", "decided_at"]
    )
    event = record_event(
        locked, actor=actor, from_status=RequestStatus.SUBMITTED, to_status=RequestStatus.APPROVED, comment=comment
    )
    _notify_requester(locked, event)
    return locked


@transaction.atomic
def credit_request_reject(*, request: CreditRequest, actor: User, comment: str) -> CreditRequest:
    """Reject with a reason (the comment is required)."""
    if not comment.strip():
        raise CreditError(_("Say why the request is rejected."))
    locked = _lock_for_decision(request, actor)
    locked.status = RequestStatus.REJECTED
    _decided(locked, actor)
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    event = record_event(
        locked, actor=actor, from_status=RequestStatus.SUBMITTED, to_status=RequestStatus.REJECTED, comment=comment
    )
    _notify_requester(locked, event)
    return locked


@transaction.atomic
def credit_request_return(*, request: CreditRequest, actor: User, comment: str) -> CreditRequest:
    """Send the request back to the requester with questions (the comment is required)."""
    if not comment.strip():
        raise CreditError(_("Write the questions the requester should answer."))
    locked = _lock_for_decision(request, actor)
    locked.status = RequestStatus.RETURNED
    locked.save(update_fields=["status"])
    event = record_event(
        locked, actor=actor, from_status=RequestStatus.SUBMITTED, to_status=RequestStatus.RETURNED, comment=comment
    )
    _notify_requester(locked, event)
    return locked


def _lock_for_decision(request: CreditRequest, actor: User) -> CreditRequest:
    """Lock the request row: of two approvers deciding at once, the second waits here, then
    finds it decided. This check under the lock is what makes a decision happen once."""
    locked = lock_request(request)
    if locked.status != RequestStatus.SUBMITTED:
        raise CreditError(
            _("This request is no longer waiting for a decision (it is now: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    refusal = decision_refusal(actor, locked)
    if refusal:
        raise CreditError(refusal)
    return locked


def _decided(request: CreditRequest, actor: User) -> None:
    request.decided_by = actor
    request.decided_at = timezone.now()


def _notify_requester(request: CreditRequest, event: CreditRequestEvent) -> None:
    subjects = {
        RequestStatus.APPROVED: _("Credit limit for %(account)s approved: %(amount)s"),
        RequestStatus.REJECTED: _("Credit-limit request for %(account)s rejected"),
        RequestStatus.RETURNED: _("Credit-limit request for %(account)s returned with questions"),
    }
    notify(
        recipients=[request.requested_by, request.account.owner],
        key=f"credit:request:{request.pk}:event:{event.pk}",
        subject=subjects[event.to_status],
        body=_("%(approver)s: %(comment)s"),
        params={
            "account": request.account.name,
            "amount": money(request.approved_limit),
            "approver": str(event.actor),
            "comment": event.comment,
        },
        link=request.get_absolute_url(),
    )

"""Who may decide which credit-limit request: the rule the decision services and the approval
queue share, for one request and as a filter side by side.

Nobody decides a request they filed or one for an account they own, nor anything while a
second factor their role requires is unconfirmed; a manager decides the
requests routed to them (up to their approval limit, which ``services.decision_refusal``
checks against the amount); credit approvers and admins decide any request, and their queue
holds those above the managers' authority.
"""

from __future__ import annotations

from django.db.models import Q

from users.permissions import is_credit_approver, second_factor_missing

from .models import CreditRequest, Route


def is_party(user, credit_request: CreditRequest) -> bool:
    """Whether ``user`` filed ``credit_request`` or owns its account."""
    return user.pk in (credit_request.requested_by_id, credit_request.account.owner_id)


def is_assigned_manager(user, credit_request: CreditRequest) -> bool:
    return user.is_manager and credit_request.route == Route.MANAGER and credit_request.assigned_manager_id == user.pk


def may_change_limits(user) -> bool:
    """Whether ``user`` may decide credit or set a limit at all, whatever the request: not
    while a second factor required of them is unconfirmed in this session."""
    return not second_factor_missing(user)


def may_decide(user, credit_request: CreditRequest) -> bool:
    """Whether ``user`` has authority over ``credit_request``, its amount aside."""
    if is_party(user, credit_request) or not may_change_limits(user):
        return False
    return is_credit_approver(user) or is_assigned_manager(user, credit_request)


def waiting_for(user) -> Q | None:
    """The requests that wait for ``user``'s decision, as a filter (None: nobody's queue is
    theirs): a credit approver's those routed to credit, a manager's those routed to them;
    never one where ``user`` is a party (:func:`is_party`)."""
    if is_credit_approver(user):
        scope = Q(route=Route.CREDIT)
    elif user.is_manager:
        scope = Q(route=Route.MANAGER, assigned_manager=user)
    else:
        return None
    return scope & ~Q(requested_by=user) & ~Q(account__owner=user)

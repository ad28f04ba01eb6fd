"""Writes for credit management. Views, the order guard and the daily job call these.

Each function is atomic, checks state first, locks what must not race, records who did what
(the request timeline, the limit history, overrides, liabilities) in the same transaction,
and notifies through ``users.notifications.notify`` (whose e-mails go out after commit).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import CENT, format_money, to_cents
from deals.services import order_balances_write_off
from users.models import Role, User
from users.notifications import notify
from users.permissions import is_credit_approver

from . import selectors
from .conf import policy
from .models import (
    ITEM_NAMES,
    OPEN_REQUEST_EXISTS,
    OPEN_REQUEST_STATUSES,
    CreditInvestigation,
    CreditLimit,
    CreditRequest,
    CreditRequestEvent,
    CreditReview,
    Liability,
    LiabilityRole,
    RequestStatus,
    ReviewStatus,
    ReviewTrigger,
    Route,
    WriteOff,
)
from .permissions import is_assigned_manager, is_party
from .positions import positions_refresh


class CreditError(Exception):
    """A rule of credit management refused the action; the message is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ConfirmationRequired(CreditError):
    """The action sets a limit below the current exposure: it needs an explicit confirmation."""


def money(amount: Decimal | None) -> str:
    """An amount as people read it in messages (``format_money``, with the currency)."""
    from django.conf import settings

    return format_money(amount or Decimal("0"), currency=settings.CURRENCY)


# --- Investigations -----------------------------------------------------------------------


def rate_investigation(ratings: dict[str, int]) -> tuple[Decimal, str, Decimal]:
    """Score (0–100), rating and suggested limit for the item ratings, by the configured rule:
    the weighted mean of the 1–5 ratings as a percentage, then the first band it reaches."""
    config = policy()
    weights = config["item_weights"]
    total_weight = sum(Decimal(weights[name]) for name in ITEM_NAMES)
    weighted = sum(Decimal(ratings[name]) * Decimal(weights[name]) for name in ITEM_NAMES)
    score = (weighted / (total_weight * 5) * 100).quantize(CENT, ROUND_HALF_UP)
    bands = config["rating_bands"]
    for rating, lowest, limit in bands:
        if score >= Decimal(lowest):
            return score, rating, Decimal(limit)
    rating, _lowest, limit = bands[-1]
    return score, rating, Decimal(limit)


@transaction.atomic
def investigation_create(*, account: Account, actor: User, fields: dict) -> CreditInvestigation:
    """Record an investigation with its rating; it closes the account's open review."""
    investigation = CreditInvestigation(account=account, author=actor, **fields)
    _rate(investigation)
    investigation.full_clean()
    investigation.save()
    CreditReview.objects.filter(account=account, status=ReviewStatus.OPEN).update(
        status=ReviewStatus.CLOSED, closed_at=timezone.now(), closed_by=investigation
    )
    return investigation


@transaction.atomic
def investigation_update(*, investigation: CreditInvestigation, actor: User, fields: dict) -> CreditInvestigation:
    """Change an investigation unless a decided request used it (then it is evidence, read-only).

    The row is locked, so a decision cannot slip in between the check and the write.
    """
    stored = CreditInvestigation.objects.select_for_update().get(pk=investigation.pk)
    if selectors.investigation_is_locked(stored):
        raise CreditError(_("This investigation supported a decided request and can no longer be changed."))
    for name, value in fields.items():
        setattr(stored, name, value)
    _rate(stored)
    stored.full_clean()
    stored.save(update_fields=[*fields, "score", "rating", "suggested_limit", "updated_at"])
    return stored


def _rate(investigation: CreditInvestigation) -> None:
    ratings = {name: getattr(investigation, name) for name in ITEM_NAMES}
    investigation.score, investigation.rating, investigation.suggested_limit = rate_investigation(ratings)


# --- Requests -----------------------------------------------------------------------------


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
    event = _record(request, actor=actor, from_status="", to_status=RequestStatus.SUBMITTED, comment=reason)
    _notify_approvers(request, event)
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
    locked = _lock(request)
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
    event = _record(
        locked, actor=actor, from_status=RequestStatus.RETURNED, to_status=RequestStatus.SUBMITTED, comment=comment
    )
    _notify_approvers(locked, event)
    return locked


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
    event = _record(
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
    event = _record(
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
    event = _record(
        locked, actor=actor, from_status=RequestStatus.SUBMITTED, to_status=RequestStatus.RETURNED, comment=comment
    )
    _notify_requester(locked, event)
    return locked


def _lock(request: CreditRequest) -> CreditRequest:
    # Only the request's row (not the account and owner rows the join reads): deciding a
    # request serialises on the request; credit_limit_set locks the account itself when an
    # approval changes the limit.
    return (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("account", "account__owner")
        .get(pk=request.pk)
    )


def _lock_for_decision(request: CreditRequest, actor: User) -> CreditRequest:
    """Lock the request row: of two approvers deciding at once, the second waits here, then
    finds it decided. This check under the lock is what makes a decision happen once."""
    locked = _lock(request)
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


def _record(
    request: CreditRequest, *, actor: User, from_status: str, to_status: str, comment: str
) -> CreditRequestEvent:
    return CreditRequestEvent.objects.create(
        request=request, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )


def _notify_approvers(request: CreditRequest, event: CreditRequestEvent) -> None:
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
        body=_("%(requester)s asks for a credit limit of %(amount)s for %(account)s. It waits for your decision."),
        params={
            "account": request.account.name,
            "amount": money(request.requested_limit),
            "requester": str(request.requested_by),
        },
        link=request.get_absolute_url(),
    )


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


# --- Limits -------------------------------------------------------------------------------


@transaction.atomic
def credit_limit_set(
    *,
    account: Account,
    actor: User,
    amount: Decimal,
    payment_terms_days: int,
    effective_from: datetime.date,
    reason: str,
    confirm_below_exposure: bool = False,
    request: CreditRequest | None = None,
) -> CreditLimit:
    """Add an entry to the account's limit history, effective from ``effective_from``.

    A limit below the current exposure needs ``confirm_below_exposure``; the exposure of the
    day and the confirmation are recorded with it. The account row is locked so that two
    changes to one account's limit are recorded one after the other.
    """
    Account.objects.select_for_update().filter(pk=account.pk).first()
    exposure = selectors.account_exposure(account.pk).exposure
    below = amount < exposure
    if below and not confirm_below_exposure:
        raise ConfirmationRequired(
            _("The new limit of %(limit)s is below the current exposure of %(exposure)s: confirm to set it.")
            % {"limit": money(amount), "exposure": money(exposure)}
        )
    limit = CreditLimit(
        account=account,
        amount=amount,
        payment_terms_days=payment_terms_days,
        effective_from=effective_from,
        request=request,
        set_by=actor,
        reason=reason,
        exposure_at_change=exposure,
        below_exposure_confirmed=below,
    )
    limit.full_clean(exclude=["request"])
    limit.save()
    positions_refresh(account_ids=[account.pk])
    return limit


# --- Reviews ------------------------------------------------------------------------------


@transaction.atomic
def reviews_open_due(*, today: datetime.date | None = None) -> list[CreditReview]:
    """Open a review for each account whose payments are overdue beyond the threshold, whose
    utilisation is above it or whose ABC tier dropped at the last scoring run, unless one is
    open or an investigation is recent; tell the owner.

    One INSERT for all accounts; the partial unique constraint (one open review per account)
    makes a second run, or a concurrent one, open nothing more. Returns the reviews opened.
    """
    today = today or timezone.localdate()
    config = policy()
    overdue_since = today - datetime.timedelta(days=int(config["review_overdue_days"]))
    recent = CreditInvestigation.objects.filter(
        account=OuterRef("pk"), investigated_on__gt=today - datetime.timedelta(days=int(config["review_quiet_days"]))
    )
    open_review = CreditReview.objects.filter(account=OuterRef("pk"), status=ReviewStatus.OPEN)
    rows = selectors.review_candidates(
        Account.objects.exclude(Exists(recent)).exclude(Exists(open_review)),
        today=today,
        overdue_since=overdue_since,
        utilisation_above=Decimal(config["review_utilisation"]),
    )
    CreditReview.objects.bulk_create(
        [
            CreditReview(
                account_id=pk,
                trigger=_trigger(oldest_due, tier_dropped, overdue_since),
                opened_on=today,
            )
            for pk, oldest_due, tier_dropped in rows
        ],
        ignore_conflicts=True,
    )
    opened = list(
        CreditReview.objects.filter(account_id__in=[row[0] for row in rows], opened_on=today, status=ReviewStatus.OPEN)
        .select_related("account", "account__owner")
        .order_by("pk")
    )
    for review in opened:
        _notify_review(review)
    return opened


def _trigger(oldest_due: datetime.date | None, tier_dropped: bool, overdue_since: datetime.date) -> str:
    if oldest_due is not None and oldest_due < overdue_since:
        return ReviewTrigger.OVERDUE
    if tier_dropped:
        return ReviewTrigger.TIER_DROP
    return ReviewTrigger.UTILISATION


def _notify_review(review: CreditReview) -> None:
    notify(
        recipients=[review.account.owner],
        key=f"credit:review:{review.pk}",
        subject=_("Credit review due for %(account)s"),
        body=_("%(trigger)s: investigate the credit of %(account)s again. A new investigation closes the review."),
        params={"account": review.account.name, "trigger": review.get_trigger_display()},
        link=review.account.get_absolute_url(),
    )


# --- Bad debt -----------------------------------------------------------------------------


@transaction.atomic
def write_off_record(
    *, account: Account, actor: User, amount: Decimal, written_off_on: datetime.date, reason: str
) -> WriteOff:
    """Write bad debt off an account and split the liability.

    When the exposure exceeded the approved limit in force (or there was none), the account's
    owner carries it in full: credit was given without approval. Within an approved limit, the
    owner and the approver of that limit share it by the configured percentages (the owner's
    share rounded to the cent, the approver's the rest, so the shares add up exactly).
    """
    Account.objects.select_for_update().filter(pk=account.pk).first()
    exposure = selectors.account_exposure(account.pk, written_off_on).receivables
    if amount <= 0 or amount > exposure:
        raise CreditError(
            _("The amount written off must be positive and at most the receivables of %(exposure)s.")
            % {"exposure": money(exposure)}
        )
    limit = (
        CreditLimit.objects.filter(account=account)
        .in_force(written_off_on)
        .select_related("request", "request__decided_by")
        .first()
    )
    within = limit is not None and limit.amount > 0 and exposure <= limit.amount
    write_off = WriteOff(
        account=account,
        amount=amount,
        written_off_on=written_off_on,
        reason=reason,
        recorded_by=actor,
        limit=limit,
        exposure=exposure,
        within_limit=within,
    )
    write_off.full_clean()
    write_off.save()
    owner = account.owner
    if not within:
        shares = [(owner, LiabilityRole.REP, Decimal("100"), amount)]
    else:
        config = policy()
        approver = limit.request.decided_by if limit.request_id else limit.set_by
        rep_percent = Decimal(config["writeoff_rep_percent"])
        rep_amount = to_cents(amount * rep_percent / 100)
        shares = [
            (owner, LiabilityRole.REP, rep_percent, rep_amount),
            (approver, LiabilityRole.APPROVER, Decimal(config["writeoff_approver_percent"]), amount - rep_amount),
        ]
    Liability.objects.bulk_create(
        [
            Liability(write_off=write_off, person=person, role=role, percent=percent, amount=share)
            for person, role, percent, share in shares
        ]
    )
    # The orders' balances fall by the amount: receivables, overdue figures and the position follow.
    order_balances_write_off(account=account, amount=amount, written_off_on=written_off_on)
    return write_off

"""The credit-limit hold on orders, registered in ``deals.guards`` by CreditConfig.ready.

The order services ask ``hold_check`` after they write a change, under the account's lock.
An order that takes its account over the limit is saved on hold (counted in the exposure,
not a sale yet) and ``hold_record`` keeps it with the figures that held it and tells the
credit approvers. A credit approver or an admin then releases it with a reason (it becomes a
confirmed sale) or rejects it (it is cancelled); either decision is recorded once, under a
lock on the hold's row. A cancellation that takes the account over its limit (a return
cancelled) goes through only for them, recorded by ``hold_record_override``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import format_amount
from deals import services as deals_services
from users.models import Role, User
from users.notifications import notify
from users.permissions import is_credit_approver

from . import selectors
from .conf import policy
from .models import CreditHold, HoldOverride, HoldStatus
from .services import CreditError


def hold_check(*, account: Account, increase: Decimal, actor: User | None = None) -> str | None:
    """The hold message when a change that added ``increase`` to what ``account`` owes has
    left its exposure over its limit (the change is already written: this is the exposure after)."""
    figures = selectors.account_exposure(account.pk)
    if figures.credit_limit is None and not policy()["hold_without_limit"]:
        return None
    limit = figures.credit_limit or Decimal("0")
    if figures.exposure <= limit:
        return None
    return _(
        "Credit hold: this change of %(change)s takes %(account)s to an exposure of %(after)s, "
        "%(excess)s over its credit limit of %(limit)s. A credit approver decides whether it goes ahead."
    ) % {
        "change": format_amount(increase),
        "account": account.name,
        "after": format_amount(figures.exposure),
        "excess": format_amount(figures.exposure - limit),
        "limit": format_amount(limit),
    }


def may_override(user: User) -> bool:
    """Who decides on held orders and may let a held change through: credit approvers, admins."""
    return is_credit_approver(user)


@transaction.atomic
def hold_record(*, account: Account, order, actor: User, message: str) -> CreditHold:
    """Keep ``order`` (already on hold) for a decision, with the exposure it leaves and the
    limit, and tell the credit approvers (once per hold)."""
    figures = selectors.account_exposure(account.pk)
    hold = CreditHold(
        account=account,
        order=order,
        message=message,
        exposure=figures.exposure,
        limit_amount=figures.credit_limit,
        held_by=actor,
    )
    hold.full_clean()
    hold.save()
    notify(
        recipients=User.objects.filter(role=Role.CREDIT_APPROVER, is_active=True),
        key=f"credit:hold:{hold.pk}",
        subject=_("Order %(order)s for %(account)s is on credit hold"),
        body=_(
            "Order %(order)s takes %(account)s to an exposure of %(exposure)s against a limit of %(limit)s. "
            "It waits for your decision: release it or reject it."
        ),
        params={
            "order": order.number,
            "account": account.name,
            "exposure": format_amount(hold.exposure),
            "limit": format_amount(hold.limit_amount),
        },
        link=reverse("credit:holds"),
    )
    return hold


@transaction.atomic
def hold_release(*, hold: CreditHold, actor: User, reason: str) -> CreditHold:
    """Release a held order with a reason: it becomes a confirmed sale, over the limit on
    the decider's word, recorded here (who, when, why)."""
    locked = _decide(hold, actor=actor, status=HoldStatus.RELEASED, reason=reason)
    deals_services.order_release(order=locked.order, actor=actor, reason=reason)
    _notify_decision(locked)
    return locked


@transaction.atomic
def hold_reject(*, hold: CreditHold, actor: User, reason: str) -> CreditHold:
    """Reject a held order with a reason: it is cancelled and no longer counts."""
    locked = _decide(hold, actor=actor, status=HoldStatus.REJECTED, reason=reason)
    deals_services.order_reject(order=locked.order, actor=actor, reason=reason)
    _notify_decision(locked)
    return locked


def _decide(hold: CreditHold, *, actor: User, status: str, reason: str) -> CreditHold:
    if not may_override(actor):
        raise CreditError(_("Only a credit approver decides on a held order."))
    if not reason.strip():
        raise CreditError(_("Give the reason for the decision."))
    # Only the hold's row: of two approvers deciding at once, the second waits here and then
    # finds it decided. The account and order rows need no lock for that.
    locked = (
        CreditHold.objects.select_for_update(of=("self",))
        .select_related("account", "account__owner", "order", "held_by")
        .get(pk=hold.pk)
    )
    if locked.status != HoldStatus.PENDING:
        raise CreditError(
            _("This order has already been decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return locked


def _notify_decision(hold: CreditHold) -> None:
    subjects = {
        HoldStatus.RELEASED: _("Order %(order)s for %(account)s released from credit hold"),
        HoldStatus.REJECTED: _("Order %(order)s for %(account)s rejected on credit hold"),
    }
    notify(
        recipients=[hold.held_by, hold.account.owner],
        key=f"credit:hold:{hold.pk}:decision",
        subject=subjects[hold.status],
        body=_("%(approver)s: %(reason)s"),
        params={
            "order": hold.order.number,
            "account": hold.account.name,
            "approver": str(hold.decided_by),
            "reason": hold.reason,
        },
        link=reverse("deals:order_detail", args=[hold.order_id]),
    )


@transaction.atomic
def hold_record_override(*, account: Account, order, actor: User, reason: str) -> HoldOverride:
    """Record that ``actor`` let a change to ``order`` through a credit hold, with the
    figures (the exposure it left) and why."""
    if not may_override(actor):
        raise CreditError(_("Only a credit approver can override a credit hold."))
    if not reason.strip():
        raise CreditError(_("An override needs a reason."))
    figures = selectors.account_exposure(account.pk)
    override = HoldOverride(
        account=account,
        order=order,
        actor=actor,
        reason=reason,
        limit_amount=figures.credit_limit,
        exposure=figures.exposure,
    )
    override.full_clean(exclude=["order"])
    override.save()
    return override

"""Bad debt: writing it off an account and splitting the liability between the rep and the approver."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import format_amount, to_cents
from deals.services import order_balances_write_off
from users.models import User

from .. import selectors
from ..conf import policy
from ..models import (
    CreditLimit,
    Liability,
    LiabilityRole,
    WriteOff,
)
from .base import CreditError


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
    # The owner who carries the rep's share is the one on the locked row: the caller's instance
    # may predate an owner change.
    account = Account.objects.select_for_update().get(pk=account.pk)
    exposure = selectors.account_exposure(account.pk, written_off_on).receivables
    if amount <= 0 or amount > exposure:
        raise CreditError(
            _("The amount written off must be positive and at most the receivables of %(exposure)s.")
            % {"exposure": format_amount(exposure)}
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

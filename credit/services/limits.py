"""The account's credit-limit history: every change is an entry, effective from its date."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import format_amount
from users.models import User

from .. import selectors
from ..models import (
    CreditLimit,
    CreditRequest,
)
from ..permissions import may_change_limits
from ..positions import positions_refresh
from .base import ConfirmationRequired, CreditError

SECOND_FACTOR_REFUSAL = _("Confirm your sign-in with your second factor before deciding credit or changing a limit.")


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
    changes to one account's limit are recorded one after the other. Refused (CreditError)
    to an actor whose required second factor is unconfirmed (``credit.permissions``).
    """
    if not may_change_limits(actor):
        raise CreditError(SECOND_FACTOR_REFUSAL)
    Account.objects.select_for_update().filter(pk=account.pk).first()
    exposure = selectors.account_exposure(account.pk).exposure
    below = amount < exposure
    if below and not confirm_below_exposure:
        raise ConfirmationRequired(
            _("The new limit of %(limit)s is below the current exposure of %(exposure)s: confirm to set it.")
            % {"limit": format_amount(amount), "exposure": format_amount(exposure)}
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

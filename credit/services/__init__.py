"""Writes for credit management. Views, the order guard and the daily job call these.

Each function is atomic, checks state first, locks what must not race, records who did what
(the request timeline, the limit history, overrides, liabilities) in the same transaction,
and notifies through ``users.notifications.notify`` (whose e-mails go out after commit).
One module per subject; this package's names are the public surface the callers use.
"""

from .base import ConfirmationRequired, CreditError
from .decisions import credit_request_approve, credit_request_reject, credit_request_return, decision_refusal
from .investigations import investigation_create, investigation_update, rate_investigation
from .limits import credit_limit_set
from .policy import credit_policy_update
from .requests import credit_request_resubmit, credit_request_submit, route_for
from .reviews import reviews_open_due
from .write_offs import write_off_record

__all__ = [
    "ConfirmationRequired",
    "CreditError",
    "credit_limit_set",
    "credit_policy_update",
    "credit_request_approve",
    "credit_request_reject",
    "credit_request_resubmit",
    "credit_request_return",
    "credit_request_submit",
    "decision_refusal",
    "investigation_create",
    "investigation_update",
    "rate_investigation",
    "reviews_open_due",
    "route_for",
    "write_off_record",
]

"""Credit management (信用管理): investigations, limit requests and their decisions, the limit
history, order-hold overrides, reviews and bad-debt write-offs.

Every row here belongs to an account and inherits its visibility (``BelongsToAccountQuerySet``).
Nothing is edited in place once it matters: a decision is an event, a limit change is a new
``CreditLimit`` row effective from its date, a write-off keeps the figures it was computed from.

One module per subject; this package names every model, as Django and the callers expect."""

from .ageing import OwnerAgeing
from .bad_debt import Liability, LiabilityQuerySet, LiabilityRole, WriteOff
from .investigations import ITEM_NAMES, CreditInvestigation, ItemRating
from .limits import CreditHold, CreditLimit, CreditLimitQuerySet, CreditPosition, HoldOverride, HoldStatus
from .requests import (
    DECIDED,
    OPEN_REQUEST_EXISTS,
    OPEN_REQUEST_STATUSES,
    CreditRequest,
    CreditRequestEvent,
    RequestStatus,
    Route,
)
from .reviews import CreditReview, ReviewStatus, ReviewTrigger

__all__ = [
    "DECIDED",
    "ITEM_NAMES",
    "OPEN_REQUEST_EXISTS",
    "OPEN_REQUEST_STATUSES",
    "CreditHold",
    "CreditInvestigation",
    "CreditLimit",
    "CreditLimitQuerySet",
    "CreditPosition",
    "CreditRequest",
    "CreditRequestEvent",
    "CreditReview",
    "HoldOverride",
    "HoldStatus",
    "ItemRating",
    "Liability",
    "LiabilityQuerySet",
    "LiabilityRole",
    "OwnerAgeing",
    "RequestStatus",
    "ReviewStatus",
    "ReviewTrigger",
    "Route",
    "WriteOff",
]

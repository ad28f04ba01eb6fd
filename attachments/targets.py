"""What documents may be attached to: each kind by the key its URLs use.

Every target belongs to an account, so its own ``visible_to`` (the account's rule) finds
it for the user or answers 404; the account itself is its own target.
"""

from __future__ import annotations

from django.apps import apps
from django.http import Http404

from accounts.visibility import get_account_for, get_visible_or_404

TARGETS = {
    "account": "accounts.Account",
    "contact": "contacts.Contact",
    "opportunity": "deals.Opportunity",
    "order": "deals.Order",
    "investigation": "credit.CreditInvestigation",
}
KEYS = {label.lower(): key for key, label in TARGETS.items()}


def target_key(instance) -> str:
    return KEYS[instance._meta.label_lower]


def account_of(target):
    return target if target._meta.label_lower == "accounts.account" else target.account


def get_target_for(user, key: str, pk: int):
    """The target ``key``/``pk`` if ``user`` may see its account, else Http404."""
    if key not in TARGETS:
        raise Http404
    if key == "account":
        return get_account_for(user, pk)
    model = apps.get_model(TARGETS[key])
    return get_visible_or_404(model.objects.select_related("account"), user, pk=pk)

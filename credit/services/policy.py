"""Changes of the credit policy made on its page (``credit.conf`` reads them)."""

from __future__ import annotations

from django.db import transaction

from users.business_settings import setting_record
from users.models import SettingChange

from ..conf import POLICY_KEY, encode, policy


@transaction.atomic
def credit_policy_update(*, actor, values: dict) -> SettingChange | None:
    """Put ``values`` (a whole policy, validated by ``CreditPolicyForm``) in force from now on,
    recorded with the policy it replaces; None when nothing changed."""
    previous, new = encode(policy()), encode(values)
    if new == previous:
        return None
    return setting_record(key=POLICY_KEY, value=new, previous=previous, actor=actor)

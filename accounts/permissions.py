from __future__ import annotations

from users.models import Role


def can_edit_account(user, account) -> bool:
    """Everyone who may see an account may edit it, except credit approvers, whose part is
    credit and who read the archive only. Callers have already checked visibility."""
    return user.role != Role.CREDIT_APPROVER or user.is_superuser

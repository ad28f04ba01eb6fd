from __future__ import annotations

from users.models import Role
from users.permissions import SELLING_ROLES

# Who has a visit plan of their own (and may arrange it): those who sell; credit approvers do not visit.
PLAN_VIEWERS = SELLING_ROLES
# Who sees the team's plans and their completion.
TEAM_PLAN_VIEWERS = frozenset({Role.MANAGER, Role.ADMIN})

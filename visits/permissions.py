from __future__ import annotations

from users.models import Role

# Who has a visit plan of their own (and may arrange it); credit approvers do not visit.
PLAN_VIEWERS = frozenset({Role.REP, Role.MANAGER, Role.ADMIN})
# Who sees the team's plans and their completion.
TEAM_PLAN_VIEWERS = frozenset({Role.MANAGER, Role.ADMIN})

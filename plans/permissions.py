from users.models import Role

# Who reviews the plans of many accounts at once (the list of plans): managers, and admins.
PLAN_REVIEWERS = frozenset({Role.MANAGER, Role.ADMIN})

from users.models import Role

# Who sees the tasks of a whole team: its manager, and admins for every team.
TEAM_VIEWERS = frozenset({Role.MANAGER, Role.ADMIN})

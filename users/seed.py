"""Demo users: three sales teams with a manager and reps each, a credit approver, an admin."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import TeamFactory, UserFactory

from .models import Role

TEAMS = [
    ("North China", "manager_north", ["rep_li", "rep_wang", "rep_zhang"]),
    ("East China", "manager_east", ["rep_chen", "rep_liu", "rep_yang"]),
    ("South China", "manager_south", ["rep_huang", "rep_zhao"]),
]


def seed(context) -> None:
    password = context.shared["password"]

    def make(username: str, role: str, **fields):
        user = UserFactory(username=username, role=role, email=f"{username}@demo.example", password=password, **fields)
        context.logins.append((username, password, Role(role).label))
        return user

    make("admin", Role.ADMIN, is_staff=True, is_superuser=True)
    make("credit", Role.CREDIT_APPROVER)
    reps = []
    for team_name, manager_name, rep_names in TEAMS:
        team = TeamFactory(name=team_name)
        team.manager = make(manager_name, Role.MANAGER, team=team, approval_limit=Decimal("500000"))
        team.save(update_fields=["manager"])
        reps += [make(name, Role.REP, team=team) for name in rep_names]
    context.shared["reps"] = reps
    context.say(f"  {len(context.logins)} users in {len(TEAMS)} teams")

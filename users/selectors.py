from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Role, User


def assignable_owners(user: User) -> QuerySet[User]:
    """The people ``user`` may make owner of an account (and filter the list by): themselves,
    their team if they manage one, anyone who sells if they see every account."""
    sellers = User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
    if user.sees_all_accounts:
        return sellers
    if user.is_manager:
        return sellers.filter(Q(team__manager=user) | Q(pk=user.pk))
    return User.objects.filter(pk=user.pk)


def colleagues() -> QuerySet[User]:
    """The people who may be put on an account team: every active user."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Notification, Role, User


def assignable_owners(user: User) -> QuerySet[User]:
    """The people ``user`` may make owner of an account (and filter the list by): themselves,
    their team if they manage one, anyone who sells if they see every account."""
    sellers = User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
    if user.sees_all_accounts:
        return sellers
    if user.is_manager:
        return sellers.filter(Q(team__manager=user) | Q(pk=user.pk))
    return User.objects.filter(pk=user.pk)


def sales_people() -> QuerySet[User]:
    """The people who sell (reps and managers, active): who may work an account on its team."""
    return User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER]).order_by(
        "first_name", "last_name", "username"
    )


def colleagues() -> QuerySet[User]:
    """The people who may be put on an account team: every active user."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

"""Reads of the hand-over and merge pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from users.models import Role, User
from users.permissions import is_admin
from users.selectors import assignable_owners


def handover_sources(actor: User) -> QuerySet[User]:
    """The people whose accounts ``actor`` may hand over, with how many they own: anyone who
    sells (active or not) for an admin; the people of the teams they manage for a manager."""
    people = User.objects.filter(role__in=[Role.REP, Role.MANAGER])
    if not is_admin(actor):
        people = people.filter(team__manager=actor) if actor.is_manager else people.none()
    return (
        people.select_related("team")
        .annotate(owned=Count("owned_accounts", distinct=True))
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def get_handover_source(actor: User, pk: int) -> User:
    """One of :func:`handover_sources`, or 404 (someone else's rep does not exist for you)."""
    return get_object_or_404(
        User.objects.filter(role__in=[Role.REP, Role.MANAGER])
        .select_related("team")
        .filter(pk__in=handover_sources(actor).values("pk")),
        pk=pk,
    )


def handover_targets(actor: User, source: User) -> QuerySet[User]:
    """Whom ``actor`` may hand ``source``'s accounts to: the owners they may assign, but the source."""
    return assignable_owners(actor).exclude(pk=source.pk).order_by("first_name", "last_name", "username")


def recent_handovers(actor: User, *, limit: int = 20):
    from .models import HandOver

    handovers = HandOver.objects.select_related("actor", "from_user", "to_user")
    if not is_admin(actor):
        mine = Q(from_user__team__manager=actor) | Q(to_user__team__manager=actor) | Q(actor=actor)
        handovers = handovers.filter(mine)
    return list(handovers[:limit])


def recent_merges(*, limit: int = 20):
    from .models import AccountMerge

    return list(AccountMerge.objects.select_related("actor")[:limit])

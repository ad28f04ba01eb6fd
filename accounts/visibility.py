"""Who may see which account: the one rule every page, search, export and task uses.

- the owner and the members of the account's team;
- the manager of the owner's team;
- credit approvers and admins: every account.

Objects that belong to an account (contacts, orders, visits, credit requests) inherit it:
their querysets call ``visible_to`` through :class:`BelongsToAccountQuerySet`. An object
the user may not see is a 404 (``get_account_for``), so existence does not leak.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from users.models import User


class AccountQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> AccountQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_accounts:
            return self
        from .models import AccountTeamMember

        on_account_team = AccountTeamMember.objects.filter(account=OuterRef("pk"), user=user)
        rule = Q(owner=user) | Exists(on_account_team)
        if user.is_manager:
            from users.models import User

            rule |= Q(owner__in=User.objects.filter(team__manager=user).values("pk"))
        return self.filter(rule)


def owners_seen_in_full(user: User) -> models.QuerySet | None:
    """The people all of whose accounts ``user`` sees by the rule above — themselves, and the
    members of the teams they manage — or None when ``user`` sees every account.

    With :func:`accounts_seen_on_account_teams` it splits the rule in two, for figures kept
    per owner (the dashboard's): the accounts ``visible_to`` lets through are exactly those
    owned by these people and those on whose account team ``user`` is.
    """
    from users.models import User

    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.sees_all_accounts:
        return None
    rule = Q(pk=user.pk)
    if user.is_manager:
        rule |= Q(team__manager=user)
    return User.objects.filter(rule)


def accounts_seen_on_account_teams(user: User) -> models.QuerySet:
    """The accounts ``user`` sees as a member of their account team (see :func:`owners_seen_in_full`)."""
    from .models import Account

    if not user.is_authenticated or not user.is_active:
        return Account.objects.none()
    return Account.objects.filter(team_members__user=user)


class BelongsToAccountQuerySet(models.QuerySet):
    """For models with an ``account`` foreign key: visible when their account is."""

    account_field = "account"

    def visible_to(self, user: User) -> models.QuerySet:
        from .models import Account

        if user.is_authenticated and user.is_active and user.sees_all_accounts:
            # Every account: a semi-join with all of them would filter nothing and cost a
            # pass over the accounts table (50 000 rows) in every query.
            return self.all()
        visible_accounts = Account.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.account_field}__in": visible_accounts})


def get_account_for(user: User, pk: int, queryset: models.QuerySet | None = None):
    """The account ``pk`` if ``user`` may see it, else Http404."""
    from .models import Account

    base = Account.objects.all() if queryset is None else queryset
    return get_object_or_404(base.visible_to(user), pk=pk)


def get_visible_or_404(queryset: BelongsToAccountQuerySet, user: User, **lookup):
    """Any object that belongs to an account, if ``user`` may see its account, else Http404."""
    return get_object_or_404(queryset.visible_to(user), **lookup)

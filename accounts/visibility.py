"""Who may see, and who may change, which account: the rules every page, form, import and task uses.

Who may **see** an account (``view``):

- the owner and the members of the account's team;
- the manager of the owner's team;
- credit approvers and admins: every account.

Who may **change** it (``change``: its archive, plan, contacts, ratings, orders…): those who
see it, except credit approvers, who read the archive only.

Who may give it another **owner or account team** (``reassign``): the owner's manager (the
manager of the owner's team) and admins — not the owner, not the account team, so nobody who
works an account can take it over or lock its owner and their manager out of it.

Who may open its **core info** (the account plan, in every view of it: its tab, its form, its
history): those who may change it. Every opening is logged (``services.core_info_opened``).

``Account.objects.restrict(user, action)`` is the door for querysets (as NetBox's
``RestrictedQuerySet``); :func:`may` asks it about one account; :func:`get_account_for`
loads one for an action. Objects that belong to an account (contacts, orders, visits,
credit requests) inherit the rules: their querysets call ``visible_to`` through
:class:`BelongsToAccountQuerySet`. An object the user may not see is a 404, so existence
does not leak; one they see but may not act on is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from users.permissions import is_admin, sells

if TYPE_CHECKING:
    from users.models import User

VIEW, CHANGE, REASSIGN, CORE_INFO = "view", "change", "reassign", "core_info"
# Core info is for the people who work the account: exactly those who may change it.
SAME_RULE = {CORE_INFO: CHANGE}


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
            rule |= _owned_in_teams_managed_by(user)
        return self.filter(rule)

    def editable_by(self, user: User) -> AccountQuerySet:
        """The accounts ``user`` may change: those they see, unless their role only reads."""
        return self.visible_to(user) if sells(user) else self.none()

    def reassignable_by(self, user: User) -> AccountQuerySet:
        """The accounts whose owner and account team ``user`` may change: every account for an
        admin; for a manager, those owned by the people of the teams they manage."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_admin(user):
            return self
        if user.is_manager:
            return self.filter(_owned_in_teams_managed_by(user))
        return self.none()

    def restrict(self, user: User, action: str = VIEW) -> AccountQuerySet:
        """The accounts on which ``user`` may take ``action`` (VIEW, CHANGE, REASSIGN, CORE_INFO)."""
        rules = {VIEW: self.visible_to, CHANGE: self.editable_by, REASSIGN: self.reassignable_by}
        return rules[SAME_RULE.get(action, action)](user)


def _owned_in_teams_managed_by(manager: User) -> Q:
    """Accounts owned by the people of the teams ``manager`` manages (an IN over those people)."""
    from users.models import User

    return Q(owner__in=User.objects.filter(team__manager=manager).values("pk"))


def with_rights(queryset: AccountQuerySet, user: User, *actions: str) -> AccountQuerySet:
    """``queryset`` with a ``may_<action>`` boolean per action for ``user`` (an EXISTS each, in
    the same query), which :func:`may` reads instead of asking the database again. Actions
    under one rule (``SAME_RULE``) share its EXISTS, built once."""
    from .models import Account

    rules = {SAME_RULE.get(action, action) for action in actions}
    tests = {rule: Exists(Account.objects.restrict(user, rule).filter(pk=OuterRef("pk"))) for rule in rules}
    return queryset.annotate(**{f"may_{action}": tests[SAME_RULE.get(action, action)] for action in actions})


def may(user: User, action: str, account) -> bool:
    """Whether ``user`` may take ``action`` on ``account``: the door asked about one account
    (one EXISTS query, none when the role alone says no or ``account`` was loaded
    :func:`with_rights` for this ``user``)."""
    from .models import Account

    known = getattr(account, f"may_{action}", None)
    if known is not None:
        return known
    return Account.objects.restrict(user, action).filter(pk=account.pk).exists()


def may_edit(user: User, account) -> bool:
    return may(user, CHANGE, account)


def may_reassign(user: User, account) -> bool:
    return may(user, REASSIGN, account)


def may_see_core_info(user: User, account) -> bool:
    return may(user, CORE_INFO, account)


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

    def visible_in_bulk_to(self, user: User) -> models.QuerySet:
        """The rows :meth:`visible_to` lets through, found by the rule's split form
        (:func:`owners_seen_in_full`, :func:`accounts_seen_on_account_teams`), for a query
        that reads *every* visible row: totals, a ranking.

        ``visible_to`` tests the rule row by row (an account lookup and an EXISTS per row):
        the better plan for a page of rows walked along an index, which stops after 25, but
        12 000 lookups when all rows are read. The split form is two uncorrelated IN lists that
        PostgreSQL builds once and hashes (a rep's totals on the opportunity board: 33 → 8 ms).
        """
        from .models import Account

        if not user.is_authenticated or not user.is_active:
            return self.none()
        owners = owners_seen_in_full(user)
        if owners is None:
            return self.all()
        field = self.account_field
        return self.filter(
            Q(**{f"{field}__in": Account.objects.filter(owner__in=owners).values("pk")})
            | Q(**{f"{field}__in": accounts_seen_on_account_teams(user).values("pk")})
        )


def get_account_for(user: User, pk: int, queryset: models.QuerySet | None = None, *, action: str = VIEW):
    """The account ``pk`` if ``user`` may see it, else Http404; PermissionDenied when they may
    see it but not take ``action`` on it."""
    from .models import Account

    base = Account.objects.all() if queryset is None else queryset
    account = base.restrict(user, action).filter(pk=pk).first()
    if account is None:
        # Only a refusal asks again, to answer 403 to those who may at least see the account.
        if action != VIEW and base.visible_to(user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return account


def get_visible_or_404(queryset: BelongsToAccountQuerySet, user: User, **lookup):
    """Any object that belongs to an account, if ``user`` may see its account, else Http404."""
    return get_object_or_404(queryset.visible_to(user), **lookup)

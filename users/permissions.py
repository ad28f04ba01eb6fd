"""The permission vocabulary: who holds which role, said once.

Role checks for views are declared on the view and answered with 403 for a wrong role.
Which *objects* a user may see or change is a different question, answered by the rules in
``accounts.visibility`` (404 for what may not be seen, 403 for what may be seen but not
changed). Superusers count as admins everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .models import Role

ALL_ROLES = frozenset(Role)
# Who sells, and so writes the customer archive: everyone but credit approvers, who read it.
SELLING_ROLES = frozenset({Role.REP, Role.MANAGER, Role.ADMIN})
# Who decides credit above a manager's authority, overrides credit holds and sees every account.
CREDIT_OFFICERS = frozenset({Role.CREDIT_APPROVER, Role.ADMIN})
# Who decides credit-limit requests at all: managers up to their limit, credit officers above.
DECIDERS = frozenset({Role.MANAGER, *CREDIT_OFFICERS})
ADMINS = frozenset({Role.ADMIN})


def has_role(user, roles) -> bool:
    return user.is_authenticated and (user.role in roles or (user.is_superuser and Role.ADMIN in roles))


def is_admin(user) -> bool:
    return has_role(user, ADMINS)


def is_credit_approver(user) -> bool:
    """Credit approvers and admins: they decide the requests above a manager's authority,
    override credit holds and see every account."""
    return has_role(user, CREDIT_OFFICERS)


def needs_second_factor(user) -> bool:
    """Whether the user's role must sign in with a second factor (TWO_FACTOR_REQUIRED, for the
    roles in TWO_FACTOR_REQUIRED_ROLES: by default admins and credit approvers)."""
    return settings.TWO_FACTOR_REQUIRED and has_role(user, settings.TWO_FACTOR_REQUIRED_ROLES)


def second_factor_missing(user) -> bool:
    """A user who must use a second factor and has not confirmed one in this session: they
    may look, but not decide credit or change a limit (``credit.permissions``). The session's
    confirmation is django-otp's ``is_verified``, which its middleware puts on the request's
    user; a user loaded elsewhere has none, and so counts as not confirmed."""
    if not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def sells(user) -> bool:
    """Reps, managers and admins: they own accounts, write the archive and file requests."""
    return has_role(user, SELLING_ROLES)


class RoleRequiredMixin(AccessMixin):
    """Allow a view to the roles in ``allowed_roles`` only (login is required site-wide)."""

    allowed_roles: frozenset = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

"""Single sign-on: the one rule that turns a directory's groups into a role and a team.

Both sign-in doors use it — OpenID Connect (``users.oidc``) and LDAP (``users.ldap``) — so a
person gets the same role whichever way they come in. The mapping is configured once, in
settings (``SSO_GROUP_ROLES``, ``SSO_GROUP_TEAMS``, parsed from the environment at start-up).

Guarantees of :func:`directory_user_sign_in`:

- The role is the highest one any of the person's groups maps to (admin > credit approver >
  manager > rep). The team is the one of the first entry of ``SSO_GROUP_TEAMS`` (in the order
  written) whose group the person is in, and no team if none is; when ``SSO_GROUP_TEAMS`` is
  not set at all, teams are left to the CRM's administrators.
- A person whose groups map to no role is refused, and their existing account is deactivated:
  their open sessions end on the next request too (the SSO backends' ``get_user`` refuses an
  inactive account). Only an administrator reactivates an account; a directory cannot undo a
  deactivation made in the CRM.
- A directory user is created on first sign-in with an unusable password. An account that has a
  local password (the demo logins, break-glass administrators) is never signed into or changed
  through single sign-on, so a directory entry with the same name cannot take it over.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .models import Role, Team, User

logger = logging.getLogger(__name__)

# Highest first: a person in two mapped groups gets the stronger role.
ROLE_PRECEDENCE = (Role.ADMIN, Role.CREDIT_APPROVER, Role.MANAGER, Role.REP)


def role_for(groups: Iterable[str]) -> str | None:
    """The role the groups map to, or None when none of them does."""
    mapped = {settings.SSO_GROUP_ROLES[group] for group in groups if group in settings.SSO_GROUP_ROLES}
    return next((role for role in ROLE_PRECEDENCE if role in mapped), None)


def team_name_for(groups: Iterable[str]) -> str | None:
    """The team name the groups map to (first mapping entry that matches), or None."""
    member_of = set(groups)
    return next((team for group, team in settings.SSO_GROUP_TEAMS.items() if group in member_of), None)


@transaction.atomic
def directory_user_sign_in(
    *, username: str, groups: Iterable[str], email: str = "", first_name: str = "", last_name: str = ""
) -> User | None:
    """Create or update the CRM account of a person the directory has just authenticated, with
    the role and team their groups map to; None when they may not sign in (see the module)."""
    groups = list(groups)
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    if user is not None and user.has_usable_password():
        logger.warning("single sign-on refused for %s: the account has a local password", username)
        return None
    if user is not None and not user.is_active:
        logger.info("single sign-on refused for %s: the account is deactivated", username)
        return None
    role = role_for(groups)
    if role is None:
        if user is not None:
            user.is_active = False
            user.save(update_fields=["is_active"])
            logger.info("single sign-on refused for %s: no group maps to a role; account deactivated", username)
        return None
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
    user.role = role
    if settings.SSO_GROUP_TEAMS:
        team_name = team_name_for(groups)
        user.team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
    # The directory owns these: a blank claim does not wipe what the CRM already knows.
    user.email = email or user.email
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.save()
    return user

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.html import format_html
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .business_settings import setting_record
from .models import Region, Team, User

# What the users page changes of a person, recorded under "user:<pk>" with each change.
USER_FIELDS = ("role", "team", "approval_limit", "is_active")


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's language, ignoring codes the site does not offer."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def deactivation_refusal(user: User) -> str | None:
    """Why ``user`` may not be deactivated yet (they still own accounts: those would be seen by
    nobody who works them; the message links to the hand-over), or None."""
    owned = user.owned_accounts.count()
    if not owned:
        return None
    return format_html(
        '{} <a href="{}">{}</a>',
        _("%(name)s still owns %(count)d accounts.") % {"name": user, "count": owned},
        reverse("stewardship:handover", args=[user.pk]),
        _("Hand them over first."),
    )


def _recorded(user: User) -> dict:
    return {
        "role": user.role,
        "team": user.team.name if user.team else None,
        "approval_limit": f"{Decimal(user.approval_limit):.2f}",  # as stored, whether typed or read back
        "is_active": user.is_active,
    }


@transaction.atomic
def user_invite(*, actor: User, fields: dict, site: dict) -> User:
    """Create a person with no password yet and e-mail them a link to set one (Django's password
    reset token, so the link works once and expires after PASSWORD_RESET_TIMEOUT). ``site``:
    ``{"domain": …, "protocol": …}`` of the request, for the link."""
    user = User(**fields)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    setting_record(key=f"user:{user.pk}", value=_recorded(user), previous=None, actor=actor)
    transaction.on_commit(lambda: _send_invitation(user, site))
    return user


def _send_invitation(user: User, site: dict) -> None:
    context = {
        **site,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(user.language):
        PasswordResetForm().send_mail(
            "users/invitation_subject.txt", "users/invitation_email.txt", context, None, user.email
        )


@transaction.atomic
def user_change(*, actor: User, user: User, fields: dict) -> User:
    """Change a person's role, team, approval limit or whether they may sign in; refused for
    an owner of accounts being deactivated, for admins locking themselves out, and for a
    superuser's account unless a superuser changes it."""
    user = User.objects.select_for_update(of=("self",)).select_related("team").get(pk=user.pk)
    previous = _recorded(user)
    if user.is_active and not fields.get("is_active", True):
        refusal = deactivation_refusal(user)
        if refusal:
            raise ValidationError({"is_active": refusal})
    if user.pk == actor.pk and (fields.get("role") != user.role or not fields.get("is_active", True)):
        raise ValidationError(_("You cannot change your own role or deactivate yourself."))
    if user.is_superuser and not actor.is_superuser:
        raise ValidationError(_("Only a superuser changes a superuser."))
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(fields))
    if _recorded(user) != previous:
        setting_record(key=f"user:{user.pk}", value=_recorded(user), previous=previous, actor=actor)
    return user


@transaction.atomic
def team_save(*, actor: User, team: Team, fields: dict) -> Team:
    """Create or rename a team, or give it another manager (recorded under "team:<pk>")."""
    stored = Team.objects.select_for_update(of=("self",)).select_related("manager").get(pk=team.pk) if team.pk else None
    team = stored or Team()
    previous = _team_recorded(stored) if stored else None
    for name, value in fields.items():
        setattr(team, name, value)
    team.full_clean()
    team.save()
    if _team_recorded(team) != previous:
        setting_record(key=f"team:{team.pk}", value=_team_recorded(team), previous=previous, actor=actor)
    return team


def _team_recorded(team: Team) -> dict:
    return {"name": team.name, "manager": str(team.manager) if team.manager else None}


@transaction.atomic
def region_save(*, actor, region: Region) -> Region:
    """Create or change a region or area (admins, on the regions page); ``actor`` is who did."""
    region.code = region.code.strip().upper()
    region.full_clean()
    region.save()
    return region

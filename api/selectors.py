from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from users.permissions import is_admin

from .models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    """The tokens ``user`` manages: their own; an admin's, everyone's (to revoke a leaked one)."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return tokens if is_admin(user) else tokens.filter(user=user)


def token_for(user, pk: int) -> ApiToken:
    """One token ``user`` manages, or 404 (another person's token does not exist for them)."""
    return get_object_or_404(tokens_for(user), pk=pk)

from __future__ import annotations

from django.conf import settings

from .models import User


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's language, ignoring codes the site does not offer."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from .models import Region, User


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's language, ignoring codes the site does not offer."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def region_save(*, actor, region: Region) -> Region:
    """Create or change a region or area (admins, on the regions page); ``actor`` is who did."""
    region.code = region.code.strip().upper()
    region.full_clean()
    region.save()
    return region

from __future__ import annotations

from rest_framework.throttling import UserRateThrottle

from .models import ApiToken


class TokenRateThrottle(UserRateThrottle):
    """Requests made with a token are counted per user in the cache (API_TOKEN_RATE): a
    runaway script slows down before it slows the site. The browser's session is not
    throttled here, as the pages are not."""

    scope = "token"

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        return super().allow_request(request, view)

"""Authentication by personal API token: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import digest_of, token_used

MAX_TOKEN_LENGTH = 200  # ours are 47 characters; anything much longer is not one of them


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """``request.user`` is the token's owner and ``request.auth`` the token (its scope is
    checked by ``api.permissions.TokenScope``). A revoked, expired or unknown token is a 401,
    never a fall-back to anonymous."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2 or len(header[1]) > MAX_TOKEN_LENGTH:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from error
        token = ApiToken.objects.usable().select_related("user", "user__team").filter(digest=digest_of(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        token_used(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """The token as the OpenAPI schema states it (HTTP bearer)."""

    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (made on the API tokens page).",
        }

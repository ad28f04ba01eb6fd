"""Sign-in through an OpenID Connect provider (mozilla-django-oidc), off unless configured.

The provider authenticates; ``users.sso`` decides who may come in and with which role and team
(from the groups claim). The two views answer 404 while OIDC is not configured, so an
installation without it shows no trace of it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import sso, two_factor


class DirectoryOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        username = claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("sub")
        if not username:
            return None
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        return sso.directory_user_sign_in(
            username=str(username),
            groups=[groups] if isinstance(groups, str) else [str(group) for group in groups],
            email=claims.get("email") or "",
            first_name=claims.get("given_name") or "",
            last_name=claims.get("family_name") or "",
        )

    def get_user(self, user_id):
        # A session outlives the sign-in: a person deactivated since (by an administrator, or
        # by losing their groups) is signed out on their next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


class _Callback(OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        two_factor.after_password_login(self.request, self.user)  # the same second step as a password
        return response

    def login_failure(self):
        messages.error(self.request, _("Single sign-on did not let you in. Ask your administrator for access."))
        return redirect("login")


@login_not_required
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Send the visitor to the provider (with state, nonce and where to come back)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the visitor back here with a code, exchanged for their identity."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return _Callback.as_view()(request)

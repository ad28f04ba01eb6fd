"""Throttling of password guesses (django-axes): at the log-in, at the password change, and
the client address they are counted by.

A wrong old password on the password-change form counts as a failed log-in for that
username and address, so the form cannot be used to guess a password that the log-in
would lock out after AXES_FAILURE_LIMIT tries; a lock-out holds for both.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse


def client_ip(request: HttpRequest) -> str:
    """The client's address (AXES_CLIENT_IP_CALLABLE). Behind REVERSE_PROXY_COUNT reverse
    proxies, each appending the address it saw to X-Forwarded-For, the client is that many
    entries from the right: entries further left came from the client and may be forged.
    Without proxies, or with a header shorter than the count, it is REMOTE_ADDR."""
    count = settings.REVERSE_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the old password checked by ``authenticate`` so that
    django-axes counts a wrong one and refuses a locked-out username."""

    def __init__(self, user, *args, request: HttpRequest, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        confirmed = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if confirmed is None or confirmed.pk != self.user.pk:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


def not_a_password_guess(request: HttpRequest | None, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the OpenID Connect callback is not counted. The provider checked
    the password (and throttles its own log-in); what arrives here is a single-use code bound to
    this session's state, and a refusal is the group rule (users.sso), not a wrong password.
    Counted, it has no username: a few refused people would lock out everyone behind the same
    address (an office's one public IP) from single sign-on."""
    return request is not None and request.path == reverse("oidc_authentication_callback")

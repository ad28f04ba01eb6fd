"""Control characters are refused at the door, for every page at once (see users/bounds.py)."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor
from .bounds import has_control_characters
from .permissions import needs_second_factor


class RefuseControlCharactersMiddleware:
    """A path, query or form value holding NUL or another control character is a 400.

    Checked before any view parses it: PostgreSQL refuses NUL in every text column and
    lookup, so a single one in a search box otherwise fails the query (and the request's
    transaction). Uploaded files are the importers' business; their names are checked here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._hostile(request):
            # Logged by Django (django.security); the visitor sees templates/400.html.
            raise BadRequest("control characters in the path, the query or a form field")
        return self.get_response(request)

    @staticmethod
    def _hostile(request) -> bool:
        values = [request.path, *_keys_and_values(request.GET)]
        if request.method == "POST":
            values += [*_keys_and_values(request.POST), *(upload.name for upload in request.FILES.values())]
        return any(has_control_characters(value) for value in values)


def _keys_and_values(query):
    for key, values in query.lists():
        yield key
        yield from values


class SecondFactorMiddleware:
    """A signed-in person who owes a second factor is sent to give it before any other page.

    Owed: their role requires one (``users.permissions.needs_second_factor``) or they have an
    authenticator and have only given their password (``two_factor.after_password_login``).
    Without a device yet they are sent to enrol. The pages to do that, logging out, the
    language switch and the operators' endpoints stay open. The credit rule checks the same
    thing itself (``credit.permissions.may_change_limits``): this is the way in, not the lock.
    """

    OPEN = frozenset({"two_factor_setup", "two_factor_verify", "logout", "set_language", "login"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.url_name in self.OPEN or match.namespace == "ops" or not request.user.is_authenticated:
            return None
        owed = needs_second_factor(request.user) or request.session.get(two_factor.PENDING_SESSION_KEY)
        if not owed or request.user.is_verified():
            return None
        target = "two_factor_verify" if two_factor.has_device(request.user) else "two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

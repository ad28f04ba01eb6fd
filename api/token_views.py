"""The pages where a person makes, lists and revokes their personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from users.permissions import is_admin

from . import selectors, services
from .forms import TokenForm

MAX_LISTED = 200


def _page(request: HttpRequest, form: TokenForm, *, new_token: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "tokens": selectors.tokens_for(request.user)[:MAX_LISTED],
        "shows_owner": is_admin(request.user),
        "new_token": new_token,
    }
    return render(request, "api/token_list.html", context, status=status)


@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm())


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show it on this response only: it is stored hashed, so it can never be
    shown again (and is not put in the session or a redirect to be shown later)."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, secret = services.token_create(user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, form, status=400)
    # 201 Created: the token was made, and this page shows it this once.
    response = _page(request, TokenForm(), new_token=secret, status=201)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_for(request.user, pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")

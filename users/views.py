from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import services


def home(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:list")


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language: the cookie remembers it, and so does the user's profile,
    which is what e-mails and reminders are written in."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response

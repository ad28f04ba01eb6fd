"""Where a POST action returns to: the page it was sent from, when that page is ours."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, fallback: str) -> HttpResponseRedirect:
    """A redirect to the form's ``next`` field when it is a path on this site, else to ``fallback``.

    Only a path is taken (never a view name or another host), so a hostile ``next`` can
    neither send the user elsewhere nor reach ``reverse()``.
    """
    target = request.POST.get("next", "")
    safe = (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    return HttpResponseRedirect(target if safe else fallback)

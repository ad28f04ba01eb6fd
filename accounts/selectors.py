"""Reads for the customer archive pages: each builds one page's queryset."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .models import Account, AccountTeamMember
from .visibility import get_account_for

ACCOUNT_SORTS = {
    "name": ("name", "code"),
    "code": ("code",),
    "industry": ("industry", "name"),
    "owner": ("owner__last_name", "owner__first_name", "name"),
    "updated": ("updated_at", "code"),
}


def account_list(*, user, search: str = "", owner=None, industry: str = "", sort: str = "name") -> QuerySet[Account]:
    """The accounts ``user`` may see, searched, filtered and sorted as the list page asks.

    ``sort`` is a key of ACCOUNT_SORTS, optionally prefixed with '-' for descending;
    anything else falls back to the name.
    """
    accounts = Account.objects.visible_to(user).select_related("owner")
    if search:
        accounts = accounts.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__iexact=search))
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    if industry:
        accounts = accounts.filter(industry=industry)
    descending = sort.startswith("-")
    fields = ACCOUNT_SORTS.get(sort.lstrip("-"), ACCOUNT_SORTS["name"])
    return accounts.order_by(*(f"-{field}" if descending else field for field in fields))


def account_detail(*, user, pk: int) -> Account:
    """One account with what its page shows, or 404 when ``user`` may not see it."""
    queryset = Account.objects.select_related("owner", "owner__team").prefetch_related(
        Prefetch("team_members", queryset=AccountTeamMember.objects.select_related("user").order_by("user__username"))
    )
    return get_account_for(user, pk, queryset)

"""Reads for the credit pages. The figures come from their one definition, ``credit.exposure``
(directly for one account or a page of them, through the stored ``CreditPosition`` for lists
ordered by utilisation).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.models import Account
from accounts.selectors import search_filter
from accounts.visibility import get_account_for, get_visible_or_404
from deals.figures import collection_days
from deals.models import AccountReceivable, Order
from scoring.models import AccountStanding

from .conf import policy
from .exposure import Exposure, exposures
from .exposure import account_exposure as account_exposure  # the pages', guard's and services' one-account read
from .models import (
    DECIDED,
    CreditHold,
    CreditInvestigation,
    CreditLimit,
    CreditPosition,
    CreditRequest,
    CreditRequestEvent,
    CreditReview,
    HoldOverride,
    HoldStatus,
    Liability,
    RequestStatus,
    WriteOff,
)
from .permissions import waiting_for

# What a list row shows of its account's figures (``Exposure`` attributes set on the account).
ROW_FIGURES = (
    "receivables",
    "exposure",
    "credit_limit",
    "utilisation",
    "over_limit_by",
    "overdue_amount",
    "oldest_due",
    "sales_window",
    "collection_days",
)

POSITION_COLUMNS = (
    "account_id", "exposure", "receivables", "credit_limit", "overdue_amount", "oldest_due", "sales_window",
    "account__standing__abc_tier",
)  # fmt: skip


class ExposureList:
    """The overview's accounts, ordered and filtered in SQL on their stored credit positions
    (``CreditPosition``: exposure, the limit in force, utilisation), sliced by the paginator.
    For people who see every account the order is an index walk; for the others, their
    accounts' positions are joined and sorted. A page costs a capped count, its account ids,
    the accounts with their owners, and the date-dependent figures (overdue balance and days,
    the DSO window's sales, collection period) of those accounts only (``fill``).

    Each account on a page carries its ``ROW_FIGURES`` and ``tier``.
    """

    FILTERS = {
        "over_limit": "p.exposure > COALESCE(p.credit_limit, 0)",
        "overdue": "r.oldest_unpaid_due < %s",
    }
    # Exposed accounts without a limit first (over any limit), then those with a limit by
    # utilisation, then the rest; by exposure within: the index ``credit_position_order``.
    ORDER = "p.rank_group, p.utilisation DESC, p.exposure DESC, p.account_id"

    def __init__(self, accounts: QuerySet, *, today: datetime.date, filters=(), tier: str = ""):
        self.accounts = accounts
        self.today = today
        joins, params = [], []
        if accounts.query.has_filters():  # someone who sees every account needs no join
            base_sql, base_params = accounts.order_by().values("pk").query.sql_with_params()
            joins.append(f"INNER JOIN ({base_sql}) a ON a.pk = p.account_id")
            params += base_params
        if "overdue" in filters:
            joins.append(f"INNER JOIN {AccountReceivable._meta.db_table} r ON r.account_id = p.account_id")
        if tier:
            joins.append(
                f"INNER JOIN {AccountStanding._meta.db_table} st ON st.account_id = p.account_id AND st.abc_tier = %s"
            )
            params.append(tier)
        conditions = [self.FILTERS[name] for name in filters] or ["1 = 1"]
        params += [today] if "overdue" in filters else []
        self.sql = (  # only our own SQL text is interpolated; every value is a parameter
            f"SELECT p.account_id FROM {CreditPosition._meta.db_table} p {' '.join(joins)} "  # noqa: S608
            f"WHERE {' AND '.join(conditions)}"
        )
        self.params = params
        self._count: int | None = None

    def count(self, limit: int | None = None) -> int:
        """The number of matching accounts, counting no further than ``limit``."""
        cap = f" LIMIT {int(limit)}" if limit is not None else ""
        with connection.cursor() as cursor:
            # Only our own SQL text is interpolated; every value is a parameter.
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}{cap}) c", self.params)  # noqa: S608
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.count()
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        everything = " LIMIT -1" if connection.vendor == "sqlite" else " LIMIT ALL"
        limit = everything if index.stop is None else f" LIMIT {int(index.stop) - int(start)}"
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql} ORDER BY {self.ORDER}{limit} OFFSET {int(start)}", self.params)
            ids = [row[0] for row in cursor.fetchall()]
        accounts = self.accounts.model.objects.select_related("owner").in_bulk(ids)
        return self.fill([accounts[pk] for pk in ids], today=self.today)

    def __iter__(self):
        return iter(self[:])

    @staticmethod
    def fill(accounts: list[Account], *, today: datetime.date) -> list[Account]:
        """Give each account its figures as of ``today`` (``ROW_FIGURES`` of its ``Exposure``,
        and ``tier``): from its stored credit position when that is of ``today`` (one query for
        all), from their definition otherwise (a few more queries for those, whose position a
        new day left behind)."""
        if not accounts:
            return accounts
        ids = [account.pk for account in accounts]
        stored = CreditPosition.objects.filter(account__in=ids, as_of=today).values(*POSITION_COLUMNS)
        window_days = int(policy()["dso_window_days"])
        tiers = {}
        figures = {}
        for row in stored:
            tiers[row["account_id"]] = row["account__standing__abc_tier"]
            figures[row["account_id"]] = Exposure(
                receivables=row["receivables"],
                open_opportunities=row["exposure"] - row["receivables"],
                credit_limit=row["credit_limit"],
                overdue_amount=row["overdue_amount"],
                oldest_due=row["oldest_due"],
                sales_window=row["sales_window"],
                collection_days=collection_days(
                    receivables=row["receivables"], sales_window=row["sales_window"], window_days=window_days
                ),
                as_of=today,
            )
        behind = [pk for pk in ids if pk not in figures]
        if behind:
            figures.update(exposures(account_ids=behind, today=today))
            tiers.update(AccountStanding.objects.filter(account__in=behind).values_list("account_id", "abc_tier"))
        for account in accounts:
            for name in ROW_FIGURES:
                setattr(account, name, getattr(figures[account.pk], name))
            account.tier = tiers.get(account.pk)
        return accounts


def review_candidates(
    accounts: QuerySet, *, today: datetime.date, overdue_since: datetime.date, utilisation_above: Decimal
) -> list[tuple[int, datetime.date | None, bool]]:
    """(account id, oldest overdue due date, tier dropped) of ``accounts`` with a payment due
    before ``overdue_since`` still unpaid, an exposure above ``utilisation_above`` × their
    limit, or a tier lower than at the scoring run before."""
    ids = list(accounts.values_list("pk", flat=True))
    dropped = set(
        AccountStanding.objects.filter(account__in=ids)
        .exclude(previous_abc_tier="")
        .filter(abc_tier__gt=F("previous_abc_tier"))
        .values_list("account_id", flat=True)
    )
    found = []
    for pk, figures in sorted(exposures(account_ids=ids, today=today).items()):
        overdue = figures.oldest_due is not None and figures.oldest_due < overdue_since
        utilised = figures.utilisation is not None and figures.utilisation > utilisation_above
        if overdue or utilised or pk in dropped:
            found.append((pk, figures.oldest_due, pk in dropped))
    return found


def exposure_list(
    *,
    user,
    over_limit: bool = False,
    overdue: bool = False,
    owner=None,
    search: str = "",
    tier: str = "",
    today: datetime.date | None = None,
) -> ExposureList:
    """The accounts ``user`` may see with their exposure, the most utilised first (accounts with
    exposure but no limit before all: they are over any limit), filtered as the page asks."""
    accounts = Account.objects.visible_to(user)
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    if search:
        accounts = accounts.filter(Q(name__icontains=search) | Q(code__iexact=search))
    filters = [name for name, wanted in (("over_limit", over_limit), ("overdue", overdue)) if wanted]
    return ExposureList(accounts, today=today or timezone.localdate(), filters=filters, tier=tier)


def approver_queue(*, user) -> QuerySet[CreditRequest]:
    """The submitted requests waiting for ``user``, oldest first (the page of them gets its
    accounts' figures from :func:`add_queue_figures`).

    Which requests wait for whom is ``credit.permissions.waiting_for``.
    """
    requests = CreditRequest.objects.visible_to(user).filter(status=RequestStatus.SUBMITTED)
    waiting = waiting_for(user)
    if waiting is None:
        return requests.none()
    return (
        requests.filter(waiting)
        .select_related("account", "account__owner", "requested_by", "investigation")
        .order_by("submitted_at", "pk")
    )


def decided_requests(
    *,
    user,
    search: str = "",
    status: str = "",
    decided_from: datetime.date | None = None,
    decided_to: datetime.date | None = None,
) -> QuerySet[CreditRequest]:
    """The requests ``user`` decided (approved or rejected), newest decision first, of the
    accounts they still see, filtered as the decided list asks."""
    requests = CreditRequest.objects.visible_to(user).filter(decided_by=user, status__in=DECIDED)
    if search:
        requests = requests.filter(search_filter(search, prefix="account__"))
    if status in DECIDED:
        requests = requests.filter(status=status)
    # Whole local days: a date compared with a datetime column would be read as midnight UTC.
    if decided_from is not None:
        requests = requests.filter(decided_at__gte=_local_midnight(decided_from))
    if decided_to is not None:
        requests = requests.filter(decided_at__lt=_local_midnight(decided_to + datetime.timedelta(days=1)))
    return requests.select_related("account", "account__owner", "requested_by").order_by("-decided_at", "-pk")


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_queue_figures(requests: list[CreditRequest], *, today: datetime.date | None = None) -> list[CreditRequest]:
    """Set each request's account figures (exposure, limit in force, utilisation, overdue
    balance, tier) as the overview does, from the accounts' stored credit positions (one
    query; one more for accounts whose position is behind): correlated sums per request cost
    three times as much."""
    ExposureList.fill([request.account for request in requests], today=today or timezone.localdate())
    return requests


def request_detail(*, user, pk: int) -> CreditRequest:
    """One request with its timeline, or 404 when ``user`` may not see its account."""
    queryset = CreditRequest.objects.select_related(
        "account",
        "account__owner",
        "account__owner__team",
        "requested_by",
        "assigned_manager",
        "decided_by",
        "investigation",
    ).prefetch_related(Prefetch("events", queryset=CreditRequestEvent.objects.select_related("actor")))
    return get_visible_or_404(queryset, user, pk=pk)


def investigation_detail(*, user, pk: int) -> CreditInvestigation:
    return get_visible_or_404(CreditInvestigation.objects.select_related("account", "author"), user, pk=pk)


def has_investigation(account: Account) -> bool:
    return CreditInvestigation.objects.filter(account=account).exists()


def investigation_is_locked(investigation: CreditInvestigation) -> bool:
    """Read-only once a decided request used it: the decision rests on what it said."""
    return investigation.requests.filter(status__in=[RequestStatus.APPROVED, RequestStatus.REJECTED]).exists()


@dataclass
class CreditPanel:
    account: Account
    exposure: Exposure
    limit: CreditLimit | None
    limits: list
    requests: list
    investigations: list
    reviews: list
    write_offs: list
    overrides: list
    holds: list


def account_panel(*, user, pk: int) -> CreditPanel:
    """Everything the credit tab of an account page shows, in a fixed number of queries."""
    account = get_account_for(user, pk)
    limits = list(CreditLimit.objects.filter(account=account).select_related("set_by", "request")[:20])
    today = timezone.localdate()
    in_force = next((limit for limit in limits if limit.effective_from <= today), None)
    return CreditPanel(
        account=account,
        exposure=exposures(
            account_ids=[account.pk], today=today, limits={account.pk: in_force.amount} if in_force else {}
        )[account.pk],
        limit=in_force,
        limits=limits,
        requests=list(CreditRequest.objects.filter(account=account).select_related("requested_by", "decided_by")[:20]),
        investigations=list(CreditInvestigation.objects.filter(account=account).select_related("author")[:10]),
        reviews=list(CreditReview.objects.filter(account=account)[:10]),
        write_offs=list(WriteOff.objects.filter(account=account).select_related("recorded_by")[:10]),
        overrides=list(HoldOverride.objects.filter(account=account).select_related("actor", "order")[:10]),
        holds=list(CreditHold.objects.filter(account=account).select_related("order", "held_by", "decided_by")[:10]),
    )


def liability_report(*, user) -> QuerySet:
    """Per person: write-offs they carry a share of, and the total they carry (visible accounts only)."""
    return (
        Liability.objects.visible_to(user)
        .values("person", "person__username", "person__first_name", "person__last_name")
        .annotate(write_offs=Count("write_off", distinct=True), total=Sum("amount"))
        .order_by("-total", "person__username")
    )


def write_off_list(*, user) -> QuerySet[WriteOff]:
    return (
        WriteOff.objects.visible_to(user)
        .select_related("account", "recorded_by")
        .prefetch_related(Prefetch("liabilities", queryset=Liability.objects.select_related("person")))
    )


def held_orders(*, user) -> QuerySet[CreditHold]:
    """The orders on credit hold that wait for a decision, oldest first, with each order's
    amount (visible accounts only)."""
    amount = Order.objects.filter(pk=OuterRef("order")).with_balance().values("amount")
    return (
        CreditHold.objects.visible_to(user)
        .filter(status=HoldStatus.PENDING)
        .select_related("account", "account__owner", "order", "held_by")
        .annotate(order_amount=Subquery(amount))
        .order_by("created_at", "pk")
    )


def held_order(*, user, pk: int) -> CreditHold:
    """One hold, if ``user`` may see its account (404 otherwise)."""
    return get_visible_or_404(CreditHold.objects.select_related("order", "account"), user, pk=pk)

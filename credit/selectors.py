"""Reads for the credit pages. Exposure is computed in SQL, for a whole list at once.

``exposure_annotations`` builds one correlated subquery per figure, keyed on the account a
row refers to, so the same figures annotate a list of accounts (the credit page, the review
job) or a list of requests (the approver queue) in one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from accounts.models import Account
from accounts.visibility import get_account_for, get_visible_or_404
from deals.models import (
    AccountReceivable,
    Opportunity,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PipelineStage,
    StageOutcome,
    line_amount,
)
from scoring.models import AccountStanding
from users.models import Role

from .conf import opportunities_mode, policy
from .models import (
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
    Route,
    WriteOff,
)

MONEY = DecimalField(max_digits=16, decimal_places=2)
RATIO = DecimalField(max_digits=20, decimal_places=4)
CENT = Decimal("0.01")
ZERO = Value(Decimal("0"), output_field=MONEY)


class Ratio(Func):
    """numerator / denominator as a decimal; SQLite would divide integers and drop the fraction."""

    template = "(%(expressions)s)"
    arg_joiner = " / "
    output_field = RATIO

    def as_sqlite(self, compiler, connection, **extra_context):
        numerator, denominator = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"(CAST({numerator[0]} AS REAL) / {denominator[0]})", (*numerator[1], *denominator[1])


def _sum_per_account(queryset: QuerySet, account_field: str, amount) -> Coalesce:
    """One correlated subquery: the sum of ``amount`` over ``queryset`` rows of the row's account."""
    total = queryset.order_by().values(account_field).annotate(total=Sum(amount)).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


def exposure_annotations(account_ref: str = "pk", today: datetime.date | None = None) -> tuple[dict, dict]:
    """Two rounds of annotations (base figures, then the ones derived from them) for the account
    ``account_ref`` names on the annotated queryset ("pk" on accounts, "account" on requests).

    - ``receivables``: unpaid order amounts (lines − payments of orders not cancelled) less
      bad debt written off;
    - ``credit_limit``: the limit in force today (None when the account has none);
    - ``overdue_amount`` and ``oldest_due``: unpaid balance of orders past their due date, and
      the earliest such due date (overdue days = today − oldest_due);
    - ``sales_window``: sales of the DSO window; ``collection_days``: receivables / sales × days;
    - ``open_opportunities``: open opportunities, in full or weighted (``credit.conf``
      "opportunities"; zero when not counted);
    - ``exposure`` = receivables + open_opportunities, ``utilisation`` = exposure / limit
      (None without a positive limit), ``over_limit_by``.
    """
    today = today or timezone.localdate()
    config = policy()
    opportunities = opportunities_mode()
    window_days = int(config["dso_window_days"])
    account = OuterRef(account_ref)
    live_lines = OrderLine.objects.filter(order__account=account).exclude(order__status=OrderStatus.CANCELLED)
    payments = Payment.objects.filter(order__account=account).exclude(order__status=OrderStatus.CANCELLED)
    overdue_orders = (
        Order.objects.effective().filter(account=account, due_date__lt=today).with_totals().filter(outstanding__gt=0)
    )
    base = {
        "billed": _sum_per_account(live_lines, "order__account", line_amount()),
        "paid": _sum_per_account(payments, "order__account", "amount"),
        "written_off": _sum_per_account(WriteOff.objects.filter(account=account), "account", "amount"),
        "sales_window": _sum_per_account(
            live_lines.filter(order__order_date__gt=today - datetime.timedelta(days=window_days)),
            "order__account",
            line_amount(),
        ),
        "overdue_amount": _sum_per_account(overdue_orders, "account", "outstanding"),
        "oldest_due": Subquery(overdue_orders.order_by("due_date").values("due_date")[:1]),
        "credit_limit": Subquery(
            CreditLimit.objects.filter(account=account).in_force(today).values("amount")[:1], output_field=MONEY
        ),
        "open_opportunities": ZERO,
    }
    if opportunities:
        open_ones = Opportunity.objects.filter(account=account).open().with_weighted()
        amount = "weighted_amount" if opportunities == "weighted" else "amount"
        base["open_opportunities"] = _sum_per_account(open_ones, "account", amount)
    receivables = F("billed") - F("paid") - F("written_off")
    exposure = receivables + F("open_opportunities")
    derived = {
        "receivables": ExpressionWrapper(receivables, output_field=MONEY),
        "exposure": ExpressionWrapper(exposure, output_field=MONEY),
        "utilisation": Case(
            When(credit_limit__gt=0, then=Ratio(exposure, F("credit_limit"))),
            default=None,
            output_field=RATIO,
        ),
        "over_limit_by": ExpressionWrapper(exposure - Coalesce(F("credit_limit"), ZERO), output_field=MONEY),
        "collection_days": Case(
            When(
                sales_window__gt=0,
                then=ExpressionWrapper(
                    receivables * Value(Decimal(window_days)) / F("sales_window"), output_field=RATIO
                ),
            ),
            default=None,
            output_field=RATIO,
        ),
    }
    return base, derived


def with_exposure(queryset: QuerySet, account_ref: str = "pk", today: datetime.date | None = None) -> QuerySet:
    base, derived = exposure_annotations(account_ref, today)
    return queryset.annotate(**base).annotate(**derived)


@dataclass(frozen=True)
class Exposure:
    """One account's figures, for the guard, the services and the account panel."""

    receivables: Decimal
    open_opportunities: Decimal
    exposure: Decimal
    credit_limit: Decimal | None
    utilisation: Decimal | None
    overdue_amount: Decimal
    oldest_due: datetime.date | None
    collection_days: Decimal | None

    @property
    def overdue_days(self) -> int:
        return overdue_days(self.oldest_due)


def overdue_days(oldest_due: datetime.date | None, today: datetime.date | None = None) -> int:
    if oldest_due is None:
        return 0
    return ((today or timezone.localdate()) - oldest_due).days


def account_exposure(account_id: int, today: datetime.date | None = None) -> Exposure:
    """One account's exposure, in one query (no visibility check: callers have the account)."""
    row = with_exposure(Account.objects.filter(pk=account_id), today=today).values(
        "receivables",
        "open_opportunities",
        "exposure",
        "credit_limit",
        "utilisation",
        "overdue_amount",
        "oldest_due",
        "collection_days",
    )[0]
    for name in ("receivables", "open_opportunities", "exposure", "overdue_amount"):
        row[name] = row[name].quantize(CENT)  # line amounts carry the 7 decimals of quantity × price
    return Exposure(**row)


# The exposure of a whole list in one pass: each table is read once and aggregated with
# GROUP BY (lines and payments per order, then orders per account), instead of correlated
# subqueries per account. ``{base}`` is the SQL of the accounts queryset (visibility, owner,
# search), so only those accounts' orders are read.
_EXPOSURE_SQL = """
WITH order_totals AS (
    SELECT o.account_id, o.order_date, o.due_date,
           COALESCE(oa.amount, 0) AS amount, COALESCE(op.paid, 0) AS paid
    FROM {order} o
    LEFT JOIN (
        SELECT l.order_id, SUM(l.quantity * l.unit_price) AS amount
        FROM {line} l INNER JOIN {order} lo ON lo.id = l.order_id
        WHERE lo.account_id IN ({base})
        GROUP BY l.order_id
    ) oa ON oa.order_id = o.id
    LEFT JOIN (
        SELECT p.order_id, SUM(p.amount) AS paid
        FROM {payment} p INNER JOIN {order} po ON po.id = p.order_id
        WHERE po.account_id IN ({base})
        GROUP BY p.order_id
    ) op ON op.order_id = o.id
    WHERE o.status <> %s AND o.account_id IN ({base})
),
per_account AS (
    SELECT account_id,
           SUM(amount - paid) AS receivables,
           SUM(CASE WHEN due_date < %s AND amount - paid > 0 THEN amount - paid ELSE 0 END) AS overdue_amount,
           MIN(CASE WHEN due_date < %s AND amount - paid > 0 THEN due_date END) AS oldest_due,
           SUM(CASE WHEN order_date > %s THEN amount ELSE 0 END) AS sales_window
    FROM order_totals GROUP BY account_id
),
written AS (
    SELECT w.account_id, SUM(w.amount) AS written_off
    FROM {writeoff} w WHERE w.account_id IN ({base}) GROUP BY w.account_id
),
ranked_limits AS (
    SELECT cl.account_id, cl.amount,
           ROW_NUMBER() OVER (
               PARTITION BY cl.account_id ORDER BY cl.effective_from DESC, cl.created_at DESC, cl.id DESC
           ) AS n
    FROM {limit} cl
    WHERE cl.effective_from <= %s AND cl.account_id IN ({base})
),
open_opportunities AS (
    SELECT op.account_id, {opportunity_amount} AS amount
    FROM {opportunity} op INNER JOIN {stage} sg ON sg.id = op.stage_id
    WHERE sg.outcome = %s AND op.account_id IN ({base}) AND {opportunities_counted}
    GROUP BY op.account_id
),
figures AS (
    SELECT a.id AS account_id,
           COALESCE(pa.receivables, 0) - COALESCE(w.written_off, 0) + COALESCE(oo.amount, 0) AS exposure,
           COALESCE(pa.overdue_amount, 0) AS overdue_amount,
           pa.oldest_due,
           COALESCE(pa.sales_window, 0) AS sales_window,
           rl.amount AS credit_limit,
           st.abc_tier AS tier,
           CASE WHEN COALESCE(st.previous_abc_tier, '') <> '' AND st.abc_tier > st.previous_abc_tier
                THEN 1 ELSE 0 END AS tier_dropped
    FROM {account} a
    LEFT JOIN per_account pa ON pa.account_id = a.id
    LEFT JOIN written w ON w.account_id = a.id
    LEFT JOIN ranked_limits rl ON rl.account_id = a.id AND rl.n = 1
    LEFT JOIN open_opportunities oo ON oo.account_id = a.id
    LEFT JOIN {standing} st ON st.account_id = a.id
    WHERE a.id IN ({base})
)
SELECT account_id, exposure, overdue_amount, oldest_due, sales_window, credit_limit, tier, tier_dropped,
       CASE WHEN credit_limit > 0 THEN {ratio} END AS utilisation
FROM figures
WHERE {where}
"""


def exposure_rows_sql(
    accounts: QuerySet, *, today: datetime.date, where: str = "1 = 1", where_params: tuple = ()
) -> tuple[str, list]:
    """The SQL (and its parameters) of the exposure figures of ``accounts``."""
    base_sql, base_params = accounts.order_by().values("pk").query.sql_with_params()
    window_start = today - datetime.timedelta(days=int(policy()["dso_window_days"]))
    ratio = "CAST(exposure AS REAL) / credit_limit" if connection.vendor == "sqlite" else "exposure / credit_limit"
    mode = opportunities_mode()
    sql = _EXPOSURE_SQL.format(
        base=base_sql,
        order=Order._meta.db_table,
        line=OrderLine._meta.db_table,
        payment=Payment._meta.db_table,
        writeoff=WriteOff._meta.db_table,
        limit=CreditLimit._meta.db_table,
        account=Account._meta.db_table,
        opportunity=Opportunity._meta.db_table,
        stage=PipelineStage._meta.db_table,
        opportunity_amount=(
            "SUM(op.amount * COALESCE(op.probability, sg.probability) / 100.0)"
            if mode == "weighted"
            else "SUM(op.amount)"
        ),
        opportunities_counted="1 = 1" if mode else "1 = 0",
        standing=AccountStanding._meta.db_table,
        ratio=ratio,
        where=where,
    )
    base = list(base_params)
    return sql, [
        *base,  # order amounts
        *base,  # payments
        OrderStatus.CANCELLED,
        *base,  # orders
        today,
        today,
        window_start,
        *base,  # write-offs
        today,
        *base,  # limits
        StageOutcome.OPEN,
        *base,  # opportunities
        *base,  # accounts
        *where_params,
    ]


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT)


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


class ExposureList:
    """The overview's accounts, ordered and filtered in SQL on their stored credit positions
    (``CreditPosition``: exposure, the limit in force, utilisation), sliced by the paginator.
    For people who see every account the order is an index walk; for the others, their
    accounts' positions are joined and sorted. A page costs a capped count, its account ids,
    the accounts with their owners, and the date-dependent figures (overdue balance and days,
    the DSO window's sales, collection period) of those accounts only (``fill``).

    Each account on a page carries ``exposure`` (= ``receivables``), ``credit_limit``,
    ``utilisation``, ``over_limit_by``, ``overdue_amount``, ``oldest_due``, ``sales_window``,
    ``collection_days`` and ``tier``.
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
        """Give each account its figures as of ``today``: from its stored credit position when
        that is of ``today`` (one query for all), computed from the orders otherwise (one more
        query for those, whose position a new day or a write past the services left behind)."""
        if not accounts:
            return accounts
        ids = [account.pk for account in accounts]
        rows = {
            row[0]: row
            for row in CreditPosition.objects.filter(account__in=ids, as_of=today).values_list(
                "account_id",
                "exposure",
                "overdue_amount",
                "oldest_due",
                "sales_window",
                "credit_limit",
                "account__standing__abc_tier",
            )
        }
        behind = [pk for pk in ids if pk not in rows]
        if behind:
            sql, params = exposure_rows_sql(Account.objects.filter(pk__in=behind), today=today)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows.update({row[0]: row[:7] for row in cursor.fetchall()})
        window_days = int(policy()["dso_window_days"])
        for account in accounts:
            _id, exposure, overdue_amount, oldest_due, sales_window, credit_limit, tier = rows[account.pk]
            account.tier = tier
            account.exposure = account.receivables = _decimal(exposure)
            account.overdue_amount = _decimal(overdue_amount)
            account.oldest_due = _date(oldest_due)
            account.sales_window = _decimal(sales_window)
            account.credit_limit = limit = _decimal(credit_limit)
            account.utilisation = account.exposure / limit if limit else None
            account.over_limit_by = account.exposure - (limit or 0)
            account.collection_days = (
                account.exposure * window_days / account.sales_window if account.sales_window else None
            )
        return accounts


def review_candidates(
    accounts: QuerySet, *, today: datetime.date, overdue_since: datetime.date, utilisation_above: Decimal
) -> list[tuple[int, datetime.date | None]]:
    """(account id, oldest unpaid due date, tier dropped) of ``accounts`` with a payment due
    before ``overdue_since`` still unpaid, an exposure above ``utilisation_above`` × their
    limit, or a tier lower than at the scoring run before."""
    sql, params = exposure_rows_sql(
        accounts,
        today=today,
        where="(oldest_due < %s OR (credit_limit > 0 AND exposure > %s * credit_limit) OR tier_dropped = 1)",
        where_params=(overdue_since, utilisation_above),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], _date(row[3]), bool(row[7])) for row in cursor.fetchall()]


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

    A manager's queue holds the requests routed to them; a credit approver's (and an admin's)
    those above the managers' authority. Requests ``user`` may not decide (their own, or for an
    account they own) are left out.
    """
    requests = CreditRequest.objects.visible_to(user).filter(status=RequestStatus.SUBMITTED)
    if user.role in (Role.CREDIT_APPROVER, Role.ADMIN) or user.is_superuser:
        requests = requests.filter(route=Route.CREDIT)
    elif user.is_manager:
        requests = requests.filter(route=Route.MANAGER, assigned_manager=user)
    else:
        return requests.none()
    requests = requests.exclude(requested_by=user).exclude(account__owner=user)
    return requests.select_related("account", "account__owner", "requested_by", "investigation").order_by(
        "submitted_at", "pk"
    )


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
        exposure=account_exposure(account.pk, today),
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
    amount = (
        OrderLine.objects.filter(order=OuterRef("order"))
        .order_by()
        .values("order")
        .annotate(total=Sum(line_amount()))
        .values("total")
    )
    return (
        CreditHold.objects.visible_to(user)
        .filter(status=HoldStatus.PENDING)
        .select_related("account", "account__owner", "order", "held_by")
        .annotate(order_amount=Round(Subquery(amount), 2, output_field=MONEY))
        .order_by("created_at", "pk")
    )


def held_order(*, user, pk: int) -> CreditHold:
    """One hold, if ``user`` may see its account (404 otherwise)."""
    return get_visible_or_404(CreditHold.objects.select_related("order", "account"), user, pk=pk)

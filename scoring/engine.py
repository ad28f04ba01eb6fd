"""The SQL of a scoring run: a few set-based statements whatever the number of accounts.

``insert_results`` runs two statements: a ``CREATE TEMP TABLE … AS`` with every account's
aggregates (one pass over the order lines joined to their orders, grouped by account — in
parallel on PostgreSQL —, one over orders, one over payments), then one INSERT … SELECT
with the window functions: the ABC rule (ROW_NUMBER, a running SUM), the mid-rank percentile
of every quantitative criterion (RANK and CUME_DIST) and the composite score.
``upsert_standings`` is one INSERT … ON CONFLICT, ``sum_owner_figures`` one INSERT … SELECT …
GROUP BY. It runs on PostgreSQL and SQLite (≥ 3.35, for FILTER and
MATERIALIZED); ``_Dialect`` holds the places where they differ.

The ABC rule (docs/tiering.md), to the letter:

- measure: net revenue (Σ quantity × unit price, returns being negative lines) — or gross
  profit (Σ quantity × unit price − quantity × unit cost) — of the confirmed orders (neither
  cancelled nor on credit hold) dated in the window ``(as_of − N months, as_of]``, each line
  rounded to the cent by the rule of ``accounts.money`` and summed in whole cents;
- rank: measure descending, ties by account code (byte order, ``COLLATE "C"``);
- share before: the sum of the measures ranked above ÷ the total of all positive measures;
- A when share before < a %, B when < b %, else C; a measure ≤ 0 is C. The comparison is
  made in integers (cents × basis points), so a share of exactly 0.80 is B on both databases.

Every account gets a result, accounts without orders included (measure 0, tier C).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from accounts.models import Account
from accounts.money import line_cents_sql
from deals.models import Order, OrderLine, OrderStatus, OrderWriteOff, Payment

from . import criteria
from .models import AccountRating, AccountStanding, OwnerFigure, ScoringResult

BASE_TABLE = "scoring_run_base"  # a temporary table, private to the run's connection
# The result columns the planner needs statistics of after a run (see insert_results).
ANALYZED_COLUMNS = (
    "run_id", "account_id", "rank", "measure", "score", "abc_tier", "level", "previous_abc_tier", "previous_level",
)  # fmt: skip


def window_start(as_of: datetime.date, months: int) -> datetime.date:
    """The (exclusive) start of a window of ``months`` ending on ``as_of``: same day, N months
    earlier, clamped to the end of a shorter month (2024-03-31 − 1 month = 2024-02-29)."""
    month_index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(as_of.day, last_day))


@dataclass(frozen=True)
class _Dialect:
    vendor: str

    @property
    def numeric(self) -> str:
        return "NUMERIC" if self.vendor == "postgresql" else "REAL"

    def days_between(self, later: str, earlier: str) -> str:
        if self.vendor == "postgresql":
            return f"({later} - {earlier})"
        return f"(julianday({later}) - julianday({earlier}))"

    def code_order(self, column: str) -> str:
        # Byte order, whatever the database's default collation (SQLite's is already binary).
        return f'{column} COLLATE "C"' if self.vendor == "postgresql" else column

    def distinct(self, left: str, right: str) -> str:
        """``left`` differs from ``right``, NULL being a value like any other."""
        operator = "IS DISTINCT FROM" if self.vendor == "postgresql" else "IS NOT"
        return f"{left} {operator} {right}"

    def sort_key(self, column: str) -> str:
        """A criterion's value as a float for its percentile rank: comparing doubles is far
        cheaper than comparing numerics, and a score needs no more than 15 digits. (The ABC
        measure itself is ranked as an exact numeric.)"""
        return f"CAST({column} AS DOUBLE PRECISION)" if self.vendor == "postgresql" else column

    def ratio(self, numerator: str, denominator: str) -> str:
        """A criterion's ratio, rounded to the 4 decimals it is stored with (narrow numerics
        keep the window sorts that follow cheap)."""
        return f"ROUND({self.div(numerator, denominator)}, 4)"

    def div(self, numerator: str, denominator: str) -> str:
        """Division that never truncates (SQLite divides integers as integers)."""
        return f"(CAST({numerator} AS {self.numeric}) / {denominator})"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _quantitative_sources() -> dict[str, str]:
    """The raw value of each quantitative criterion, as a column of the ``base`` CTE."""
    return {
        "cumulative_amount": "revenue",
        "cumulative_profit": "profit",
        "average_order_value": "average_order_value",
        "collection_period": "collection_period",
        "amount_owed": "amount_owed",
        "industry": "industry_value",
        "profit_margin": "profit_margin",
        "high_profit_volume": "high_profit_volume",
        "purchase_concentration": "purchase_concentration",
    }


def insert_results(*, run_id: int, previous_run_id: int | None, as_of: datetime.date, snapshot: dict) -> None:
    """Compute every account's result for the run and insert them: one pass over orders, lines
    and payments into a temporary table of each account's figures, then one INSERT … SELECT of
    ranks, shares, percentile ranks and scores (window functions)."""
    d = _Dialect(connection.vendor)
    weights = {
        code: Decimal(entry["weight"])
        for code, entry in snapshot["criteria"].items()
        if entry["enabled"] and Decimal(entry["weight"]) > 0
    }
    params = _run_params(run_id, previous_run_id, as_of, snapshot, weights)
    with connection.cursor() as cursor:
        if d.vendor == "postgresql":
            # The aggregates hash ~400 000 (account, category) groups: in memory, not on disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # JIT compiling these statements costs seconds and saves nothing on 50 000 rows.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"DROP TABLE IF EXISTS {BASE_TABLE}")
        cursor.execute(_figures_sql(d, snapshot), params)
        if d.vendor == "postgresql":
            cursor.execute(f"ANALYZE {BASE_TABLE}")  # row counts for the plan of the next statement
        cursor.execute(_results_sql(d, weights), params)
        cursor.execute(f"DROP TABLE {BASE_TABLE}")
        if d.vendor == "postgresql":
            # 50 000 fresh rows: without statistics the planner takes the run for ~200 rows and
            # the dashboard's aggregates run as nested loops (1.3 s instead of 0.1 s) until
            # autovacuum gets round to the table. Only the columns the pages filter, group and
            # sort results on: the other twenty criteria columns took three quarters of the time.
            cursor.execute(f"ANALYZE {_table(ScoringResult)} ({', '.join(ANALYZED_COLUMNS)})")


def _run_params(run_id, previous_run_id, as_of, snapshot, weights) -> dict:
    return {
        "run_id": run_id,
        "previous_run_id": previous_run_id if previous_run_id is not None else -1,
        "as_of": as_of,
        "start": window_start(as_of, int(snapshot["window_months"])),
        # Only confirmed orders are sales: an order on credit hold is not one until released.
        "confirmed": OrderStatus.CONFIRMED.value,
        "high_margin": Decimal(snapshot["high_profit_margin"]),
        # Percent thresholds (2 decimals) as whole basis points: integers against integers.
        "a_basis_points": int(Decimal(snapshot["a_threshold"]) * 100),
        "b_basis_points": int(Decimal(snapshot["b_threshold"]) * 100),
        "vip": Decimal(snapshot["vip_min_score"]),
        "key": Decimal(snapshot["key_min_score"]),
        "ordinary": Decimal(snapshot["ordinary_min_score"]),
        "total_weight": sum(weights.values(), Decimal("0")),
        **{f"w_{code}": weight for code, weight in weights.items()},
    }


def _figures_sql(d: _Dialect, snapshot: dict) -> str:
    """Each account's figures over the window into a temporary table: one pass over orders,
    lines and payments. One piece because it is one SQL statement: its length is the SQL's."""
    measure_column = "profit" if snapshot["abc_measure"] == "profit" else "revenue"
    # Line amounts in whole cents by the rule of ``accounts.money``: integers on SQLite, exact
    # numerics on PostgreSQL, so the tier boundaries below compare exact sums on both.
    # Each aggregate evaluates its line expression for every line (the database does not share
    # it between aggregates), so the rounded amount is summed as few times as possible: profit
    # is revenue − cost, and all that was billed is the window's revenue + what came before it
    # (2 000 000 lines: 14 % less time for these sums than summing line − cost and every line).
    line = line_cents_sql("l.quantity", "l.unit_price", d.vendor)
    line_cost = line_cents_sql("l.quantity", "l.unit_cost", d.vendor)
    ratings_select = ", ".join(f"r.{code} AS rating_{code}" for code in criteria.QUALITATIVE_CODES)
    in_window = "o.order_date > %(start)s"
    window_filter = f"FILTER (WHERE {in_window})"
    return f"""
CREATE TEMP TABLE {BASE_TABLE} AS
WITH line_sums AS (
    SELECT o.account_id AS account_id,
        SUM({line}) {window_filter} AS revenue_cents,
        SUM({line_cost}) {window_filter} AS cost_cents,
        SUM({line}) FILTER (
            WHERE {in_window} AND l.unit_price > 0 AND l.unit_cost > 0
              AND (l.unit_price - l.unit_cost) * 100 >= %(high_margin)s * l.unit_price
        ) AS high_profit_cents,
        MAX({line}) {window_filter} AS largest_line_cents,
        SUM({line}) FILTER (WHERE NOT ({in_window})) AS earlier_cents
    FROM {_table(OrderLine)} l
    JOIN {_table(Order)} o ON o.id = l.order_id
    WHERE o.status = %(confirmed)s AND o.order_date <= %(as_of)s
    GROUP BY o.account_id
), sales AS (
    SELECT account_id, revenue_cents, revenue_cents - cost_cents AS profit_cents, high_profit_cents,
        largest_line_cents, COALESCE(revenue_cents, 0) + COALESCE(earlier_cents, 0) AS billed_cents
    FROM line_sums
), order_counts AS (
    SELECT o.account_id AS account_id, COUNT(*) AS orders
    FROM {_table(Order)} o
    WHERE o.status = %(confirmed)s AND {in_window} AND o.order_date <= %(as_of)s
    GROUP BY o.account_id
), paid AS (
    SELECT o.account_id AS account_id,
        SUM(pm.amount * {d.days_between("pm.paid_on", "o.order_date")}) {window_filter} AS weighted_days,
        SUM(pm.amount) {window_filter} AS window_paid,
        SUM(pm.amount) AS paid
    FROM {_table(Payment)} pm
    JOIN {_table(Order)} o ON o.id = pm.order_id
    WHERE o.status = %(confirmed)s AND o.order_date <= %(as_of)s AND pm.paid_on <= %(as_of)s
    GROUP BY o.account_id
), written AS (
    SELECT o.account_id AS account_id, SUM(w.amount) AS written_off
    FROM {_table(OrderWriteOff)} w
    JOIN {_table(Order)} o ON o.id = w.order_id
    WHERE o.status = %(confirmed)s AND o.order_date <= %(as_of)s AND w.written_off_on <= %(as_of)s
    GROUP BY o.account_id
), cents AS (
    SELECT account_id, revenue_cents / 100.0 AS revenue, profit_cents / 100.0 AS profit,
        high_profit_cents / 100.0 AS high_profit, largest_line_cents / 100.0 AS largest_line,
        billed_cents / 100.0 AS billed, {measure_column}_cents AS measure_cents
    FROM sales
)
SELECT a.id AS account_id, a.code AS code, a.industry AS industry,
    COALESCE(s.revenue, 0) AS revenue,
    COALESCE(s.profit, 0) AS profit,
    COALESCE(s.measure_cents, 0) AS measure_cents,
    COALESCE(s.measure_cents, 0) / 100.0 AS measure,
    CASE WHEN oc.orders > 0 THEN {d.ratio("COALESCE(s.revenue, 0)", "oc.orders")} END AS average_order_value,
    CASE WHEN pd.window_paid > 0 THEN {d.ratio("pd.weighted_days", "pd.window_paid")} END AS collection_period,
    COALESCE(s.billed, 0) - COALESCE(pd.paid, 0) - COALESCE(w.written_off, 0) AS amount_owed,
    CASE WHEN s.revenue > 0 THEN {d.ratio("s.profit", "s.revenue")} END AS profit_margin,
    COALESCE(s.high_profit, 0) AS high_profit_volume,
    CASE WHEN s.revenue > 0 THEN {d.ratio("s.largest_line", "s.revenue")} END AS purchase_concentration,
    {ratings_select}
FROM {_table(Account)} a
LEFT JOIN cents s ON s.account_id = a.id
LEFT JOIN order_counts oc ON oc.account_id = a.id
LEFT JOIN paid pd ON pd.account_id = a.id
LEFT JOIN written w ON w.account_id = a.id
LEFT JOIN {_table(AccountRating)} r ON r.account_id = a.id
"""  # noqa: S608 — only identifiers from code are interpolated; every value is a parameter


def _results_sql(d: _Dialect, weights: dict) -> str:
    """Ranks, cumulative shares and tiers (ABC), percentile ranks and scores of every criterion,
    the composite score and level, beside the previous run's tier and level. One piece because it
    is one INSERT … SELECT: its length is the SQL's and the expressions built for it."""
    sources = _quantitative_sources()
    # Percentile ranks of the quantitative criteria, computed on narrow rows (the account and
    # one sort key per criterion): accounts without a value (NULL) are put in their own
    # partition and score 0.
    keys = [f"{d.sort_key('i.industry_value' if code == 'industry' else 'b.' + column)} AS k_{code}"
            for code, column in sources.items()]  # fmt: skip
    ranks = []
    scores = []
    for code in sources:
        direction = "ASC" if criteria.BY_CODE[code].higher_is_better else "DESC"
        # Mid-rank percentile: (accounts below + half the accounts equal) ÷ accounts, so a
        # criterion on which everybody is equal scores 50 for all, not 0. RANK and CUME_DIST
        # share one sort.
        partition = f"PARTITION BY CASE WHEN k_{code} IS NULL THEN 1 ELSE 0 END"
        ordered = f"{partition} ORDER BY k_{code} {direction}"
        ranks.append(
            f"((CAST(RANK() OVER ({ordered}) AS DOUBLE PRECISION) - 1) / COUNT(*) OVER ({partition})"
            f" + CUME_DIST() OVER ({ordered})) / 2 AS pr_{code}"
        )
        scores.append(
            f"CASE WHEN k_{code} IS NULL THEN 0 ELSE ROUND(CAST(pr_{code} * 100 AS NUMERIC), 2) END AS s_{code}"
        )
    for code in criteria.QUALITATIVE_CODES:
        rating = f"COALESCE(rating_{code}, 3)"
        mapped = f"({rating} - 1) * 25" if criteria.BY_CODE[code].higher_is_better else f"(5 - {rating}) * 25"
        scores.append(f"{mapped} AS s_{code}")
    ratings_columns = ", ".join(f"rating_{code}" for code in criteria.QUALITATIVE_CODES)
    if weights:
        weighted = " + ".join(f"%(w_{code})s * s_{code}" for code in weights)
        composite = f"ROUND(CAST({d.div(f'({weighted})', '%(total_weight)s')} AS NUMERIC), 2)"
    else:
        composite = "0"

    value_columns = []
    for code in criteria.CODES:
        if code == "industry":
            value_columns.append("i.industry_value")
        elif code in sources:
            value_columns.append(f"b.{sources[code]}")
        else:
            value_columns.append(f"b.rating_{code}")
    result_columns = [f"{code}_value" for code in criteria.CODES] + [f"{code}_score" for code in criteria.CODES]

    order_by_rank = f"measure_cents DESC, {d.code_order('code')}"
    return f"""
WITH abc AS MATERIALIZED (
    SELECT account_id,
        ROW_NUMBER() OVER (ORDER BY {order_by_rank}) AS rank,
        COALESCE(SUM(measure_cents) OVER (ORDER BY {order_by_rank}
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
        SUM(CASE WHEN measure_cents > 0 THEN measure_cents ELSE 0 END) OVER () AS total_positive
    FROM (SELECT account_id, measure_cents, code FROM {BASE_TABLE}) m
), industries AS MATERIALIZED (
    SELECT industry, AVG(measure) AS industry_value FROM {BASE_TABLE} GROUP BY industry
), sort_keys AS (
    SELECT b.account_id AS account_id, {", ".join(keys)}, {ratings_columns}
    FROM {BASE_TABLE} b JOIN industries i ON i.industry = b.industry
), ranks AS (
    SELECT sort_keys.*, {", ".join(ranks)} FROM sort_keys
), scored AS MATERIALIZED (
    SELECT account_id, {", ".join(scores)} FROM ranks
), composite AS MATERIALIZED (
    SELECT scored.*, {composite} AS composite_score FROM scored
)
INSERT INTO {_table(ScoringResult)} (
    run_id, account_id, measure, rank, share_before, abc_tier, score, level, previous_abc_tier, previous_level,
    {", ".join(result_columns)}
)
SELECT %(run_id)s, b.account_id, b.measure, a.rank,
    CASE WHEN a.total_positive > 0 THEN {d.div("a.cum_before", "a.total_positive")} ELSE 0 END,
    CASE WHEN b.measure_cents <= 0 THEN 'C'
         WHEN a.cum_before * 10000 < %(a_basis_points)s * a.total_positive THEN 'A'
         WHEN a.cum_before * 10000 < %(b_basis_points)s * a.total_positive THEN 'B'
         ELSE 'C' END,
    c.composite_score,
    CASE WHEN c.composite_score >= CAST(%(vip)s AS NUMERIC) THEN 'vip'
         WHEN c.composite_score >= CAST(%(key)s AS NUMERIC) THEN 'key'
         WHEN c.composite_score >= CAST(%(ordinary)s AS NUMERIC) THEN 'ordinary'
         ELSE 'small' END,
    COALESCE(prev.abc_tier, ''), COALESCE(prev.level, ''),
    {", ".join(value_columns)},
    {", ".join(f"c.s_{code}" for code in criteria.CODES)}
FROM {BASE_TABLE} b
JOIN abc a ON a.account_id = b.account_id
JOIN composite c ON c.account_id = b.account_id
JOIN industries i ON i.industry = b.industry
LEFT JOIN {_table(ScoringResult)} prev ON prev.run_id = %(previous_run_id)s AND prev.account_id = b.account_id
"""  # noqa: S608 — only identifiers from code are interpolated; every value is a parameter


def upsert_standings(*, run_id: int, now: datetime.datetime) -> None:
    """Copy the run's results into AccountStanding, one INSERT … ON CONFLICT DO UPDATE of the
    rows that differ (a same-day rerun that changes nothing writes none)."""
    d = _Dialect(connection.vendor)
    table = _table(AccountStanding)
    columns = ["abc_tier", "level", "score", "measure", "run_id", "previous_abc_tier", "previous_level"]
    sql = f"""
INSERT INTO {table} (account_id, {", ".join(columns)}, updated_at)
SELECT account_id, {", ".join(columns)}, %(now)s FROM {_table(ScoringResult)} WHERE run_id = %(run_id)s
ON CONFLICT (account_id) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in columns)},
    updated_at = excluded.updated_at
WHERE {" OR ".join(d.distinct(f"{table}.{c}", f"excluded.{c}") for c in columns)}
"""  # noqa: S608 — identifiers from code only
    with connection.cursor() as cursor:
        cursor.execute(sql, {"run_id": run_id, "now": now})


OWNER_FIGURE_COLUMNS = (
    "run_id", "owner_id", "region_id", "bucket", "abc_tier", "level", "previous_abc_tier",
    "accounts", "measure_sum", "positive_sum",
)  # fmt: skip


def _owner_figures_select() -> str:
    """A run's results added up per current owner and region, Pareto bucket, tier, level and
    previous tier: the one definition of ``OwnerFigure``."""
    return f"""
SELECT r.run_id, a.owner_id, a.region_id, (r.rank - 1) / %(width)s, r.abc_tier, r.level, r.previous_abc_tier,
       COUNT(*), SUM(r.measure), SUM(CASE WHEN r.measure > 0 THEN r.measure ELSE 0 END)
FROM {_table(ScoringResult)} r INNER JOIN {_table(Account)} a ON a.id = r.account_id
WHERE r.run_id = %(run_id)s
GROUP BY r.run_id, a.owner_id, a.region_id, (r.rank - 1) / %(width)s, r.abc_tier, r.level, r.previous_abc_tier
"""  # noqa: S608 — identifiers from code only


def sum_owner_figures(*, run_id: int, bucket_width: int) -> None:
    """Add the run's results up into OwnerFigure (one INSERT … SELECT … GROUP BY; the caller
    has removed the old rows)."""
    sql = f"INSERT INTO {_table(OwnerFigure)} ({', '.join(OWNER_FIGURE_COLUMNS)}) {_owner_figures_select()}"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"run_id": run_id, "width": bucket_width})


def owner_figure_rows(*, run_id: int, bucket_width: int) -> list[tuple]:
    """What ``OwnerFigure`` must hold for the run, as rows of ``OWNER_FIGURE_COLUMNS``."""
    with connection.cursor() as cursor:
        cursor.execute(_owner_figures_select(), {"run_id": run_id, "width": bucket_width})
        return cursor.fetchall()

"""Bare twin of the manager's dashboard."""

from __future__ import annotations

import datetime

from .common import render_rows, visibility_sql


def dashboard(request):
    """The dashboard's figures and at-risk rows in one hand-written query: the latest run's
    results of the visible (and filtered) accounts grouped by (rank bucket, tier, level,
    previous tier) — the same rows the page folds into its tables, matrix and curve — and,
    in the same statement, the first 20 at-risk accounts by rank with their coverage flags."""
    from contacts.selectors import recent_cutoff

    where, params = visibility_sql(request.user)
    if request.GET.get("team"):
        where += " AND u.team_id = %s"
        params.append(int(request.GET["team"]))
    if request.GET.get("rep"):
        where += " AND a.owner_id = %s"
        params.append(int(request.GET["rep"]))
    joined, scoped = "", ""
    if where != "TRUE":  # joined (a hash join), not IN (…), as the page does
        joined = "JOIN accounts_account a ON a.id = r.account_id JOIN users_user u ON u.id = a.owner_id"
        scoped = f"AND {where}"
    run = """(SELECT id FROM scoring_scoringrun WHERE status = 'done'
              ORDER BY as_of DESC, finished_at DESC, id DESC LIMIT 1)"""
    coverage = """
        (SELECT COUNT(*) FROM contacts_contact c WHERE c.account_id = a.id AND NOT c.left_company
           AND c.relationship_strength > 0) AS live,
        EXISTS (SELECT 1 FROM contacts_contactrole cr JOIN contacts_contact c ON c.id = cr.contact_id
           WHERE c.account_id = a.id AND cr.role = 'decision_maker' AND cr.ended_on IS NULL
           AND NOT c.left_company) AS has_dm,
        EXISTS (SELECT 1 FROM contacts_contactrole cr JOIN contacts_contact c ON c.id = cr.contact_id
           WHERE c.account_id = a.id AND cr.role = 'decision_maker'
           AND (cr.ended_on >= %s OR c.left_on >= %s)) AS dm_changed"""
    cutoff = recent_cutoff()
    sql = f"""
SELECT json_build_array(bucket, abc_tier, level, previous_abc_tier,
                        COUNT(*), SUM(measure), SUM(measure) FILTER (WHERE measure > 0))
FROM (SELECT (r.rank - 1) / w.width AS bucket, r.abc_tier, r.level, r.previous_abc_tier, r.measure
      FROM (SELECT id, GREATEST(1, CEIL(accounts_count / 100.0))::int AS width
            FROM scoring_scoringrun WHERE id = {run}) w
      JOIN scoring_scoringresult r ON r.run_id = w.id {joined}
      WHERE TRUE {scoped}) b
GROUP BY bucket, abc_tier, level, previous_abc_tier
UNION ALL
(SELECT json_build_array(code, name, first_name, last_name, abc_tier, previous_abc_tier, score, live, has_dm,
                         dm_changed)
 FROM (SELECT a.code, a.name, u.first_name, u.last_name, r.abc_tier, r.previous_abc_tier, r.level, r.score,
              r.rank, {coverage}
       FROM scoring_scoringresult r JOIN accounts_account a ON a.id = r.account_id
       JOIN users_user u ON u.id = a.owner_id
       WHERE r.run_id = {run} AND {where}) x
 WHERE (previous_abc_tier = 'A' AND abc_tier IN ('B', 'C')) OR (previous_abc_tier = 'B' AND abc_tier = 'C')
    OR ((abc_tier = 'A' OR level IN ('vip', 'key')) AND (live <= 1 OR NOT has_dm OR dm_changed))
 ORDER BY rank LIMIT 20)"""  # noqa: S608 — fixed fragments, values are parameters
    scoped_params = [] if where == "TRUE" else list(params)
    return render_rows(sql, [*scoped_params, cutoff, cutoff, *params])


# A credit figure set per account in plain SQL (the default policy: receivables only, a 365-day
# DSO window): unpaid order amounts less write-offs, the overdue balance and its oldest due date,
# the window's sales and the limit in force. ``{scope}`` restricts the accounts (alias ``a``).


def at_risk(request):
    """The at-risk list's first page in one hand-written query: the visible accounts of the
    latest run at risk by the rule (``dashboard.risks``) read from the same stored tables, by
    revenue at stake, with the figures each row shows."""
    from contacts.selectors import recent_cutoff

    where, params = visibility_sql(request.user)
    today = datetime.date.today()
    key = "(s.abc_tier = 'A' OR s.level IN ('vip', 'key'))"
    sql = f"""
SELECT a.code, a.name, u.first_name, u.last_name, s.abc_tier, s.previous_abc_tier, s.measure,
       p.overdue_amount, p.oldest_due, p.utilisation, v.next_due, c.live_relationships,
       c.covers_decision_maker, c.covers_coach, c.decision_maker_lost_on
FROM scoring_accountstanding s JOIN accounts_account a ON a.id = s.account_id
JOIN users_user u ON u.id = a.owner_id
LEFT JOIN credit_creditposition p ON p.account_id = a.id
LEFT JOIN visits_visitschedule v ON v.account_id = a.id
LEFT JOIN contacts_accountcoverage c ON c.account_id = a.id
WHERE {where} AND (
    (s.previous_abc_tier = 'A' AND s.abc_tier IN ('B', 'C')) OR (s.previous_abc_tier = 'B' AND s.abc_tier = 'C')
    OR p.overdue_amount > 0 OR p.utilisation > 1 OR v.next_due < %s
    OR EXISTS (SELECT 1 FROM visits_complaint k WHERE k.account_id = a.id AND k.resolved_at IS NULL
               AND k.severity IN ('high', 'critical'))
    OR ({key} AND (COALESCE(c.live_relationships, 0) <= 1 OR NOT COALESCE(c.covers_decision_maker, FALSE)
                   OR NOT COALESCE(c.covers_coach, FALSE) OR c.decision_maker_lost_on >= %s)))
ORDER BY s.measure DESC, a.name, a.id LIMIT 50"""  # noqa: S608 — fixed fragments, values are parameters
    return render_rows(sql, [*params, today, recent_cutoff(today)])

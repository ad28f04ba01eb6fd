"""The one hub that writes intelligence figures: a run scores every account's health and
relationship, refreshes the peer groups' purchases, and alerts once when a key account
turns red. Nothing else writes ``AccountHealth``, ``RelationshipScore`` or ``PeerItem``.
"""

from __future__ import annotations

import datetime
import json
import time

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from contacts.selectors import coverage_expressions
from credit.models import CreditPosition
from deals import bulk
from scoring.models import Tier
from users.notifications import Notice, notify_many

from . import health, relationship, whitespace
from .models import AccountHealth, Band, IntelligenceRun, RelationshipScore

HORIZON_DAYS = 90  # the nightly run's horizon: "no order within a quarter"
RED_SUBJECT = _("%(account)s is at risk: health score %(score)s")
RED_BODY = _(
    "The health score of the key account %(account)s (%(code)s) fell to %(score)s as of %(as_of)s: %(reasons)s."
)


def previous_run(run: IntelligenceRun) -> IntelligenceRun | None:
    return (
        IntelligenceRun.objects.filter(as_of__lt=run.as_of, finished_at__isnull=False).order_by("-as_of", "-pk").first()
    )


def _figures(as_of: datetime.date, previous: IntelligenceRun | None) -> dict[int, health.Figures]:
    """Every account's health figures: five set-based reads, joined here by account id."""
    lost = coverage_expressions(today=as_of)["decision_maker_changed"]
    figures = {
        pk: health.Figures(decision_maker_lost=changed)
        for pk, changed in Account.objects.order_by().annotate(lost=lost).values_list("pk", "lost")
    }
    for pk, row in health.order_figures(as_of).items():
        vars(figures[pk]).update(row)
    for pk, row in health.visit_figures(as_of).items():
        vars(figures[pk]).update(row)
    for pk, utilisation, oldest in CreditPosition.objects.values_list("account_id", "utilisation", "oldest_due"):
        figures[pk].utilisation, figures[pk].oldest_overdue = utilisation, oldest
    if previous is not None:
        for pk, utilisation in previous.health.values_list("account_id", "utilisation"):
            if pk in figures:
                figures[pk].previous_utilisation = utilisation
    return figures


HEALTH_FIELDS = (
    "run_id",
    "account_id",
    "score",
    "band",
    "risk_rank",
    "days_since_order",
    "usual_interval",
    "orders_12m",
    "revenue_90d",
    "revenue_90d_year_before",
    "utilisation",
    "overdue_days",
    "visits_90d",
    "visits_90d_before",
    "decision_maker_lost",
    "reasons",
)
RELATIONSHIP_FIELDS = ("run_id", "account_id", "score", "breadth", "depth", "decision", "explanation")


def _json(value):
    """A JSON column's value for ``deals.bulk.insert_rows``: COPY takes its text, the ORM the object."""
    return json.dumps(value) if bulk.is_postgresql() else value


def _health_row(run: IntelligenceRun, pk: int, account: health.Figures) -> list:
    score, band, reasons = health.health_of(account, run.as_of)
    scored = account.last_order is not None
    overdue = max(0, (run.as_of - account.oldest_overdue).days) if account.oldest_overdue else 0
    return [
        run.pk,
        pk,
        score,
        band,
        0,
        (run.as_of - account.last_order).days if scored else None,
        round(health.usual_interval(account), 1) if scored else None,
        account.orders_12m,
        account.revenue_90d,
        account.revenue_90d_year_before,
        account.utilisation,
        overdue,
        account.visits_90d,
        account.visits_90d_before,
        account.decision_maker_lost,
        _json(reasons),
    ]


def _store_health(run: IntelligenceRun, figures: dict[int, health.Figures]) -> None:
    rows = [_health_row(run, pk, account) for pk, account in figures.items()]
    # Rank 1: the least healthy, the most likely to place no order within the horizon.
    rows.sort(key=lambda row: (row[2], row[1]))
    for rank, row in enumerate(rows, start=1):
        row[4] = rank
    bulk.insert_rows(AccountHealth, HEALTH_FIELDS, rows)


def _store_relationships(run: IntelligenceRun) -> None:
    rows = []
    for pk, committee in relationship.committees().items():
        result = relationship.relationship_of(committee)
        parts = (result["score"], result["breadth"], result["depth"], result["decision"])
        rows.append((run.pk, pk, *parts, _json(result["explanation"])))
    bulk.insert_rows(RelationshipScore, RELATIONSHIP_FIELDS, rows)


def _alert_turned_red(run: IntelligenceRun, previous: IntelligenceRun | None) -> int:
    """Tell the owner of each A account that is red in this run and was not in the previous
    one; the key names the account and the day, so a rerun of the day tells nobody twice."""
    was_red = Subquery(previous.health.filter(account=OuterRef("account")).values("band")[:1]) if previous else None
    turned = run.health.filter(band=Band.RED, account__standing__abc_tier=Tier.A)
    if was_red is not None:
        turned = turned.annotate(was=was_red).exclude(was=Band.RED)
    notices = []
    for row in turned.select_related("account__owner").order_by("risk_rank"):
        account = row.account
        params = {
            "account": account.name,
            "code": account.code,
            "score": str(row.score),
            "as_of": run.as_of.isoformat(),
            "reasons": "; ".join(health.reason_text(reason) for reason in row.reasons),
        }
        notices.append(
            Notice(
                recipient=account.owner,
                key=f"intelligence:red:{account.pk}:{run.as_of.isoformat()}",
                subject=RED_SUBJECT,
                body=RED_BODY,
                params=params,
                link=account.get_absolute_url(),
            )
        )
    return len(notify_many(notice for notice in notices if notice.recipient.is_active))


@transaction.atomic
def intelligence_run(*, as_of: datetime.date, horizon_days: int) -> IntelligenceRun:
    """Score every account's health and relationship as of ``as_of`` and refresh the peer
    groups' purchases. Idempotent: the (day, horizon) row is locked and its figures replaced,
    so a rerun or two workers leave one set of rows and alert nobody twice."""
    started = time.perf_counter()
    if bulk.is_postgresql():
        with connection.cursor() as cursor:
            # As the scoring engine does: the grouped reads sort two million lines, which
            # the default work_mem sends to disk (an external merge took half the read).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
    run, _created = IntelligenceRun.objects.select_for_update().get_or_create(as_of=as_of, horizon_days=horizon_days)
    run.health.all().delete()
    run.relationships.all().delete()
    previous = previous_run(run)
    figures = _figures(as_of, previous)
    _store_health(run, figures)
    _store_relationships(run)
    whitespace.peer_items_refresh(run_id=run.pk, as_of=as_of)
    run.finished_at = timezone.now()
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.accounts_count = len(figures)
    run.save(update_fields=["finished_at", "duration_ms", "accounts_count"])
    _alert_turned_red(run, previous)
    return run

"""The stored intelligence scores where a manager looks first: the account head, the at-risk
rows and the dashboard's count per health band — read in the pages' own queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from dashboard import risks
from intelligence.models import Band
from tests.dashboard.test_at_risk import keyed
from tests.factories import (
    AccountFactory,
    AccountHealthFactory,
    ComplaintFactory,
    IntelligenceRunFactory,
    RelationshipScoreFactory,
    ScoringResultFactory,
    ScoringRunFactory,
    UserFactory,
)

LATE = {"code": "late", "params": {"days": 80, "ratio": "2.7", "interval": 30}, "lost": 20}


def head_of(page: str) -> str:
    return page[page.index('class="card mb-3 account-head"') : page.index('role="tablist"')]


def scored(account, run, *, health="41.5", band=Band.RED, relationship="72.0"):
    AccountHealthFactory(run=run, account=account, score=Decimal(health), band=band, reasons=[LATE])
    RelationshipScoreFactory(run=run, account=account, score=Decimal(relationship))


def test_the_head_shows_the_latest_runs_scores_with_band_and_top_reason(client, rep):
    account = AccountFactory(owner=rep)
    scored(account, IntelligenceRunFactory(as_of=datetime.date(2026, 5, 31)), health="90.0", band=Band.GREEN)
    scored(account, IntelligenceRunFactory(as_of=datetime.date(2026, 6, 30)))
    client.force_login(rep)

    head = head_of(client.get(account.get_absolute_url()).content.decode())

    assert 'data-band="red">41.5</span>' in head
    assert "90.0" not in head
    assert "80 days since the last order" in head
    assert 'href="#tab-intelligence" data-tab="intelligence" data-head="relationship"' in head
    relationship = head[head.index('data-head="relationship"') :]
    assert "72.0" in relationship[: relationship.index("</a>")], relationship[:300]


def test_the_head_of_an_unscored_account_shows_no_scores(client, rep):
    account = AccountFactory(owner=rep)
    scored(AccountFactory(owner=rep), IntelligenceRunFactory())  # a run that did not score it
    client.force_login(rep)

    head = head_of(client.get(account.get_absolute_url()).content.decode())

    assert 'data-head="health"' not in head
    assert 'data-head="relationship"' not in head


def test_the_head_speaks_chinese(client, rep):
    account = AccountFactory(owner=rep)
    scored(account, IntelligenceRunFactory())
    client.force_login(rep)

    with override("zh-hans"):
        head = head_of(client.get(account.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())

    assert "健康度评分" in head and "关系评分" in head


def test_the_at_risk_rows_show_both_scores(client, manager, rep):
    today = timezone.localdate()
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=today - datetime.timedelta(days=60)))
    account = keyed("Complaining Co", rep, run)
    ComplaintFactory(account=account, severity="critical")
    unscored = keyed("Unscored Co", rep, run, measure="10")
    ComplaintFactory(account=unscored, severity="critical")
    scored(account, IntelligenceRunFactory())

    rows = {row.pk: row for row in risks.describe([account.pk, unscored.pk], today=today)}
    assert (rows[account.pk].health_band, rows[account.pk].health_score) == ("red", Decimal("41.5"))
    assert rows[account.pk].relationship_score == Decimal("72.0")
    assert rows[unscored.pk].health_score is None and rows[unscored.pk].relationship_score is None

    client.force_login(manager)
    page = client.get(reverse("dashboard:at_risk")).content.decode()
    row = page[page.index(f'data-account="{account.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-band="red">41.5</span>' in row and "72.0" in row
    other = page[page.index(f'data-account="{unscored.pk}"') :]
    assert "data-band" not in other[: other.index("</tr>")]


def test_the_dashboard_counts_the_visible_accounts_per_band(client, manager, rep):
    run = ScoringRunFactory()
    older, latest = IntelligenceRunFactory(as_of=datetime.date(2026, 5, 31)), IntelligenceRunFactory()
    bands = [Band.GREEN, Band.GREEN, Band.AMBER, Band.RED, Band.RED, Band.RED]
    for band in bands:
        account = AccountFactory(owner=rep)
        ScoringResultFactory(run=run, account=account)
        scored(account, latest, band=band)
        scored(account, older, band=Band.GREEN)  # an older run: not counted
    teammates = AccountFactory(owner=UserFactory(team=rep.team))  # the manager's, not the rep's
    ScoringResultFactory(run=run, account=teammates)
    scored(teammates, latest, band=Band.GREEN)
    outsider = AccountFactory(owner=UserFactory())  # another team's: not the manager's to see
    scored(outsider, latest, band=Band.RED)
    client.force_login(manager)

    response = client.get(reverse("dashboard:index"))

    expected = {band: bands.count(band) for band in Band.values}
    assert expected == {"green": 2, "amber": 1, "red": 3}
    assert response.context["data"].health_bands == {**expected, "green": 3}  # and the teammate's
    page = response.content.decode()
    mine = client.get(reverse("dashboard:index"), {"rep": rep.pk}).context["data"].health_bands
    assert mine == expected  # the rep filter leaves the teammate's out
    assert 'data-figure="health-bands"' in page and 'data-band="red">At risk 3</span>' in page

"""``check_figures``: every stored figure against its definition; ``--repair`` rewrites them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.services import account_update
from contacts import services as contact_services
from contacts.models import AccountCoverage, BuyingRole
from credit import services as credit_services
from credit.models import CreditPosition, OwnerAgeing
from deals import services
from deals.models import AccountReceivable, OwnerRevenue
from deals.services import LineInput
from scoring import services as scoring_services
from scoring.models import OwnerFigure, RunTrigger
from tests.factories import ProductFactory, RegionFactory
from visits.models import VisitSchedule
from visits.schedule import schedules_refresh


def check(*options) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_figures", *options, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def figures(account, rep, credit_approver):
    """An account with an order paid in part, a limit, a scoring run and a visit schedule,
    all written through the services."""
    credit_services.credit_limit_set(
        account=account,
        actor=credit_approver,
        amount=Decimal("5000"),
        payment_terms_days=30,
        effective_from=timezone.localdate(),
        reason="Opening limit",
    )
    product = ProductFactory(unit_price=Decimal("33.3337"))
    order = services.order_create(
        account=account,
        actor=rep,
        number="SO-1",
        order_date=timezone.localdate() - datetime.timedelta(days=60),
        lines=[LineInput(product_id=product.pk, quantity=Decimal("30"))],
    )
    services.payment_record(order=order, actor=rep, amount=Decimal("100.00"))
    scoring_services.rescore(as_of=timezone.localdate(), trigger=RunTrigger.COMMAND)
    schedules_refresh()  # the hourly job: the schedule follows the new tier
    contact_services.contact_save(
        account=account,
        actor=rep,
        fields={"name": "Wang Wei", "relationship_strength": 2},
        roles=[BuyingRole.DECISION_MAKER],
    )
    return account


def test_figures_written_through_the_services_agree_with_their_definitions(figures):
    code, out = check()

    assert code == 0
    assert AccountCoverage.objects.get(account=figures).covers_decision_maker
    assert AccountReceivable.objects.get(account=figures).outstanding == Decimal("900.01")  # 1000.01 − 100
    assert "0 difference(s)." in out


def test_a_figure_changed_behind_the_services_back_is_named_and_repaired(figures, rep, other_rep):
    AccountReceivable.objects.filter(account=figures).update(outstanding=Decimal("1.00"))
    CreditPosition.objects.filter(account=figures).update(overdue_amount=Decimal("7.00"))
    OwnerFigure.objects.update(accounts=99)
    VisitSchedule.objects.filter(account=figures).update(cadence_days=1, owner=other_rep)
    OwnerAgeing.objects.filter(owner=figures.owner).update(overdue_1_30=Decimal("3.00"))
    AccountCoverage.objects.filter(account=figures).update(covers_decision_maker=False, live_relationships=0)

    code, out = check()

    assert code == 1
    assert f"deals_accountreceivable\t{figures.code}\toutstanding\t1.00\t900.01" in out
    assert f"credit_creditposition\t{figures.code}\toverdue_amount\t7.00\t900.01" in out
    assert "scoring_ownerfigure" in out
    assert f"visits_visitschedule\t{figures.code}\tcadence_days\t1" in out
    assert f"credit_ownerageing\towner {figures.owner_id}\toverdue_1_30\t3.00\t900.01" in out
    assert f"contacts_accountcoverage\t{figures.code}\tcovers_decision_maker\tFalse\tTrue" in out
    assert f"contacts_accountcoverage\t{figures.code}\tlive_relationships\t0\t1" in out
    # The owner the team plan counts the account's overdue visit under.
    assert f"visits_visitschedule\t{figures.code}\towner_id\t{other_rep.pk}\t{rep.pk}" in out

    assert check("--repair")[0] == 0
    assert check() == (0, "0 difference(s).\n")
    assert VisitSchedule.objects.get(account=figures).owner == rep


def test_the_demo_data_agrees_with_its_definitions(db):
    call_command("seed_demo", accounts=40, stdout=StringIO())

    code, out = check()

    assert (code, out) == (0, "0 difference(s).\n")


def test_a_committee_changed_behind_the_services_back_is_named_and_repaired(figures):
    # A bulk write past the services (a script, a restore): the stored coverage is stale.
    AccountCoverage.objects.all().delete()

    code, out = check()

    assert code == 1
    assert f"contacts_accountcoverage\t{figures.code}\tcovers_decision_maker\tNone\tTrue" in out
    assert check("--repair")[0] == 0
    assert AccountCoverage.objects.get(account=figures).live_relationships == 1


def test_a_tampered_monthly_revenue_or_regional_ageing_is_named_and_repaired(figures, rep, admin_user):
    area = RegionFactory(code="E-SH", name="Shanghai", parent=RegionFactory(code="E", name="East"))
    account_update(account=figures, actor=admin_user, fields={"region": area})
    assert check()[0] == 0
    month = (timezone.localdate() - datetime.timedelta(days=60)).replace(day=1)
    OwnerRevenue.objects.filter(owner=rep, month=month).update(revenue=Decimal("1.00"))
    OwnerRevenue.objects.create(owner=rep, month=datetime.date(2020, 1, 1), revenue=Decimal("5.00"))
    OwnerAgeing.objects.filter(owner=rep, region=area).update(overdue_1_30=Decimal("2.00"))

    code, out = check()

    assert code == 1
    assert f"deals_ownerrevenue\towner {rep.pk} {month:%Y-%m}\trevenue\t1.00\t1000.01" in out
    assert f"deals_ownerrevenue\towner {rep.pk} 2020-01\trevenue\t5.00\tNone" in out
    assert f"credit_ownerageing\towner {rep.pk} region {area.pk}\toverdue_1_30\t2.00\t900.01" in out
    assert check("--repair")[0] == 0
    assert check() == (0, "0 difference(s).\n")
    assert OwnerRevenue.objects.get(owner=rep, month=month).revenue == Decimal("1000.01")

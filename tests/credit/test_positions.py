"""The stored credit positions behind the overview's order: they follow every service that
changes an account's exposure or limit, a new day, and new accounts — and reading them gives
the same figures as computing them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.services import account_create
from credit import selectors, services
from credit.models import CreditPosition
from credit.positions import positions_refresh
from credit.tasks import refresh_positions
from deals.models import PipelineStage
from deals.services import LineInput, opportunity_create, opportunity_move, order_create, payment_record
from tests.factories import AccountFactory, CreditLimitFactory, ProductFactory

TODAY = timezone.localdate()


def position(account) -> CreditPosition:
    return CreditPosition.objects.get(account=account)


def sell(account, actor, amount, number):
    product = ProductFactory(unit_price=Decimal(amount))
    return order_create(
        account=account,
        actor=actor,
        number=number,
        order_date=TODAY - datetime.timedelta(days=40),
        due_date=TODAY - datetime.timedelta(days=10),
        lines=[LineInput(product_id=product.pk, quantity=Decimal("1"))],
    )


def test_orders_payments_limits_and_write_offs_move_the_position_at_once(account, rep, credit_approver):
    order = sell(account, rep, "30000", "P-1")
    assert (position(account).exposure, position(account).rank_group) == (Decimal("30000"), 0)  # no limit
    assert position(account).overdue_amount == Decimal("30000")

    payment_record(order=order, actor=rep, amount=Decimal("10000"))
    assert position(account).exposure == Decimal("20000")

    services.credit_limit_set(
        account=account,
        actor=credit_approver,
        amount=Decimal("40000"),
        payment_terms_days=30,
        effective_from=TODAY,
        reason="Annual review",
    )
    assert (position(account).credit_limit, position(account).rank_group) == (Decimal("40000.00"), 1)
    assert position(account).utilisation == Decimal("0.5")

    services.write_off_record(
        account=account, actor=credit_approver, amount=Decimal("5000"), written_off_on=TODAY, reason="Bankrupt"
    )
    assert position(account).exposure == Decimal("15000")


def test_counted_opportunities_move_the_position(account, rep, settings):
    settings.CREDIT_POLICY = {"opportunities": "full"}
    stage = PipelineStage.objects.filter(outcome="open").order_by("position").first()
    fields = {"name": "Pumps", "stage": stage, "amount": Decimal("7000"), "owner": rep}

    opportunity = opportunity_create(account=account, actor=rep, fields=fields)
    assert position(account).exposure == Decimal("7000")

    opportunity_move(opportunity=opportunity, actor=rep, stage=PipelineStage.objects.get(outcome="won"))
    assert position(account).exposure == Decimal("0")


def test_a_limit_dated_tomorrow_is_in_force_after_the_first_refresh_of_tomorrow(account, rep):
    sell(account, rep, "30000", "P-1")
    CreditLimitFactory(account=account, amount=Decimal("60000"), effective_from=TODAY + datetime.timedelta(days=1))
    positions_refresh()
    assert position(account).credit_limit is None

    positions_refresh(today=TODAY + datetime.timedelta(days=1))

    assert (position(account).credit_limit, position(account).utilisation) == (Decimal("60000.00"), Decimal("0.5"))
    assert position(account).as_of == TODAY + datetime.timedelta(days=1)


def test_the_daily_job_is_idempotent_and_on_the_beat_schedule(account, rep, settings):
    sell(account, rep, "100", "P-1")
    CreditLimitFactory(account=account, amount=Decimal("1000"))  # written past the services

    assert refresh_positions() >= 1  # the safety net repairs it
    assert position(account).credit_limit == Decimal("1000.00")
    assert refresh_positions() == 0
    schedule = settings.CELERY_BEAT_SCHEDULE["credit-refresh-positions"]
    assert schedule["task"] == "credit.tasks.refresh_positions"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({0}, {5})


def test_new_accounts_get_a_position_and_are_listed(rep, admin_user, tmp_path):
    created = account_create(actor=rep, fields={"code": "N1", "name": "New Co", "owner": rep})
    path = tmp_path / "accounts.csv"
    path.write_text("code,name,owner\nN2,Imported Co,rep\n", encoding="utf-8")
    call_command("import_accounts", str(path), stdout=io.StringIO())

    listed = {account.name for account in selectors.exposure_list(user=admin_user)}

    assert listed == {"New Co", "Imported Co"}
    assert position(created).rank_group == 2  # nothing to show: at the end


def test_the_page_reads_stored_figures_of_today_and_computes_those_behind(client, account, rep, admin_user):
    sell(account, rep, "30000", "P-1")
    CreditPosition.objects.filter(account=account).update(as_of=TODAY - datetime.timedelta(days=1), exposure=1)
    client.force_login(admin_user)

    [row] = client.get(reverse("credit:overview")).context["accounts"]

    assert (row.exposure, row.overdue_amount) == (Decimal("30000.00"), Decimal("30000.00"))


def test_stored_positions_equal_the_computed_figures(account, foreign_account, rep, other_rep, admin_user):
    sell(account, rep, "30000", "P-1")
    sell(foreign_account, other_rep, "500", "P-2")
    CreditLimitFactory(account=foreign_account, amount=Decimal("1000"))
    AccountFactory(owner=rep)
    positions_refresh()

    stored = {
        row.pk: (row.exposure, row.credit_limit, row.overdue_amount) for row in selectors.exposure_list(user=admin_user)
    }
    computed = {
        pk: (figures.exposure, figures.credit_limit, figures.overdue_amount)
        for pk in stored
        for figures in [selectors.account_exposure(pk)]
    }
    assert stored == computed

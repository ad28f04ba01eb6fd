"""Bad debt: who carries a write-off, and the per-person report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Account
from credit import services
from credit.models import Liability, LiabilityRole, WriteOff
from deals import services as deals_services
from tests.factories import CreditLimitFactory, CreditRequestFactory, OrderFactory, OrderLineFactory


def receivable(account, amount):
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal(amount))


def write_off(client, user, account, amount):
    client.force_login(user)
    return client.post(
        reverse("credit:write_off_create", args=[account.pk]),
        {"amount": amount, "written_off_on": timezone.localdate().isoformat(), "reason": "Customer insolvent"},
    )


def test_within_an_approved_limit_the_rep_and_the_approver_share_it(client, account, rep, manager, credit_approver):
    approved = CreditRequestFactory(account=account, status="approved", decided_by=manager)
    CreditLimitFactory(account=account, amount=Decimal("50000"), request=approved)
    receivable(account, "30000")

    assert write_off(client, credit_approver, account, "10000.01").status_code == 302

    entry = WriteOff.objects.get()
    assert (entry.within_limit, entry.exposure, entry.recorded_by) == (True, Decimal("30000"), credit_approver)
    shares = {(s.person, s.role): (s.percent, s.amount) for s in entry.liabilities.all()}
    assert shares == {
        (rep, LiabilityRole.REP): (Decimal("40"), Decimal("4000.00")),
        (manager, LiabilityRole.APPROVER): (Decimal("60"), Decimal("6000.01")),
    }


def test_beyond_the_approved_limit_the_rep_carries_it_in_full(client, account, rep, credit_approver):
    CreditLimitFactory(account=account, amount=Decimal("20000"))
    receivable(account, "30000")
    write_off(client, credit_approver, account, "30000")
    [share] = Liability.objects.all()
    assert (share.person, share.role, share.percent, share.amount) == (
        rep,
        LiabilityRole.REP,
        Decimal("100"),
        Decimal("30000"),
    )


def test_without_any_limit_the_rep_carries_it_in_full(account, rep, credit_approver):
    receivable(account, "500")
    entry = services.write_off_record(
        account=account, actor=credit_approver, amount=Decimal("500"), written_off_on=timezone.localdate(), reason="x"
    )
    assert [(s.person, s.amount) for s in entry.liabilities.all()] == [(rep, Decimal("500"))]


def test_the_split_is_configurable(account, rep, credit_approver, settings):
    settings.CREDIT_POLICY = {"writeoff_rep_percent": Decimal("25"), "writeoff_approver_percent": Decimal("75")}
    CreditLimitFactory(account=account, amount=Decimal("1000"), set_by=credit_approver)
    receivable(account, "1000")
    entry = services.write_off_record(
        account=account, actor=credit_approver, amount=Decimal("1000"), written_off_on=timezone.localdate(), reason="x"
    )
    assert {s.person: s.amount for s in entry.liabilities.all()} == {
        rep: Decimal("250"),
        credit_approver: Decimal("750"),
    }


def test_a_write_off_reduces_the_receivables_and_cannot_exceed_them(account, credit_approver):
    receivable(account, "1000")
    services.write_off_record(
        account=account, actor=credit_approver, amount=Decimal("400"), written_off_on=timezone.localdate(), reason="x"
    )
    with pytest.raises(services.CreditError):
        services.write_off_record(
            account=account,
            actor=credit_approver,
            amount=Decimal("600.01"),
            written_off_on=timezone.localdate(),
            reason="x",
        )
    from credit.selectors import account_exposure

    assert account_exposure(account.pk).receivables == Decimal("600")


def test_the_report_totals_liabilities_per_person(client, account, rep, manager, credit_approver, foreign_account):
    approved = CreditRequestFactory(account=account, status="approved", decided_by=manager)
    CreditLimitFactory(account=account, amount=Decimal("100000"), request=approved)
    receivable(account, "10000")
    receivable(foreign_account, "7000")
    write_off(client, credit_approver, account, "1000")
    write_off(client, credit_approver, account, "2000")
    write_off(client, credit_approver, foreign_account, "7000")

    client.force_login(credit_approver)
    people = {
        row["person__username"]: (row["write_offs"], row["total"])
        for row in client.get(reverse("credit:liabilities")).context["people"]
    }
    assert people == {
        "rep": (2, Decimal("1200")),
        "manager": (2, Decimal("1800")),
        "other_rep": (1, Decimal("7000")),
    }
    client.force_login(manager)  # a manager sees their team's accounts only
    people = {row["person__username"] for row in client.get(reverse("credit:liabilities")).context["people"]}
    assert people == {"rep", "manager"}


def test_the_owner_of_the_moment_carries_the_reps_share(account, rep, teammate, admin_user, credit_approver):
    receivable(account, "500")
    page_instance = Account.objects.get(pk=account.pk)  # read before the owner changes
    account_services.account_update(account=account, actor=admin_user, fields={"owner": teammate})
    entry = services.write_off_record(
        account=page_instance,
        actor=credit_approver,
        amount=Decimal("500"),
        written_off_on=timezone.localdate(),
        reason="x",
    )
    assert [(s.person, s.amount) for s in entry.liabilities.all()] == [(teammate, Decimal("500"))]


def bad_debt(account, actor, amount):
    return services.write_off_record(
        account=account, actor=actor, amount=Decimal(amount), written_off_on=timezone.localdate(), reason="x"
    )


def test_a_write_off_leaves_orders_on_hold_alone(account, credit_approver):
    held = OrderFactory(account=account, status="on_hold")
    OrderLineFactory(order=held, quantity=Decimal("1"), unit_price=Decimal("700"))
    receivable(account, "300")
    with pytest.raises(ValidationError):
        services.write_off_record(
            account=account,
            actor=credit_approver,
            amount=Decimal("301"),
            written_off_on=timezone.localdate(),
            reason="x",
        )
    bad_debt(account, credit_approver, "300")
    assert not held.write_offs.exists()


def test_an_order_partly_written_off_cannot_be_cancelled(account, rep, credit_approver):
    receivable(account, "500")
    bad_debt(account, credit_approver, "200")
    order = account.orders.get()
    with pytest.raises(ValidationError, match="written off"):
        deals_services.order_cancel(order=order, actor=rep, reason="mistake")

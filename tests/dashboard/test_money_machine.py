"""A stateful property of the money figures (issue 12): random sequences of orders, returns,
partial and full payments, cancellations, held orders released or rejected, write-offs, limit
changes, owner changes, region changes, scoring runs and days passing, all through the services, with "today"
moving forward. After every step:

- every stored figure equals its recomputation (``figure_drifts()`` is empty);
- each rep's overdue accounts on the team plan are those the cadence rule finds overdue among
  the accounts the model says they own;
- every order's balance and every account's receivables, overdue figures, exposure and
  utilisation, computed and stored, equal an independent model of the rules in plain Decimal
  arithmetic (``tests.dashboard.money_model``);
- no paid or cancelled order is overdue;
- leaving out the orders on hold, an account's exposure is over its limit only with a recorded
  release or override, or a limit confirmed below the exposure.

Each example runs in a savepoint rolled back at its end, so it starts from the same accounts.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from decimal import ROUND_DOWN, Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from accounts import services as account_services
from accounts.models import Account
from credit import holds
from credit import services as credit_services
from credit import tasks as credit_tasks
from credit.exposure import exposures
from credit.models import CreditHold, CreditLimit, CreditPosition, HoldOverride, HoldStatus, Liability
from dashboard.figures import figure_drifts, figures_repair
from deals import services
from deals.models import AccountReceivable, Order, OrderStatus, overdue_q
from deals.services import LineInput
from scoring import services as scoring_services
from scoring.models import RunTrigger
from tests.dashboard.money_model import (
    CENT,
    ZERO,
    Clock,
    ModelAccount,
    ModelOrder,
    cents,
    fractions,
    limits,
    lines,
    owed,
    picks,
)
from tests.factories import AccountFactory, ProductFactory, RegionFactory, UserFactory
from users.models import Role
from visits import tasks as visit_tasks
from visits.selectors import Period, team_plan, with_cadence

START = datetime.date(2026, 3, 2)


def written_off_may_reach(account: ModelAccount) -> list[ModelOrder]:
    """The orders a write-off is spread over: confirmed and owing (one on hold may still be
    rejected, and would take its written-off part with it)."""
    return [order for order in account.orders if order.status == OrderStatus.CONFIRMED and order.outstanding > 0]


def most_written_off(account: ModelAccount) -> Decimal:
    """The most a write-off may take: what the orders it is spread over owe, and no more than
    the account owes in all (a return's credit lowers that: a sale returned in full owes nothing)."""
    return min(sum((order.outstanding for order in written_off_may_reach(account)), ZERO), account.receivables())


class MoneyMachine(RuleBasedStateMachine):
    def __init__(self, cast: dict, clock: Clock):
        super().__init__()
        self.cast = cast
        self.clock = clock
        clock.today = START
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.accounts = [ModelAccount(pk=account.pk, owner=account.owner_id) for account in cast["accounts"]]
        self.numbers = itertools.count(1)

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    @property
    def today(self) -> datetime.date:
        return self.clock.today

    def orders(self, wanted) -> list[ModelOrder]:
        return [order for account in self.accounts for order in account.orders if wanted(order)]

    def account_of(self, order: ModelOrder) -> ModelAccount:
        return next(account for account in self.accounts if account.pk == order.account)

    @staticmethod
    def pick(candidates: list, index: int):
        return candidates[index % len(candidates)]

    # --- Rules ---------------------------------------------------------------------------

    @rule(
        which=picks,
        order_lines=lines,
        days_back=st.integers(0, 90),
        terms=st.integers(0, 60),
    )
    def place_order(self, which, order_lines, days_back, terms):
        account = self.pick(self.accounts, which)
        order_date = self.today - datetime.timedelta(days=days_back)
        self._place(account, order_lines, order_date, order_date + datetime.timedelta(days=terms))

    @precondition(lambda self: any(account.limit is not None for account in self.accounts))
    @rule(which=picks, step=st.sampled_from([-CENT, ZERO, CENT]))
    def order_to_the_limit(self, which, step):
        """An order that brings the exposure to its limit, a cent under it or a cent over it."""
        account = self.pick([account for account in self.accounts if account.limit is not None], which)
        price = account.limit - account.receivables() + step
        if price > 0:
            self._place(account, [(Decimal("1"), price)], self.today, self.today + datetime.timedelta(days=30))

    def _place(self, account: ModelAccount, order_lines, order_date, due_date, return_of=None) -> None:
        """Enter an order (or a return of ``return_of``) as its account's owner: one that takes
        the account over its limit waits on hold."""
        number = f"SO{next(self.numbers):05d}"
        order = ModelOrder(number, account.pk, int(number[2:]), order_date, due_date, order_lines, return_of=return_of)
        if order.amount > 0 and account.over_limit(account.receivables() + order.amount):
            order.status = OrderStatus.ON_HOLD
        stored = services.order_create(
            account=self.cast["by_pk"][account.pk],
            actor=self.cast["users"][account.owner],
            number=number,
            order_date=order_date,
            due_date=due_date,
            lines=[LineInput(product_id=self.cast["product"].pk, quantity=q, unit_price=p) for q, p in order_lines],
            return_of=None if return_of is None else self._stored(return_of),
        )
        assert stored.status == order.status
        account.orders.append(order)

    @precondition(lambda self: self.orders(lambda order: order.status == OrderStatus.ON_HOLD))
    @rule(which=picks, release=st.booleans())
    def decide_on_hold(self, which, release):
        """A credit approver releases or rejects a held order (its rep may not)."""
        order = self.pick(self.orders(lambda order: order.status == OrderStatus.ON_HOLD), which)
        hold = CreditHold.objects.get(order__number=order.number, order__account_id=order.account)
        decide = holds.hold_release if release else holds.hold_reject
        account = self.account_of(order)
        with pytest.raises(credit_services.CreditError):
            decide(hold=hold, actor=self.cast["users"][account.owner], reason="Customer pays by wire.")
        decide(hold=hold, actor=self.cast["approver"], reason="Customer pays by wire.")
        order.status = OrderStatus.CONFIRMED if release else OrderStatus.CANCELLED

    def returnable(self, original: ModelOrder) -> tuple[Decimal, Decimal, Decimal]:
        """The quantity and amount still returnable of ``original`` (of its one product) and
        the price it was sold at: the lowest of its lines."""
        returns = [order for order in self.orders(lambda order: order.return_of is original) if not order.cancelled]
        quantity = sum((q for order in [original, *returns] for q, _price in order.lines), ZERO)
        amount = sum((order.amount for order in [original, *returns]), ZERO)
        return quantity, amount, min(price for _quantity, price in original.lines)

    def _may_return(self, order: ModelOrder) -> bool:
        return order.status == OrderStatus.CONFIRMED and order.return_of is None and self.returnable(order)[0] > 0

    @precondition(lambda self: self.orders(self._may_return))
    @rule(which=picks, share=st.one_of(fractions, st.just(Decimal("1"))))
    def return_goods(self, which, share):
        """Goods come back from a confirmed sale, at the price sold: never more than was sold."""
        original = self.pick(self.orders(self._may_return), which)
        quantity_left, amount_left, price = self.returnable(original)
        quantity = max(Decimal("0.001"), (quantity_left * share).quantize(Decimal("0.001"), rounding=ROUND_DOWN))
        account = self.account_of(original)
        if cents(quantity * price) > amount_left:  # the rounded credit may not exceed what is left
            with pytest.raises(ValidationError):
                self._place(account, [(-quantity, price)], self.today, self.today, return_of=original)
            return
        self._place(account, [(-quantity, price)], self.today, self.today, return_of=original)

    @precondition(lambda self: self.orders(lambda order: order.return_of is not None))
    @rule(which=picks)
    def return_more_than_sold(self, which):
        """A return of more than is left to return of the order is refused."""
        original = self.pick(self.orders(lambda order: order.return_of is not None), which).return_of
        quantity_left, _amount, price = self.returnable(original)
        account = self.account_of(original)
        with pytest.raises(ValidationError):
            self._place(account, [(-quantity_left - Decimal("0.001"), price)], self.today, self.today, original)

    @precondition(lambda self: self.orders(owed))
    @rule(which=picks, fraction=fractions)
    def pay_in_part(self, which, fraction):
        order = self.pick(self.orders(owed), which)
        amount = max(CENT, cents(order.outstanding * fraction))
        services.payment_record(order=self._stored(order), actor=self.cast["approver"], amount=amount)
        order.paid += amount
        order.has_payments = True

    @precondition(lambda self: self.orders(owed))
    @rule(which=picks)
    def mark_paid(self, which):
        order = self.pick(self.orders(owed), which)
        payment = services.order_mark_paid(order=self._stored(order), actor=self.cast["approver"])
        assert payment.amount == order.outstanding
        order.paid += payment.amount
        order.has_payments = True

    @precondition(lambda self: self.orders(lambda order: not order.cancelled))
    @rule(which=picks, override=st.booleans())
    def cancel(self, which, override):
        self._cancel(self.pick(self.orders(lambda order: not order.cancelled), which), override)

    @precondition(lambda self: self.orders(lambda order: order.return_of is not None and order.outstanding < 0))
    @rule(which=picks, override=st.booleans())
    def cancel_a_return_at_the_limit(self, which, override):
        """The bypass of issue 12: the limit set at the exposure, then a return cancelled, which
        would take the account over it."""
        order = self.pick(self.orders(lambda order: order.return_of is not None and order.outstanding < 0), which)
        account = self.account_of(order)
        self._set_limit(account, max(account.receivables(), ZERO), confirm=False)
        self._cancel(order, override)

    def _cancel(self, order: ModelOrder, override: bool) -> None:
        """Its rep cancels an order; cancelling a return raises what is owed, so over the limit
        only a credit approver may, and the override is recorded."""
        account = self.account_of(order)
        returned = self.orders(lambda other: other.return_of is order and not other.cancelled)
        refused = order.status == OrderStatus.ON_HOLD or order.has_payments or order.written_off or returned
        over = -order.outstanding > 0 and account.over_limit(account.receivables() - order.outstanding)
        cancel = {"order": self._stored(order), "reason": "Customer withdrew."}
        if refused or over:
            with pytest.raises(ValidationError):
                services.order_cancel(actor=self.cast["users"][account.owner], **cancel)
            if refused or not override:
                return
            services.order_cancel(actor=self.cast["approver"], **cancel)
            account.overrides += 1
        else:
            services.order_cancel(actor=self.cast["users"][account.owner], **cancel)
        order.status = OrderStatus.CANCELLED

    @precondition(lambda self: any(most_written_off(account) > 0 for account in self.accounts))
    @rule(which=picks, fraction=st.one_of(fractions, st.just(Decimal("1"))))
    def write_off(self, which, fraction):
        account = self.pick([account for account in self.accounts if most_written_off(account) > 0], which)
        amount = max(CENT, cents(most_written_off(account) * fraction))
        write_off = credit_services.write_off_record(
            account=self.cast["by_pk"][account.pk],
            actor=self.cast["approver"],
            amount=amount,
            written_off_on=self.today,
            reason="Customer insolvent.",
        )
        rep_share = Liability.objects.get(write_off=write_off, role="rep")
        assert rep_share.person_id == account.owner  # the owner of the day carries the rep's share
        unpaid = sorted(
            written_off_may_reach(account),
            key=lambda order: (order.due_date, order.order_date, order.seq),
        )
        for order in unpaid:  # oldest due first
            part = min(amount, order.outstanding)
            order.written_off += part
            amount -= part
        assert amount == 0

    @rule(which=picks, amount=limits, confirm=st.booleans())
    def set_limit(self, which, amount, confirm):
        self._set_limit(self.pick(self.accounts, which), amount, confirm)

    def _set_limit(self, account: ModelAccount, amount: Decimal, confirm: bool) -> None:
        below = amount < account.receivables()
        change = {
            "account": self.cast["by_pk"][account.pk],
            "actor": self.cast["approver"],
            "amount": amount,
            "payment_terms_days": 30,
            "effective_from": self.today,
            "reason": "Annual review.",
            "confirm_below_exposure": confirm,
        }
        if below and not confirm:
            with pytest.raises(credit_services.ConfirmationRequired):
                credit_services.credit_limit_set(**change)
            return
        credit_services.credit_limit_set(**change)
        account.limit, account.limit_confirmed_below = amount, below

    @rule(which=picks, owner=picks)
    def change_owner(self, which, owner):
        account = self.pick(self.accounts, which)
        user = self.pick(list(self.cast["users"].values()), owner)
        account_services.account_update(
            account=self.cast["by_pk"][account.pk], actor=self.cast["admin"], fields={"owner": user}
        )
        account.owner = user.pk

    @rule(which=picks, region=picks)
    def change_region(self, which, region):
        """An account is put in an area, a region or none: the figures kept per owner and
        region (run totals, ageing) follow it."""
        regions = [None, *self.cast["regions"]]
        account_services.account_update(
            account=self.cast["by_pk"][self.pick(self.accounts, which).pk],
            actor=self.cast["admin"],
            fields={"region": self.pick(regions, region)},
        )

    @rule()
    def scoring_run(self):
        """The nightly run, then the hourly job that brings its tiers into the visit schedules
        (they follow a run within the hour by design: ``visits.schedule``)."""
        scoring_services.rescore(as_of=self.today, trigger=RunTrigger.COMMAND)
        visit_tasks.refresh_visit_schedules()

    @rule(days=st.sampled_from([1, 2, 7, 30, 31, 45]))
    def days_pass(self, days):
        """Midnight passes: the jobs of the night run (the credit positions of the new day, the
        visit schedules)."""
        self.clock.today += datetime.timedelta(days=days)
        credit_tasks.refresh_positions()
        visit_tasks.refresh_visit_schedules()

    def _stored(self, order: ModelOrder) -> Order:
        return Order.objects.get(account_id=order.account, number=order.number)

    # --- Invariants ----------------------------------------------------------------------

    @invariant()
    def stored_figures_equal_their_definitions(self):
        assert figure_drifts(today=self.today) == []

    @invariant()
    def each_reps_overdue_accounts_are_counted_under_the_accounts_owner(self):
        """The team plan (and the dashboard's visit compliance) counts overdue accounts by the
        stored schedule's copy of the owner: it follows every owner change at once."""
        overdue = set(
            with_cadence(Account.objects.all(), today=self.today).filter(is_overdue=True).values_list("pk", flat=True)
        )
        expected = Counter(account.owner for account in self.accounts if account.pk in overdue)
        reps = team_plan(user=self.cast["admin"], period=Period.containing(self.today, "week"), today=self.today)
        assert {rep.pk: rep.overdue_accounts for rep in reps} == {pk: expected[pk] for pk in self.cast["users"]}

    @invariant()
    def orders_equal_the_model_and_no_paid_or_cancelled_order_is_overdue(self):
        overdue = ExpressionWrapper(overdue_q(self.today), output_field=BooleanField())
        columns = ("number", "status", "amount", "paid", "written_off", "outstanding", "overdue")
        stored = Order.objects.with_balance().annotate(overdue=overdue).values_list(*columns)
        model = [
            (
                order.number,
                order.status,
                order.amount,
                order.paid,
                order.written_off,
                order.outstanding,
                order.overdue(self.today),
            )
            for order in self.orders(lambda order: True)
        ]
        assert sorted(stored) == sorted(model)
        for _number, status, amount, paid, written_off, _outstanding, is_overdue in stored:
            if is_overdue:
                assert status != OrderStatus.CANCELLED and paid + written_off < amount

    @invariant()
    def account_figures_equal_the_model(self):
        computed = exposures(account_ids=[account.pk for account in self.accounts], today=self.today)
        receivables = {row.pk: row for row in AccountReceivable.objects.all()}
        positions = {row.pk: row for row in CreditPosition.objects.all()}
        for account in self.accounts:
            model, figures = account.figures(self.today), computed[account.pk]
            assert {
                "receivables": figures.receivables,
                "oldest_unpaid_due": receivables[account.pk].oldest_unpaid_due,
                "overdue_amount": figures.overdue_amount,
                "oldest_due": figures.oldest_due,
                "sales_window": figures.sales_window,
                "collection_days": figures.collection_days,
                "exposure": figures.exposure,
                "credit_limit": figures.credit_limit,
                "utilisation": figures.utilisation,
            } == model
            assert figures.overdue_days == ((self.today - model["oldest_due"]).days if model["oldest_due"] else 0)
            assert receivables[account.pk].outstanding == model["receivables"]
            position = positions[account.pk]
            assert (position.exposure, position.overdue_amount, position.utilisation, position.as_of) == (
                model["exposure"],
                model["overdue_amount"],
                model["utilisation"],
                self.today,
            )

    @invariant()
    def exposure_over_the_limit_only_with_a_recorded_release(self):
        """Leaving out the orders still on hold (each waiting with its hold), an account is over
        its limit only after a release or an override recorded under that limit, or with the
        limit confirmed below the exposure when it was set."""
        for account in self.accounts:
            pending = CreditHold.objects.filter(account_id=account.pk, status=HoldStatus.PENDING)
            assert sorted(pending.values_list("order__number", flat=True)) == [order.number for order in account.held()]
            assert HoldOverride.objects.filter(account_id=account.pk).count() == account.overrides
            limit = CreditLimit.objects.filter(account_id=account.pk).in_force(self.today).first()
            passed = account.receivables() - sum((order.outstanding for order in account.held()), ZERO)
            if limit is None or passed <= limit.amount:
                continue
            since = limit.created_at
            released = (
                CreditHold.objects.filter(
                    account_id=account.pk, status=HoldStatus.RELEASED, decided_at__gte=since
                ).exists()
                or HoldOverride.objects.filter(account_id=account.pk, created_at__gte=since).exists()
            )
            assert released or limit.below_exposure_confirmed, f"account {account.pk} over its limit unexplained"


@pytest.fixture
def clock():
    clock = Clock(START)
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock


@pytest.fixture
def cast(db, clock):
    """Three reps, two of them owning an account each, a region with an area, a credit
    approver and an admin; the
    stored figures of the first day written by its nightly jobs."""
    reps = [UserFactory(username=f"machine_rep{n}", role=Role.REP) for n in range(3)]
    accounts = [AccountFactory(owner=reps[n]) for n in range(2)]
    north = RegionFactory(code="N", name="North")
    figures_repair()
    return {
        "users": {user.pk: user for user in reps},
        "accounts": accounts,
        "regions": [north, RegionFactory(code="N-BJ", name="Beijing", parent=north)],
        "by_pk": {account.pk: account for account in accounts},
        "product": ProductFactory(unit_price=Decimal("33.3337"), unit_cost=Decimal("20.0000")),
        "approver": UserFactory(username="machine_approver", role=Role.CREDIT_APPROVER),
        "admin": UserFactory(username="machine_admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
    }


def test_money_figures_agree_with_the_rules_after_every_service(cast, clock):
    run_state_machine_as_test(
        lambda: MoneyMachine(cast, clock),
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )

"""The deals part of seed_demo: orders follow the account weights, payments never exceed amounts."""

from __future__ import annotations

import io
import random
from decimal import Decimal

from django.db.models import Count, Sum

from dashboard.seeding import SeedContext
from deals import seed
from deals.models import Opportunity, OpportunityContact, Order, OrderLine, Payment, PipelineStage, Product
from tests.factories import AccountFactory, ContactFactory


def make_context(accounts, *, orders_per_account=6, lines_per_order=3):
    context = SeedContext(
        accounts=len(accounts),
        orders_per_account=orders_per_account,
        lines_per_order=lines_per_order,
        contacts_per_account=0,
        years=2,
        stdout=io.StringIO(),
        random=random.Random(7),
    )
    context.shared["account_weights"] = [(account.pk, weight) for account, weight in accounts]
    return context


def test_seed_makes_products_orders_lines_and_payments(rep):
    big, small = AccountFactory(owner=rep), AccountFactory(owner=rep)
    context = make_context([(big, 400.0), (small, 1.0)], orders_per_account=20)

    seed.seed(context)

    assert Product.objects.count() == len(seed.CATEGORIES) * seed.PRODUCTS_PER_CATEGORY
    assert Order.objects.count() == 40
    assert OrderLine.objects.count() >= 40
    per_account = dict(Order.objects.values_list("account").annotate(n=Count("pk")).values_list("account", "n"))
    assert per_account[big.pk] > per_account.get(small.pk, 0)
    # High-margin products exist (Sensors, Spare parts, Service start at 35 % and above).
    margins = [product.margin for product in Product.objects.all()]
    assert any(margin >= Decimal("0.5") for margin in margins)
    # Nothing is paid beyond what was ordered.
    totals = list(Order.objects.with_totals())
    assert all(order.outstanding >= 0 for order in totals)
    assert any(order.paid > 0 and order.outstanding == 0 for order in totals)
    assert Payment.objects.aggregate(total=Sum("amount"))["total"] > 0
    assert "orders: 40 / 40" in context.stdout.getvalue()


def test_seed_without_accounts_makes_only_products(db):
    context = make_context([])
    seed.seed(context)
    assert Product.objects.exists()
    assert not Order.objects.exists()


def test_seeded_deals_involve_their_own_accounts_contacts(rep):
    accounts = AccountFactory.create_batch(40, owner=rep)
    for account in accounts:
        ContactFactory.create_batch(3, account=account)
    context = make_context([(account, 1.0) for account in accounts], orders_per_account=0)

    seed.seed(context)

    links = OpportunityContact.objects.select_related("opportunity", "contact")
    assert Opportunity.objects.exists()
    assert links.exists()
    assert all(link.contact.account_id == link.opportunity.account_id for link in links)


def test_seed_restores_the_default_pipeline_after_a_flush(rep):
    """seed_demo --reset flushes every table, the migration's stages included."""
    PipelineStage.objects.all().delete()
    accounts = AccountFactory.create_batch(8, owner=rep)
    seed.seed(make_context([(account, 1.0) for account in accounts], orders_per_account=0))
    assert list(PipelineStage.objects.values_list("name", "probability")) == [
        ("Initial contact", 10),
        ("Needs uncovered", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
        ("Won", 100),
        ("Lost", 0),
    ]
    assert Opportunity.objects.exists()

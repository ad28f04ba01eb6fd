"""Each input that crashed a page (issue 13) or broke every scoring run (issue 12), refused at the edge.

The bounds are stated once in users/bounds.py; the hostile crawler (test_hostile_crawler.py)
proves no input anywhere gives a 500, these tests pin each failure found by hand.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from credit.models import CreditLimit, CreditRequest
from deals.models import Order, OrderLine
from scoring import services as scoring_services
from scoring.models import RunStatus, RunTrigger
from tests.factories import (
    ContactFactory,
    CreditInvestigationFactory,
    CreditRequestFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
)
from tests.security.crawler import HOSTILE_INTEGER
from users.bounds import MAX_LINE_AMOUNT, MAX_QUANTITY, MAX_TERMS_DAYS, MAX_UNIT_AMOUNT
from visits.models import Visit
from visits.services import calendar_feed_issue

NUL = "\x00"


# --- Control characters: a 400 before any view reads them ---------------------------------


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("contacts:search", {"q": NUL}),
        ("deals:product_options", {"q": NUL}),
        ("region_options", {"q": NUL}),
        ("visits:plan_account_options", {"q": f"North{NUL}"}),
    ],
)
def test_a_nul_byte_in_a_search_or_picker_is_a_bad_request(client, rep, url_name, query):
    client.force_login(rep)
    response = client.get(reverse(url_name), {"rep": rep.pk, **query})
    assert response.status_code == 400


def test_a_nul_byte_in_the_calendar_feeds_token_is_a_bad_request_without_logging_in(client, rep):
    calendar_feed_issue(user=rep)
    response = client.get("/visits/calendar/%00.ics")
    assert response.status_code == 400


def test_a_control_character_in_a_posted_field_is_refused_and_nothing_is_saved(client, rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("visits:log", args=[account.pk]),
        {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "outcome": "ok\x1b[31m"},
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_the_bad_request_page_speaks_the_users_language(client, rep):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("contacts:search"), {"q": NUL})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_tabs_and_line_breaks_are_not_control_characters_to_refuse(client, rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("visits:log", args=[account.pk]),
        {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "outcome": "first\r\n\tsecond"},
    )
    assert response.status_code == 302
    assert Visit.objects.get().outcome == "first\r\n\tsecond"


# --- Page numbers: past the last page shows the last page -----------------------------------


@pytest.mark.parametrize("url_name", ["accounts:list", "deals:opportunity_list"])
def test_a_page_past_the_end_of_a_list_shows_its_last_page(client, rep, account, url_name):
    OpportunityFactory(account=account)
    client.force_login(rep)
    response = client.get(reverse(url_name), {"page": HOSTILE_INTEGER})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["paginator"].num_pages == 1


def test_a_page_past_the_end_of_the_order_list_shows_its_last_page(client, rep, account):
    orders = [OrderFactory(account=account) for _ in range(27)]
    client.force_login(rep)
    response = client.get(reverse("deals:order_list"), {"page": HOSTILE_INTEGER})
    assert response.status_code == 200
    assert response.context["page"] == 2
    assert len(response.context["orders"]) == len(orders) - 25


def test_a_page_past_the_end_of_a_short_list_is_not_a_404(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("scoring:runs"), {"page": "7"})
    assert response.status_code == 200


# --- Dates: 1900-01-01 .. 2200-12-31 ----------------------------------------------------------


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("period", ["week", "month"])
def test_a_plan_for_a_date_at_the_end_of_the_calendar_shows_the_current_period(client, rep, period, start):
    client.force_login(rep)
    response = client.get(reverse("visits:plan"), {"period": period, "start": start})
    assert response.status_code == 200
    assert response.context["period"].start <= timezone.localdate() <= response.context["period"].end


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_the_team_plan_for_a_date_at_the_end_of_the_calendar_shows_the_current_period(client, manager, start):
    client.force_login(manager)
    response = client.get(reverse("visits:team_plan"), {"start": start})
    assert response.status_code == 200


@pytest.mark.parametrize("order_date", ["9999-12-31", "0001-01-01"])
def test_an_order_dated_at_the_end_of_the_calendar_gets_a_form_error(client, rep, account, order_date):
    product = ProductFactory(code="PUMP", unit_price=Decimal("100"))
    client.force_login(rep)
    response = client.post(
        reverse("deals:order_create", args=[account.pk]), _order_post(product, order_date=order_date)
    )
    assert response.status_code == 200
    assert "order_date" in response.context["form"].errors
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "dates", [{"next_follow_up": "9999-12-31"}, {"visited_on": "0001-01-01"}], ids=["follow-up", "visit"]
)
def test_a_visit_dated_at_the_end_of_the_calendar_gets_a_form_error(client, rep, account, dates):
    client.force_login(rep)
    data = {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "outcome": "ok", **dates}
    response = client.post(reverse("visits:log", args=[account.pk]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(dates)
    assert not Visit.objects.exists()


def test_an_imported_order_outside_the_date_range_fails_its_model_validation(account):
    order = Order(account=account, number="SO-1", order_date=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError) as refused:
        order.full_clean()
    assert "order_date" in refused.value.message_dict


# --- Payment terms, quantities, prices: sized to the columns and to every sum ---------------


def test_payment_terms_of_99999_days_on_a_decision_get_a_form_error(client, credit_approver, account):
    submitted = CreditRequestFactory(account=account, investigation=CreditInvestigationFactory(account=account))
    client.force_login(credit_approver)
    response = client.post(
        reverse("credit:request_decide", args=[submitted.pk]),
        {"action": "approve", "approved_terms_days": "99999", "comment": "ok"},
    )
    assert response.status_code == 400  # the decision page again, with the form's errors
    assert "approved_terms_days" in response.context["decision_form"].errors
    assert CreditRequest.objects.get(pk=submitted.pk).status == submitted.status


def test_payment_terms_of_99999_days_on_a_limit_get_a_form_error(client, credit_approver, account):
    client.force_login(credit_approver)
    response = client.post(
        reverse("credit:limit_set", args=[account.pk]),
        {"amount": "1000", "payment_terms_days": "99999", "effective_from": "2026-01-01", "reason": "risk"},
    )
    assert response.status_code == 200
    assert "payment_terms_days" in response.context["form"].errors
    assert not CreditLimit.objects.exists()


def test_payment_terms_are_bounded_on_the_model_too(account):
    submitted = CreditRequestFactory(account=account, payment_terms_days=MAX_TERMS_DAYS + 1)
    with pytest.raises(ValidationError) as refused:
        submitted.full_clean()
    assert "payment_terms_days" in refused.value.message_dict


def test_the_order_line_that_overflowed_every_scoring_run_is_refused_by_the_order_form(client, rep, account):
    product = ProductFactory(code="PUMP", unit_price=Decimal("100"))
    client.force_login(rep)
    data = _order_post(product, quantity="99999999999.999", unit_price="9999999999.9999")
    response = client.post(reverse("deals:order_create", args=[account.pk]), data)
    assert response.status_code == 200
    line_errors = response.context["lines"].forms[0].errors
    assert set(line_errors) == {"quantity", "unit_price"}
    assert not Order.objects.exists()


def test_a_line_whose_amount_is_too_large_is_refused_even_with_each_figure_in_bounds(client, rep, account):
    product = ProductFactory(code="PUMP", unit_price=Decimal("100"))
    client.force_login(rep)
    data = _order_post(product, quantity=str(MAX_QUANTITY), unit_price=str(MAX_UNIT_AMOUNT))
    response = client.post(reverse("deals:order_create", args=[account.pk]), data)
    assert response.status_code == 200
    assert "unit_price" in response.context["lines"].forms[0].errors
    assert not Order.objects.exists()


def test_a_line_is_bounded_on_the_model_for_the_importers_and_the_admin(account):
    line = OrderLine(
        order=OrderFactory(account=account),
        line_number=1,
        product=ProductFactory(),
        quantity=Decimal("-99999999999.999"),
        unit_price=Decimal("9999999999.9999"),
    )
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    assert {"quantity", "unit_price"} <= set(refused.value.message_dict)


def test_a_scoring_run_over_orders_at_the_largest_amounts_allowed_succeeds(account, foreign_account):
    """Years of the largest lines allowed still fit every sum of the run (numeric overflow on
    PostgreSQL is what broke every run before)."""
    product = ProductFactory(unit_price=Decimal("1"), unit_cost=Decimal("1"))
    quantity = MAX_LINE_AMOUNT / MAX_UNIT_AMOUNT
    for owner_account in (account, foreign_account):
        for month in range(1, 13):
            order = OrderFactory(account=owner_account, order_date=datetime.date(2025, month, 1))
            for number in range(1, 11):
                OrderLineFactory(
                    order=order, line_number=number, product=product, quantity=quantity, unit_price=MAX_UNIT_AMOUNT
                )
    run = scoring_services.rescore(as_of=datetime.date(2025, 12, 31), trigger=RunTrigger.COMMAND)
    assert run.status == RunStatus.DONE


def test_a_primary_key_no_column_can_hold_is_a_form_error_not_a_crash(client, rep, account):
    ContactFactory(account=account)
    client.force_login(rep)
    data = {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "contacts": "-" + HOSTILE_INTEGER}
    response = client.post(reverse("visits:log", args=[account.pk]), data)
    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors


def _order_post(product, *, order_date="2026-03-02", quantity="1", unit_price=""):
    return {
        "number": "SO-1",
        "order_date": order_date,
        "due_date": "",
        "notes": "",
        "override_reason": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-0-product": product.code,
        "lines-0-quantity": quantity,
        "lines-0-unit_price": unit_price,
    }

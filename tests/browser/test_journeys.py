"""Journeys through real pages in a real browser (Chromium, by Playwright) on the live server.

Each journey clicks through the pages a person would use and checks what the person sees; the
fixtures of conftest.py fail the test on any Content-Security-Policy violation on the way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contacts.models import BuyingRole, Contact
from credit.models import CreditRequest, RequestStatus
from scoring import services as scoring
from tests.factories import (
    AccountFactory,
    FinancialYearFactory,
    NegotiationRecordFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    RegionFactory,
)
from visits.models import Visit

from .chromium import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_tab(page, key: str) -> None:
    """Open an account page's tab; panels load with htmx when shown."""
    page.click(f"#tab-{key}")
    page.wait_for_selector(f"#pane-{key}.show")


def test_csp_listener_catches_a_violation(open_page, csp_violations, rep, log_in):
    """The CSP check of every journey is real: an inline script is refused and reported."""
    page = open_page()
    log_in(page, rep)
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)

    assert page.evaluate("window.x") is None  # the inline script did not run
    assert any("Content Security Policy" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here; the fixture fails the test on any left over


def test_rep_adds_a_decision_maker_on_a_phone_sees_the_warning_go_and_logs_a_visit(open_page, log_in, rep, account):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, rep)

    page.goto(reverse("accounts:list"))
    page.click(f"text={account.name}")
    page.wait_for_url(f"**{account.get_absolute_url()}")
    open_tab(page, "committee")
    warnings = page.locator("#coverage-warnings")
    warnings.locator("[data-warning=no_decision_maker]").wait_for()

    page.locator("#pane-committee").get_by_role("link", name="Add contact").click()
    page.fill("input[name=name]", "Wang Fang")
    page.fill("input[name=title]", "General manager")
    page.check(f"input[name=roles][value={BuyingRole.DECISION_MAKER}]")
    page.locator("form [type=submit][name=save]").click()
    page.wait_for_url("**/contacts/*/")
    assert "Wang Fang" in page.inner_text(".alert-success")
    page_width = page.evaluate("document.documentElement.scrollWidth")

    page.locator(".breadcrumb").get_by_role("link", name=account.code).click()
    page.wait_for_url(f"**{account.get_absolute_url()}")
    open_tab(page, "committee")
    page.locator("#pane-committee").get_by_text("Wang Fang").first.wait_for()
    shown = [badge.get_attribute("data-warning") for badge in warnings.locator("[data-warning]").all()]

    assert "no_decision_maker" not in shown
    assert page_width <= PHONE["width"]  # the contact form fits the phone
    contact = Contact.objects.get(account=account, name="Wang Fang")
    assert list(contact.roles.values_list("role", flat=True)) == [BuyingRole.DECISION_MAKER]

    # Then the visit with her, logged from the phone on the visits tab (the visits app's form).
    open_tab(page, "visits")
    page.click("#log-visit")
    page.wait_for_selector("#save-visit")
    page.select_option("select[name=purpose]", "service")
    page.check(f"input[name=contacts][value='{contact.pk}']")
    page.check("input[name=knows_decision_maker]")
    page.fill("textarea[name=outcome]", "Met Wang Fang; she signs off the second line")
    page.click("#save-visit")
    # Back on the account, its visits tab opened by itself at the visit just logged.
    page.wait_for_url(f"**{account.get_absolute_url()}#tab-visits/visit-*")
    entry = page.locator("#pane-visits .timeline li.border-primary", has_text="Met Wang Fang").first
    entry.wait_for()
    visit_width = page.evaluate("document.documentElement.scrollWidth")

    assert "Wang Fang" in entry.inner_text()
    assert visit_width <= PHONE["width"]  # the visits tab fits the phone too
    visit = Visit.objects.get(account=account)
    assert (visit.rep, visit.purpose, list(visit.contacts.all())) == (rep, "service", [contact])


def test_rep_opens_the_archive_tabs_as_they_load_and_adds_a_competitor(open_page, log_in, rep, account):
    """The important-info, financials and process tabs load when shown (htmx), with their
    edit links; saving a competitor added from its tab returns to that tab, which shows it."""
    FinancialYearFactory(account=account, year=2025)
    NegotiationRecordFactory(account=account, author=rep, subject="Frame agreement")
    page = open_page()
    log_in(page, rep)
    page.goto(account.get_absolute_url())
    assert page.locator("#pane-important .spinner-border").count() == 1  # not loaded with the page

    open_tab(page, "financials")
    page.locator("#pane-financials").get_by_role("link", name="2025").wait_for()
    open_tab(page, "process")
    page.locator("#pane-process").get_by_text("Frame agreement").wait_for()
    open_tab(page, "important")
    page.locator("#pane-important").get_by_text("No competitors recorded.").wait_for()

    page.locator("#pane-important").get_by_role("link", name="Add competitor").click()
    page.fill("input[name=name]", "Acme Pumps")
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(f"**{account.get_absolute_url()}#tab-important")
    assert "Competitor saved." in page.inner_text(".alert-success")
    page.locator("#pane-important.active").get_by_text("Acme Pumps").wait_for()  # shown without a click


def sell(account, amount: str, on: datetime.date) -> None:
    order = OrderFactory(account=account, order_date=on, status="confirmed")
    OrderLineFactory(order=order, line_number=1, product=ProductFactory(), quantity=Decimal("1"), unit_price=amount)


@pytest.fixture
def downgrade(rep, account):
    """Two scoring runs a month apart: ``account`` is A in the first; a bigger customer's orders
    in between push it down to B in the second."""
    first, second = datetime.date(2026, 9, 30), datetime.date(2026, 10, 31)
    rising = AccountFactory(owner=rep, name="Rising Star Ltd")
    sell(account, "900", datetime.date(2026, 9, 1))
    sell(rising, "100", datetime.date(2026, 9, 1))
    for as_of in (first, None):
        if as_of is None:
            sell(rising, "5000", datetime.date(2026, 10, 15))
            as_of = second
        run = scoring.run_prepare(as_of=as_of)
        assert scoring.run_execute(run_id=run.pk) is not None
    return account


def test_manager_drills_into_downgraded_accounts_and_switches_to_chinese(open_page, log_in, manager, downgrade):
    page = open_page()
    log_in(page, manager)

    page.goto(reverse("dashboard:index"))
    matrix = page.locator(".movement-matrix")
    downgraded = matrix.locator("tbody tr", has=page.locator("th", has_text="A")).locator("td.table-danger a")
    assert downgraded.all_inner_texts() == ["1"]
    downgraded.click()
    page.wait_for_url("**/dashboard/movers/?from=A&to=B*")
    heading = page.inner_text("h1")
    rows = page.locator("table tbody tr").all_inner_texts()

    assert heading == "Accounts moved from A to B"
    assert len(rows) == 1 and downgrade.name in rows[0]
    assert "Rising Star Ltd" not in page.content()

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url("**/dashboard/movers/?from=A&to=B*")
    page.wait_for_selector("html[lang=zh-hans]")
    chinese_heading = page.inner_text("h1")
    breadcrumb = page.inner_text(".breadcrumb")

    assert "工作台" in breadcrumb
    assert chinese_heading != heading and "A" in chinese_heading and "B" in chinese_heading
    assert downgrade.name in page.inner_text("table tbody")


def test_rep_requests_a_credit_limit_the_manager_approves_and_the_rep_sees_it(open_page, log_in, rep, manager, account):
    rep_page = open_page()
    log_in(rep_page, rep)
    rep_page.goto(account.get_absolute_url())
    open_tab(rep_page, "credit")
    rep_page.get_by_role("link", name="Request a credit limit").click()

    # No investigation yet: the request sends the rep to record one first.
    rep_page.wait_for_url(f"**{reverse('credit:investigation_create', args=[account.pk])}?then=request")
    assert "investigation" in rep_page.inner_text(".alert")
    for select in rep_page.locator("form select").all():
        select.select_option("4")
    rep_page.get_by_role("button", name="Save and rate").click()

    # Saved, the investigation continues on to the request it was recorded for.
    rep_page.wait_for_url(f"**{reverse('credit:request_create', args=[account.pk])}")
    rep_page.fill("input[name=requested_limit]", "200000")
    rep_page.fill("input[name=payment_terms_days]", "60")
    rep_page.fill("textarea[name=reason]", "Second production line starts in spring")
    rep_page.locator("form [type=submit]").last.click()
    rep_page.wait_for_url("**/credit/requests/*/")
    request_url = rep_page.url
    assert "Submitted" in rep_page.inner_text("h1 + .badge, .badge.fs-6")

    # The manager decides it in their own browser context.
    manager_page = open_page()
    log_in(manager_page, manager)
    manager_page.goto(reverse("credit:queue"))
    manager_page.locator("table").get_by_role("link", name="200,000.00").click()
    manager_page.wait_for_url(request_url)
    manager_page.check("input[name=action][value=approve]")
    manager_page.fill("input[name=approved_limit]", "150000")
    manager_page.fill("textarea[name=comment]", "Fine up to 150k for now")
    manager_page.get_by_role("button", name="Record decision").click()
    manager_page.wait_for_url(request_url)
    assert "Approved" in manager_page.inner_text(".badge.fs-6")

    rep_page.reload()
    status = rep_page.inner_text(".badge.fs-6")
    details = rep_page.inner_text("dl")

    assert status == "Approved"
    assert "150,000.00" in details
    credit_request = CreditRequest.objects.get(account=account)
    assert credit_request.status == RequestStatus.APPROVED
    assert credit_request.approved_limit == Decimal("150000")
    assert credit_request.assigned_manager == manager


def test_rep_plans_a_visit_picking_the_account_from_what_the_server_offers(open_page, log_in, rep):
    """The plan's account picker lists none of the rep's accounts until something is typed,
    then the matching ones, fetched from the server (and allowed by the CSP)."""
    AccountFactory(owner=rep, name="Harbour Tools", code="HT-1")
    AccountFactory(owner=rep, name="Hill Farm", code="HF-7")
    page = open_page()
    log_in(page, rep)
    page.goto(reverse("visits:plan"))
    options = page.locator("#plan-account-options option")
    assert options.count() == 0

    page.locator("input[name=account]").press_sequentially("harb")
    options.first.wait_for(state="attached")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["HT-1"]

    page.fill("input[name=account]", "HT-1")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(".alert-success")
    assert "Harbour Tools" in page.inner_text(".plan-item")


def test_manager_finds_a_region_among_many_by_typing_and_the_list_follows(open_page, log_in, manager, rep):
    """With more regions than a <select> draws (users.regions.DRAWN_WHOLE_UP_TO), the region
    filter offers none until something is typed, then the matches, fetched by htmx; picking one
    filters the list."""
    north = RegionFactory(code="N", name="North")
    RegionFactory.create_batch(60, parent=north)
    hangzhou = RegionFactory(code="N-HZ", name="Hangzhou", parent=north)
    AccountFactory(owner=rep, name="Lakeside Pumps", region=hangzhou)
    AccountFactory(owner=rep, name="Elsewhere Ltd")
    page = open_page()
    log_in(page, manager)
    page.goto(reverse("accounts:list"))
    matches = page.locator("#id_region-matches option")
    assert page.locator("#id_region option").count() == 1  # "All regions" only

    page.get_by_placeholder("Find a region").press_sequentially("hangz")
    matches.first.wait_for(state="attached")
    assert [matches.nth(i).inner_text() for i in range(matches.count())] == ["North · Hangzhou"]

    page.select_option("#id_region", str(hangzhou.pk))  # the filter form submits itself
    page.wait_for_url(f"**region={hangzhou.pk}**")
    assert "Lakeside Pumps" in page.inner_text("table")
    assert "Elsewhere Ltd" not in page.inner_text("table")

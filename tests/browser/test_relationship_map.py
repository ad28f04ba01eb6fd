"""A rep opens the committee tab, sees the relationship map drawn by cytoscape.js (from our static
files, under the strict CSP), records who influences the decision-maker and finds the link listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import BuyingRole, InfluenceLink, LinkStrength
from tests.factories import AccountFactory, ContactFactory, ContactRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rep_sees_the_map_and_records_who_influences_the_decision_maker(open_page, log_in, rep):
    account = AccountFactory(owner=rep)
    chief = ContactFactory(account=account, name="Wang Wei")
    ContactRoleFactory(contact=chief, role=BuyingRole.DECISION_MAKER)
    engineer = ContactFactory(account=account, name="Zhao Lei", reports_to=chief)
    page = open_page()
    log_in(page, rep)

    page.goto(reverse("accounts:detail", args=[account.pk]))
    page.locator("#tab-committee").click()
    graph = page.locator("#relationship-map-graph[data-drawn] canvas").first
    graph.wait_for()
    assert graph.bounding_box()["height"] > 200
    placeholders = page.locator("#relationship-map-people [data-placeholder]")
    assert placeholders.count() == len(BuyingRole.values) - 1
    assert "Technical — unknown" in placeholders.filter(has_text="Technical").inner_text()

    form = page.locator("#influence-link-form")
    form.locator("select[name=source]").select_option(label="Zhao Lei")
    form.locator("select[name=target]").select_option(label="Wang Wei")
    form.locator("select[name=strength]").select_option(label="Strong")
    form.get_by_role("button", name="Add link").click()
    page.wait_for_url(lambda url: "#tab-committee" in url)

    listed = page.locator("#influence-links li", has_text="Zhao Lei influences Wang Wei (Strong)")
    listed.wait_for()
    assert InfluenceLink.objects.get().strength == LinkStrength.STRONG
    assert InfluenceLink.objects.get().source == engineer
    page.locator("#relationship-map-graph[data-drawn] canvas").first.wait_for()

"""The issue's "done when": a rep builds a complete file in the browser; a manager watches coverage."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Account, CoreInfoAccess

PERSON = {"layer": "management", "stance": "supporter", "influence": 2, "relationship_strength": 2}


def test_rep_builds_a_complete_file_and_the_manager_sees_coverage_change(client, rep, manager):
    client.force_login(rep)
    client.post(
        reverse("accounts:create"),
        {"code": "J-1", "name": "Jade River Water", "industry": "energy", "lifecycle": "active", "owner": rep.pk,
         "legal_representative": "Mr Qian", "organisation_form": "state_owned", "registered_capital": "50000000.00"},
    )  # fmt: skip
    account = Account.objects.get(code="J-1")
    pk = account.pk
    # Each change returns to the tab it was made from.
    steps = [
        (reverse("accounts:edit_section", args=[pk, "important"]),
         {"product_positioning": "Municipal water", "key_account_type": "strategic",
          "relationship_stage": "initial_contact", "cooperation_attitude": "open", "spend_share": "high"},
         "#tab-important"),
        (reverse("accounts:edit_section", args=[pk, "process"]), {"inventory_notes": "Two months of spares"},
         "#tab-process"),
        (reverse("accounts:plan_edit", args=[pk]),
         {"objectives": "Sole pump supplier", "value_lower_cost": "Lifetime cost -12 %",
          "barrier_strategy": "Service contract"}, "#tab-plan"),
        (reverse("accounts:financial_year_create", args=[pk]),
         {"year": 2025, "revenue": "800000000", "net_profit": "40000000", "total_assets": "1000000000"},
         "#tab-financials"),
        (reverse("accounts:competitor_create", args=[pk]), {"name": "Acme Pumps"}, "#tab-important"),
        (reverse("accounts:negotiation_create", args=[pk]), {"held_on": "2026-03-02", "subject": "Frame agreement"},
         "#tab-process"),
    ]  # fmt: skip
    for url, data, tab in steps:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == account.get_absolute_url() + tab, url

    new_contact = reverse("contacts:create", args=[pk])
    client.post(new_contact, {**PERSON, "name": "Director Qian", "layer": "decision", "roles": ["decision_maker"]})
    head = account.contacts.get(name="Director Qian")
    for name, roles in (("Chief Engineer Sun", ["technical"]), ("Buyer Zhou", ["buyer"]), ("Operator Wu", ["user"])):
        client.post(new_contact, {**PERSON, "name": name, "reports_to": head.pk, "roles": roles})
    engineer = account.contacts.get(name="Chief Engineer Sun")
    client.post(new_contact, {**PERSON, "name": "Assistant Zheng", "reports_to": engineer.pk, "roles": ["coach"]})
    assert account.contacts.count() == 5

    page = client.get(account.get_absolute_url())
    assert page.status_code == 200
    tabs = {
        key: client.get(reverse("accounts:archive", args=[pk, key])) for key in ("important", "financials", "process")
    }
    assert {key for key, tab in [("basic", page), *tabs.items()] if tab.context["section"].stale} == set()
    assert "Frame agreement" in tabs["process"].content.decode()
    assert "Sole pump supplier" in client.get(reverse("accounts:plan", args=[pk])).content.decode()

    client.force_login(manager)
    panel = client.get(reverse("contacts:committee", args=[pk]))
    assert panel.context["warnings"] == []
    (root,) = panel.context["org_chart"]
    assert root.contact == head and len(root.children) == 3
    client.get(reverse("accounts:plan", args=[pk]))
    assert CoreInfoAccess.objects.filter(account=account, user=manager).exists()

    # The decision-maker leaves: the manager sees it at once, on the account and in the list.
    client.force_login(rep)
    client.post(reverse("contacts:mark_left", args=[head.pk]))
    client.force_login(manager)
    keys = {key for key, _label in client.get(reverse("contacts:committee", args=[pk])).context["warnings"]}
    assert keys == {"no_decision_maker", "decision_maker_changed"}
    listed = client.get(reverse("contacts:coverage"), {"warning": "decision_maker_changed"}).context["accounts"]
    assert [a.pk for a in listed] == [pk]

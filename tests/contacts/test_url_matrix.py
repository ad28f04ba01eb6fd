"""Every contacts page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import ContactFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}
account = lambda objects: [objects["account"].pk]  # noqa: E731
contact = lambda objects: [objects["contact"].pk]  # noqa: E731

CASES = [
    Case("contacts:coverage", {}),
    Case("contacts:search", {}, data=lambda objects: {"q": "Northwind"}),
    Case("contacts:import", {"credit_approver": 403}),
    Case("contacts:import_map", {"credit_approver": 403}, default=302),
    Case("contacts:committee", OUTSIDERS, args=account),
    Case("contacts:create", READ_ONLY, args=account),
    Case("contacts:detail", OUTSIDERS, args=contact),
    Case("contacts:edit", READ_ONLY, args=contact),
    Case("contacts:mark_left", READ_ONLY, args=contact, method="post", default=302),
    Case("contacts:mark_left", {}, args=contact, default=405),
]


@pytest.fixture
def objects(account, foreign_account):
    return {"account": account, "contact": ContactFactory(account=account)}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_contacts_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)


def test_search_never_shows_another_teams_account_or_contact(client, other_rep, account):
    from django.urls import reverse

    ContactFactory(account=account, name="Secret Person")
    client.force_login(other_rep)
    page = client.get(reverse("contacts:search"), {"q": "e"})
    assert page.context["accounts"] == [] and page.context["contacts"] == []

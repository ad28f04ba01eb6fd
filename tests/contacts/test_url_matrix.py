"""Every contacts page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import ContactFactory, InfluenceLinkFactory, TableImportFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}
account = lambda objects: [objects["account"].pk]  # noqa: E731
contact = lambda objects: [objects["contact"].pk]  # noqa: E731
link = lambda objects: [objects["link"].pk]  # noqa: E731

own_job = lambda objects: [objects["job"].pk]  # noqa: E731
# A job is its uploader's (the rep's) alone: 404 for anyone else who may import.
JOB_OWNER_ONLY = {
    **dict.fromkeys(("teammate", "manager", "other_rep", "other_manager", "admin"), 404),
    "credit_approver": 403,
}

CASES = [
    Case("contacts:coverage", {}),
    Case("contacts:export", {}),
    Case("contacts:export", {}, method="post", default=405),
    Case("contacts:search", {}, data=lambda objects: {"q": "Northwind"}),
    Case("contacts:import", {"credit_approver": 403}),
    Case("contacts:import_job", JOB_OWNER_ONLY, args=own_job),
    # A mapping without the required columns is refused with the form again.
    Case("contacts:import_job", JOB_OWNER_ONLY, args=own_job, method="post", default=400),
    Case("contacts:import_progress", JOB_OWNER_ONLY, args=own_job),
    Case("contacts:import_progress", {"credit_approver": 403}, args=own_job, method="post", default=405),
    Case("contacts:committee", OUTSIDERS, args=account),
    Case("contacts:create", READ_ONLY, args=account),
    Case("contacts:detail", OUTSIDERS, args=contact),
    Case("contacts:edit", READ_ONLY, args=contact),
    Case("contacts:mark_left", READ_ONLY, args=contact, method="post", default=302),
    Case("contacts:mark_left", {}, args=contact, default=405),
    Case("contacts:influence_add", READ_ONLY, args=account, method="post", default=302),
    Case("contacts:influence_add", READ_ONLY, args=account, default=405),
    Case("contacts:influence_remove", READ_ONLY, args=link, method="post", default=302),
    Case("contacts:influence_remove", {}, args=link, default=405),
]


@pytest.fixture
def objects(account, foreign_account, rep):
    return {
        "job": TableImportFactory(kind="contacts", created_by=rep),
        "account": account,
        "contact": ContactFactory(account=account),
        "link": InfluenceLinkFactory(source=ContactFactory(account=account)),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_contacts_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)


def test_search_never_shows_another_teams_account_or_contact(client, other_rep, account):
    from django.urls import reverse

    ContactFactory(account=account, name="Secret Person")
    client.force_login(other_rep)
    page = client.get(reverse("contacts:search"), {"q": "e"})
    assert page.context["accounts"] == [] and page.context["contacts"] == []

"""Every accounts page against every role (see tests/matrix.py)."""

import pytest

from accounts.models import SavedFilter
from tests.factories import CompetitorFactory, FinancialYearFactory, TableImportFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}  # may see the account, may not change it
own = lambda objects: [objects["account"].pk]  # noqa: E731
year = lambda objects: [objects["account"].pk, objects["year"].pk]  # noqa: E731
competitor = lambda objects: [objects["account"].pk, objects["competitor"].pk]  # noqa: E731
section = lambda name: lambda objects: [objects["account"].pk, name]  # noqa: E731
ONLY_ADMIN = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)

own_job = lambda objects: [objects["job"].pk]  # noqa: E731
# A job is its uploader's (the rep's) alone: 404 for anyone else who may import.
JOB_OWNER_ONLY = {
    **dict.fromkeys(("teammate", "manager", "other_rep", "other_manager", "admin"), 404),
    "credit_approver": 403,
}

CASES = [
    Case("accounts:list", {}),
    Case("accounts:detail", OUTSIDERS, args=own),
    Case("accounts:detail", {}, args=own, method="post", default=405),
    # The archive tabs load with their tab, for whoever sees the account (as the page does).
    Case("accounts:archive", OUTSIDERS, args=section("important")),
    Case("accounts:archive", OUTSIDERS, args=section("financials")),
    Case("accounts:archive", OUTSIDERS, args=section("process")),
    Case("accounts:archive", {}, args=section("important"), method="post", default=405),
    Case("accounts:create", {"credit_approver": 403}),
    Case("accounts:edit", READ_ONLY, args=own),
    Case("accounts:edit_section", READ_ONLY, args=section("important")),
    Case("accounts:edit_section", READ_ONLY, args=section("process")),
    Case("accounts:plan", READ_ONLY, args=own),  # core info: for those who may change the account
    Case("accounts:plan_edit", READ_ONLY, args=own),
    Case("accounts:history", OUTSIDERS, args=own),
    Case("accounts:financial_year_create", READ_ONLY, args=own),
    Case("accounts:financial_year_edit", READ_ONLY, args=year),
    Case("accounts:competitor_create", READ_ONLY, args=own),
    Case("accounts:competitor_edit", READ_ONLY, args=competitor),
    Case("accounts:negotiation_create", READ_ONLY, args=own),
    Case("accounts:import", {"credit_approver": 403}),
    Case("accounts:import_job", JOB_OWNER_ONLY, args=own_job),
    # A mapping without the required columns is refused with the form again.
    Case("accounts:import_job", JOB_OWNER_ONLY, args=own_job, method="post", default=400),
    Case("accounts:import_progress", JOB_OWNER_ONLY, args=own_job),
    Case("accounts:import_progress", {"credit_approver": 403}, args=own_job, method="post", default=405),
    Case("accounts:export", {}),
    Case("accounts:export", {}, method="post", default=405),
    Case("accounts:core_info_log", ONLY_ADMIN),
    Case("accounts:core_info_log_export", ONLY_ADMIN, data=lambda objects: {"since": "2026-01-01", "format": "xlsx"}),
    # Anyone saves the list's filter for themselves; a filter is its owner's alone (404 to others).
    Case("accounts:saved_filter_create", {}, method="post", data=lambda objects: {"name": "Mine"}, default=302),
    Case("accounts:saved_filter_create", {}, default=405),
    Case("accounts:saved_filter_delete", {}, args=lambda objects: [objects["saved"].pk], default=405),
    Case(
        "accounts:saved_filter_delete",
        {"rep": 302},
        args=lambda objects: [objects["saved"].pk],
        method="post",
        default=404,
    ),
]


@pytest.fixture
def objects(account, foreign_account, rep):
    return {
        "job": TableImportFactory(kind="accounts", created_by=rep),
        "account": account,
        "year": FinancialYearFactory(account=account),
        "competitor": CompetitorFactory(account=account),
        "saved": SavedFilter.objects.create(user=rep, name="Mine", query="scope=mine"),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_accounts_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)


def test_a_financial_year_of_another_account_is_404_even_with_a_visible_account(client, rep, account, foreign_account):
    from django.urls import reverse

    foreign_year = FinancialYearFactory(account=foreign_account)
    client.force_login(rep)
    response = client.get(reverse("accounts:financial_year_edit", args=[account.pk, foreign_year.pk]))
    assert response.status_code == 404

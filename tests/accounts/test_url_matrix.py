"""Every accounts page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import CompetitorFactory, FinancialYearFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}  # may see the account, may not change it
own = lambda objects: [objects["account"].pk]  # noqa: E731
year = lambda objects: [objects["account"].pk, objects["year"].pk]  # noqa: E731
competitor = lambda objects: [objects["account"].pk, objects["competitor"].pk]  # noqa: E731
section = lambda name: lambda objects: [objects["account"].pk, name]  # noqa: E731
ONLY_ADMIN = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)

CASES = [
    Case("accounts:list", {}),
    Case("accounts:detail", OUTSIDERS, args=own),
    Case("accounts:detail", {}, args=own, method="post", default=405),
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
    # Without an uploaded file the mapping step sends the user back to the upload.
    Case("accounts:import_map", {"credit_approver": 403}, default=302),
    Case("accounts:export", {}),
    Case("accounts:export", {}, method="post", default=405),
    Case("accounts:core_info_log", ONLY_ADMIN),
]


@pytest.fixture
def objects(account, foreign_account):
    return {
        "account": account,
        "year": FinancialYearFactory(account=account),
        "competitor": CompetitorFactory(account=account),
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

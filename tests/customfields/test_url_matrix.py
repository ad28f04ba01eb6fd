"""The custom fields' admin pages against every role (see tests/matrix.py)."""

import pytest

from tests.factories import FieldDefinitionFactory
from tests.matrix import Case, case_id, check_case

ONLY_ADMIN = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)
definition = lambda objects: [objects["definition"].pk]  # noqa: E731
missing = lambda objects: [objects["definition"].pk + 1000]  # noqa: E731

CASES = [
    Case("customfields:list", ONLY_ADMIN),
    Case("customfields:list", {**ONLY_ADMIN, "admin": 405}, method="post"),
    Case("customfields:create", ONLY_ADMIN),
    # Posting nothing is the form again with its errors.
    Case("customfields:create", ONLY_ADMIN, method="post"),
    Case("customfields:update", ONLY_ADMIN, args=definition),
    Case("customfields:update", ONLY_ADMIN, args=definition, method="post"),
    Case("customfields:update", {**ONLY_ADMIN, "admin": 404}, args=missing),
]


@pytest.fixture
def objects(db):
    return {"definition": FieldDefinitionFactory()}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_custom_field_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)

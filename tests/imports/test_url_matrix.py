"""The pages of an export written by a worker against every role (see tests/matrix.py): only
the person who asked sees it and downloads it; everyone else gets 404."""

import pytest

from tests.factories import ExportJobFactory
from tests.matrix import Case, case_id, check_case

NOT_THEIRS = dict.fromkeys(("teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"), 404)
job = lambda objects: [objects["job"].pk]  # noqa: E731

CASES = [
    Case("imports:export_job", NOT_THEIRS, args=job),
    Case("imports:export_job", {}, args=job, method="post", default=405),
    Case("imports:export_download", NOT_THEIRS, args=job),
    Case("imports:export_download", {}, args=job, method="post", default=405),
]


@pytest.fixture
def objects(rep):
    return {"job": ExportJobFactory(requested_by=rep)}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_export_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)

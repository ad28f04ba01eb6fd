"""Every attachments page against every role (see tests/matrix.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES, AttachmentFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}
account = lambda objects: ["account", objects["account"].pk]  # noqa: E731
account_pk = lambda objects: [objects["account"].pk]  # noqa: E731
document = lambda objects: [objects["document"].pk]  # noqa: E731
pdf = lambda objects: {"file": SimpleUploadedFile("deal.pdf", PDF_BYTES)}  # noqa: E731

CASES = [
    Case("attachments:account_panel", OUTSIDERS, args=account_pk),
    Case("attachments:upload", READ_ONLY, args=account, method="post", data=pdf, default=302),
    Case("attachments:upload", {}, args=account, default=405),
    Case("attachments:download", OUTSIDERS, args=document),
    Case("attachments:download", {}, args=document, method="post", default=405),
    Case("attachments:inline", OUTSIDERS, args=document),
    Case("attachments:preview", OUTSIDERS, args=document),
    Case("attachments:delete", READ_ONLY, args=document, method="post", default=302),
    Case("attachments:delete", {}, args=document, default=405),
]


@pytest.fixture
def objects(account):
    return {"account": account, "document": AttachmentFactory(account=account)}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_attachments_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)

"""Uploading documents: checked by content and size, refused with a message, never a 500."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.content import safe_name
from attachments.models import Attachment
from tests.factories import PDF_BYTES, PNG_BYTES, ContactFactory, CreditInvestigationFactory

pytestmark = pytest.mark.django_db


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _upload(client, user, target: str, pk: int, name: str, content: bytes, content_type="application/pdf"):
    client.force_login(user)
    return client.post(
        reverse("attachments:upload", args=[target, pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "next": "/"},
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("Contract 2026.pdf", PDF_BYTES, "application/pdf"),
        ("licence.png", PNG_BYTES, "image/png"),
        (
            "minutes.docx",
            _office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            _office("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("prices.csv", "code,price\nA1,12.50\n货品,3\n".encode(), "text/csv"),
    ],
)
def test_rep_files_a_document_recognised_by_its_content(client, rep, account, name, content, mime):
    response = _upload(client, rep, "account", account.pk, name, content, content_type="application/octet-stream")

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.account, attachment.target, attachment.content_type) == (account, account, mime)
    assert attachment.size == len(content)
    assert attachment.name == name.replace(" ", "_")


def test_a_document_is_filed_with_a_contact_under_its_account(client, rep, account):
    contact = ContactFactory(account=account)

    _upload(client, rep, "contact", contact.pk, "card.pdf", PDF_BYTES)

    attachment = Attachment.objects.get()
    assert (attachment.account, attachment.target) == (account, contact)


def test_a_credit_investigation_carries_the_documents_it_rests_on(client, rep, account):
    investigation = CreditInvestigationFactory(account=account)

    _upload(client, rep, "investigation", investigation.pk, "audit-2025.pdf", PDF_BYTES)

    assert Attachment.objects.get().target == investigation
    client.force_login(rep)
    page = client.get(reverse("credit:investigation_detail", args=[investigation.pk]))
    assert "audit-2025.pdf" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a program", "cannot be attached"),
        ("contract.pdf", b"just some words", "does not match its name"),
        ("photo.pdf", PNG_BYTES, "does not match its name"),
        ("fake.docx", _office("something/else.xml"), "cannot be attached"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_uploads_are_refused_with_a_message(client, rep, account, name, content, message):
    response = _upload(client, rep, "account", account.pk, name, content)

    assert response.status_code == 302
    assert any(message in text for text in _messages(response)), _messages(response)
    assert not Attachment.objects.exists()


def test_an_oversize_upload_is_refused_with_the_limit(client, rep, account, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = _upload(client, rep, "account", account.pk, "big.pdf", PDF_BYTES + b"0" * (1024 * 1024))

    assert any("larger than 1 MB" in text for text in _messages(response))
    assert not Attachment.objects.exists()


def test_control_characters_never_reach_the_stored_name(client, rep, account):
    # Django's upload parser drops them before any view sees the name; the name check
    # refuses them wherever else a name comes from.
    _upload(client, rep, "account", account.pk, "evil\x00\x1b.pdf", PDF_BYTES)

    assert Attachment.objects.get().name == "evil.pdf"
    with pytest.raises(ValidationError, match="not allowed"):
        safe_name("evil\x00.pdf")


def test_a_path_in_the_file_name_is_dropped(client, rep, account):
    _upload(client, rep, "account", account.pk, "../../etc/passwd.pdf", PDF_BYTES)

    assert Attachment.objects.get().name == "passwd.pdf"


def test_a_credit_approver_who_only_reads_cannot_upload(client, credit_approver, account):
    response = _upload(client, credit_approver, "account", account.pk, "x.pdf", PDF_BYTES)

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_rep_cannot_upload_to_another_teams_account(client, rep, foreign_account):
    response = _upload(client, rep, "account", foreign_account.pk, "x.pdf", PDF_BYTES)

    assert response.status_code == 404


def test_an_unknown_kind_of_target_is_not_found(client, rep, account):
    assert _upload(client, rep, "user", account.pk, "x.pdf", PDF_BYTES).status_code == 404


@pytest.mark.parametrize("hostile", ["NaN", "//evil.example/x", "https://evil.example/", "9999-12-31"])
def test_a_hostile_next_returns_to_the_account_page(client, rep, account, hostile):
    client.force_login(rep)

    response = client.post(
        reverse("attachments:upload", args=["account", account.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES), "next": hostile},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[account.pk])

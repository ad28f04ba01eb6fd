"""Downloading, previewing and withdrawing documents, behind the account's door."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attachments.models import Attachment
from tests.factories import PDF_BYTES, PNG_BYTES, AttachmentFactory

pytestmark = pytest.mark.django_db


def test_rep_downloads_a_document_as_an_attachment_with_safe_headers(client, rep, account):
    attachment = AttachmentFactory(account=account, name="contract.pdf")
    client.force_login(rep)

    response = client.get(reverse("attachments:download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="contract.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_rep_cannot_download_another_teams_document_by_guessing_its_url(client, rep, foreign_account):
    attachment = AttachmentFactory(account=foreign_account)
    client.force_login(rep)

    for name in ("attachments:download", "attachments:inline", "attachments:preview"):
        assert client.get(reverse(name, args=[attachment.pk])).status_code == 404
    assert client.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.get().deleted_at is None


def test_an_image_is_previewed_inline_in_the_page(client, rep, account):
    attachment = AttachmentFactory(account=account, name="licence.png", content=PNG_BYTES, content_type="image/png")
    client.force_login(rep)

    page = client.get(reverse("attachments:preview", args=[attachment.pk]))
    shown = client.get(reverse("attachments:inline", args=[attachment.pk]))

    assert f'src="{reverse("attachments:inline", args=[attachment.pk])}"' in page.content.decode()
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Type"] == "image/png"


def test_a_pdf_is_previewed_in_a_frame_of_the_same_site(client, rep, account):
    attachment = AttachmentFactory(account=account)
    client.force_login(rep)

    page = client.get(reverse("attachments:preview", args=[attachment.pk]))
    shown = client.get(reverse("attachments:inline", args=[attachment.pk]))

    assert "<iframe" in page.content.decode()
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]


def test_a_text_file_is_never_shown_inline(client, rep, account):
    attachment = AttachmentFactory(account=account, name="a.txt", content=b"<script>", content_type="text/plain")
    client.force_login(rep)

    shown = client.get(reverse("attachments:inline", args=[attachment.pk]))

    assert shown["Content-Disposition"].startswith("attachment")


def test_removing_a_document_keeps_who_and_when_and_hides_it(client, rep, teammate, account):
    attachment = AttachmentFactory(account=account)
    client.force_login(teammate)

    client.post(reverse("attachments:delete", args=[attachment.pk]))

    attachment.refresh_from_db()
    assert attachment.deleted_by == teammate and attachment.deleted_at is not None
    client.force_login(rep)
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    panel = client.get(reverse("attachments:account_panel", args=[account.pk]))
    assert attachment.name not in panel.content.decode()


@pytest.mark.parametrize("documents", [1, 12])
def test_the_documents_tab_costs_the_same_queries_for_few_and_many(
    client, rep, account, documents, django_assert_num_queries
):
    AttachmentFactory.create_batch(documents, account=account)
    client.force_login(rep)
    # session, user, the account (visibility + rights), the documents with their uploader
    # and target type, the may-change check
    with django_assert_num_queries(5):
        response = client.get(reverse("attachments:account_panel", args=[account.pk]))
    assert response.content.decode().count("bi-download") == documents

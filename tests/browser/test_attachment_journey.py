"""A rep attaches a document to a contact from a phone, finds it listed and downloads it; a rep
of another team who has the download address gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attachments.models import Attachment
from tests.factories import PDF_BYTES, AccountFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_rep_uploads_a_document_on_a_phone_and_another_team_cannot_download_it(open_page, log_in, rep, other_rep):
    contact = ContactFactory(account=AccountFactory(owner=rep), name="Wang Fang")
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, rep)

    page.goto(reverse("contacts:detail", args=[contact.pk]))
    block = page.locator(".attachments-block")
    assert "No documents yet." in block.inner_text()
    block.locator("input[type=file]").set_input_files(
        {"name": "business-licence.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    block.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()

    assert "Document attached." in page.inner_text(".alert")
    listed = page.locator(".attachments-block .attachments li", has_text="business-licence.pdf")
    assert listed.count() == 1
    # The list fits the phone: nothing pushes the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download_info:
        listed.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "business-licence.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF_BYTES

    attachment = Attachment.objects.get()
    url = reverse("attachments:download", args=[attachment.pk])
    outsider = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(outsider, other_rep)
    assert outsider.request.get(url).status == 404
    assert page.request.get(url).status == 200

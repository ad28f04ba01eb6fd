"""Upload, list, preview, download and withdraw documents: every one behind the account's door."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from accounts.visibility import CHANGE, get_account_for, may
from users.permissions import RoleRequiredMixin
from users.redirects import back_to

from . import selectors, services
from .forms import UploadForm
from .targets import get_target_for


class AccountPanelView(RoleRequiredMixin, TemplateView):
    """The account page's Documents tab: everything filed for the account and its records."""

    template_name = "attachments/account_panel.html"

    def get_context_data(self, **kwargs):
        account = get_account_for(self.request.user, self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "attachments": selectors.account_attachments(user=self.request.user, account=account),
            "can_change": may(self.request.user, CHANGE, account),
            "form": UploadForm(),
        }


@require_POST
def upload(request, target, pk):
    obj = get_target_for(request.user, target, pk)
    back = reverse("accounts:detail", args=[getattr(obj, "account_id", obj.pk)])
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", [_("Choose a file to attach.")]):
            messages.error(request, error)
        return back_to(request, back)
    services.attachment_upload(actor=request.user, target=obj, upload=form.cleaned_data["file"])
    messages.success(request, _("Document attached."))
    return back_to(request, back)


def _file_response(attachment, *, inline: bool) -> FileResponse:
    response = FileResponse(
        services.attachment_open(attachment),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever a document carries runs nowhere. A PDF shown in the preview's frame cannot be
    # sandboxed (browsers refuse to render PDFs in a sandbox), and PDF viewers run no page scripts.
    policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    if not (inline and attachment.content_type == "application/pdf"):
        policy += "; sandbox"
    response["Content-Security-Policy"] = policy + (
        "; frame-ancestors 'self'" if inline else "; frame-ancestors 'none'"
    )
    return response


@require_GET
def download(request, pk):
    attachment = selectors.get_attachment_for(request.user, pk)
    return _file_response(attachment, inline=False)


@require_GET
@xframe_options_sameorigin
def inline(request, pk):
    """The document shown in the preview page (pictures and PDFs only; others are downloaded)."""
    attachment = selectors.get_attachment_for(request.user, pk)
    return _file_response(attachment, inline=attachment.previewable)


@require_GET
def preview(request, pk):
    attachment = selectors.get_attachment_for(request.user, pk)
    return render(request, "attachments/preview.html", {"attachment": attachment})


@require_POST
def delete(request, pk):
    attachment = selectors.get_attachment_for(request.user, pk)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Document removed."))
    return back_to(request, reverse("accounts:detail", args=[attachment.account_id]))

"""``{% attachments_block object %}``: the documents of a contact, order, opportunity or
credit investigation on its own page, with the upload form for those who may change it."""

from __future__ import annotations

from django import template

from accounts.visibility import CHANGE, may

from ..forms import UploadForm
from ..selectors import attachments_for
from ..targets import account_of, target_key

register = template.Library()


@register.inclusion_tag("attachments/_block.html", takes_context=True)
def attachments_block(context, target):
    user = context["request"].user
    return {
        "attachments": attachments_for(user=user, target=target),
        "target": target,
        "target_key": target_key(target),
        "can_change": may(user, CHANGE, account_of(target)),
        "form": UploadForm(),
        "next": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }

"""``{% tasks_due %}``: the rep's open tasks due within a week, for the rep's home."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..selectors import tasks_due_for

register = template.Library()


@register.inclusion_tag("tasks/_due_block.html", takes_context=True)
def tasks_due(context):
    request = context["request"]
    today = timezone.localdate()
    return {
        "due_tasks": tasks_due_for(request.user, today=today),
        "today": today,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }

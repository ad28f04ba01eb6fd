from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView
from django.views.i18n import set_language as django_set_language

from . import notifications, selectors, services
from .bounds import BIGINT_MAX
from .pagination import LastPageMixin
from .throttling import ThrottledPasswordChangeForm


def home(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:list")


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language: the cookie remembers it, and so does the user's profile,
    which is what e-mails and reminders are written in."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, throttled like the log-in (users.throttling)."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class NotificationListView(LastPageMixin, ListView):
    """The person's own notifications, newest first; unread ones stand out."""

    template_name = "users/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)


@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (``id``), or all of them."""
    ids = None
    given = request.POST.get("id", "")
    if given:
        # An id that is not one (or that no column holds) marks nothing: not all, not a 500.
        ids = [int(given)] if given.isdigit() and int(given) <= BIGINT_MAX else []
    notifications.mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications")


@require_GET
def notifications_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the navigation badge, fetched by htmx after the page has loaded, so
    that no page pays a query for it in its own budget."""
    return render(request, "users/_notification_badge.html", {"unread": selectors.unread_count(request.user)})

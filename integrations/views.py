"""Pages for chat channels (each person their own; managers and admins their teams') and
outbound webhooks (admins). Thin: authorize, bind the form, call the service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST

from users.permissions import ADMINS, RoleRequiredMixin

from . import chat, selectors, webhooks
from .forms import ChatChannelForm, WebhookForm
from .models import WebhookSubscription

# --- Chat channels -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def channel_list(request: HttpRequest) -> HttpResponse:
    """The channels the person sees, and the form for a new one."""
    teams = list(selectors.teams_for_channels(request.user))
    form = ChatChannelForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        channel = form.save(commit=False)
        channel.team = form.owner_team()
        channel.user = None if channel.team else request.user
        chat.channel_save(actor=request.user, channel=channel)
        messages.success(request, _("The channel was added. Send a test message to check it."))
        return redirect("integrations:channel_edit", channel.pk)
    channels = selectors.channels_for(request.user)
    return render(request, "integrations/channel_list.html", {"channels": channels, "form": form})


@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = selectors.channel_for(request.user, pk)
    form = ChatChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        chat.channel_save(actor=request.user, channel=form.save(commit=False))
        messages.success(request, _("The channel was saved."))
        return redirect("integrations:channel_edit", channel.pk)
    context = {"channel": channel, "form": form, "log": selectors.channel_log(channel)}
    return render(request, "integrations/channel_edit.html", context)


@require_POST
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    chat.channel_delete(actor=request.user, channel=selectors.channel_for(request.user, pk))
    messages.success(request, _("The channel was deleted."))
    return redirect("integrations:channels")


@require_POST
def channel_test(request: HttpRequest, pk: int) -> HttpResponse:
    channel = selectors.channel_for(request.user, pk)
    chat.channel_test(actor=request.user, channel=channel)
    messages.success(request, _("A test message is on its way; its result appears below."))
    return redirect("integrations:channel_edit", channel.pk)


# --- Webhooks (admins) -------------------------------------------------------------------------


class WebhookListView(RoleRequiredMixin, View):
    """Every webhook, and the form for a new one."""

    allowed_roles = ADMINS

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, WebhookForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm(request.POST)
        if not form.is_valid():
            return self.page(request, form)
        subscription = webhooks.subscription_save(actor=request.user, subscription=form.save(commit=False))
        messages.success(request, _("The webhook was added. Send a test event to check it."))
        return redirect("integrations:webhook_edit", subscription.pk)

    def page(self, request: HttpRequest, form: WebhookForm) -> HttpResponse:
        context = {"subscriptions": selectors.webhooks(), "form": form}
        return render(request, "integrations/webhook_list.html", context)


class WebhookEditView(RoleRequiredMixin, View):
    """A webhook's settings, its secret and its delivery log."""

    allowed_roles = ADMINS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        return self.page(request, subscription, WebhookForm(instance=subscription))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        form = WebhookForm(request.POST, instance=subscription)
        if not form.is_valid():
            return self.page(request, subscription, form)
        webhooks.subscription_save(actor=request.user, subscription=form.save(commit=False))
        messages.success(request, _("The webhook was saved."))
        return redirect("integrations:webhook_edit", subscription.pk)

    def page(self, request: HttpRequest, subscription: WebhookSubscription, form: WebhookForm) -> HttpResponse:
        context = {"subscription": subscription, "form": form, "log": selectors.webhook_log(subscription)}
        return render(request, "integrations/webhook_edit.html", context)


class WebhookDeleteView(RoleRequiredMixin, View):
    allowed_roles = ADMINS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        webhooks.subscription_delete(actor=request.user, subscription=subscription)
        messages.success(request, _("The webhook was deleted."))
        return redirect("integrations:webhooks")


class WebhookTestView(RoleRequiredMixin, View):
    allowed_roles = ADMINS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        webhooks.subscription_test(actor=request.user, subscription=subscription)
        messages.success(request, _("A test event is on its way; its result appears in the log below."))
        return redirect("integrations:webhook_edit", subscription.pk)

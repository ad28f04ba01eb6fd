from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView, ListView
from django.views.i18n import set_language as django_set_language

from . import notifications, regions, selectors, services, two_factor
from .bounds import BIGINT_MAX
from .business_settings import history
from .forms import RegionForm, SecondFactorCodeForm, TeamForm, UserChangeForm, UserInviteForm
from .models import Region, Role, Team, User
from .pagination import LastPageMixin
from .permissions import ADMINS, RoleRequiredMixin
from .throttling import ThrottledPasswordChangeForm


def home(request: HttpRequest) -> HttpResponse:
    # A rep starts the day on their own page (visits, follow-ups, accounts at risk).
    if request.user.is_authenticated and request.user.role == Role.REP:
        return redirect("dashboard:home")
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
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read: the bell counts what is still unseen."""
    notification = notifications.open_notification(user=request.user, pk=pk)
    target = notification.link
    if not target.startswith("/") or target.startswith("//"):  # only our own pages
        return redirect("notifications")
    return redirect(target)


@require_GET
def notifications_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the navigation badge, fetched by htmx after the page has loaded, so
    that no page pays a query for it in its own budget."""
    return render(request, "users/_notification_badge.html", {"unread": selectors.unread_count(request.user)})


class LoginView(auth_views.LoginView):
    """Django's log-in; a person with an authenticator is asked for a code next."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # "Sign in with …" shows only where OpenID Connect is configured (users.oidc).
        return {
            **super().get_context_data(**kwargs),
            "oidc_enabled": settings.OIDC_ENABLED,
            "oidc_provider_name": getattr(settings, "OIDC_PROVIDER_NAME", ""),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        two_factor.after_password_login(self.request, form.get_user())
        return response


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with a code, keep the recovery
    codes (shown on this answer only, never again)."""
    if two_factor.has_device(request.user):
        # Replacing an authenticator takes the one in hand: a password alone is not enough.
        if not request.user.is_verified():
            return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
        if request.method == "GET":
            return render(
                request,
                "users/two_factor_status.html",
                {"codes_left": two_factor.recovery_codes_left(request.user)},
            )
    device = two_factor.totp_device_pending(request.user)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_device_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "users/two_factor_codes.html", {"codes": codes, "next": _next_page(request)})
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_for_typing(device),
    }
    return render(request, "users/two_factor_setup.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Give the code (or a recovery code) after the password."""
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_page(request))
        form.add_error("code", _("That code is not right, or was used already."))
    return render(request, "users/two_factor_verify.html", {"form": form}, status=400 if form.errors else 200)


def _next_page(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


class PeopleView(RoleRequiredMixin, LastPageMixin, ListView):
    """Users and teams (admins): who works here, in which role and team."""

    allowed_roles = ADMINS
    template_name = "users/people.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return User.objects.select_related("team").order_by("username")

    def get_context_data(self, **kwargs):
        teams = Team.objects.select_related("manager").annotate(size=Count("members"))
        return {**super().get_context_data(**kwargs), "teams": teams}


class UserInviteView(RoleRequiredMixin, FormView):
    allowed_roles = ADMINS
    template_name = "users/person_form.html"
    form_class = UserInviteForm

    def form_valid(self, form):
        site = {"domain": self.request.get_host(), "protocol": "https" if self.request.is_secure() else "http"}
        user = services.user_invite(actor=self.request.user, fields=form.cleaned_data, site=site)
        messages.success(
            self.request, _("%(name)s was invited: they set their password from the e-mail.") % {"name": user}
        )
        return redirect("people")


class UserChangeView(RoleRequiredMixin, FormView):
    allowed_roles = ADMINS
    template_name = "users/person_form.html"
    form_class = UserChangeForm

    def dispatch(self, request, *args, **kwargs):
        self.person = get_object_or_404(User.objects.select_related("team"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.person.pk)}

    def get_context_data(self, **kwargs):
        changes = history(f"user:{self.person.pk}")
        return {**super().get_context_data(**kwargs), "person": self.person, "changes": changes}

    def form_valid(self, form):
        try:
            services.user_change(actor=self.request.user, user=self.person, fields=form.cleaned_data)
        except ValidationError as error:  # a dictionary of them goes to their fields
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes to %(name)s saved.") % {"name": self.person})
        return redirect("people")


class TeamView(RoleRequiredMixin, FormView):
    """A new team (no pk) or an existing one."""

    allowed_roles = ADMINS
    template_name = "users/team_form.html"
    form_class = TeamForm

    def dispatch(self, request, *args, **kwargs):
        self.team = get_object_or_404(Team, pk=kwargs["pk"]) if "pk" in kwargs else Team()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.team}

    def get_context_data(self, **kwargs):
        changes = history(f"team:{self.team.pk}") if self.team.pk else []
        return {**super().get_context_data(**kwargs), "team": self.team, "changes": changes}

    def form_valid(self, form):
        services.team_save(actor=self.request.user, team=self.team, fields=form.cleaned_data)
        messages.success(self.request, _("Team saved."))
        return redirect("people")


class RegionsView(RoleRequiredMixin, View):
    """The regions and their areas, and the form for a new one or, given ``pk``, for that one
    (admins)."""

    allowed_roles = ADMINS

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        return self.page(request, RegionForm(instance=self.region(pk)))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        form = RegionForm(request.POST, instance=self.region(pk))
        if not form.is_valid():
            return self.page(request, form)
        region = services.region_save(actor=request.user, region=form.save(commit=False))
        messages.success(request, _("Region %(name)s saved.") % {"name": region.name})
        return redirect("regions")

    def region(self, pk: int | None) -> Region:
        return Region() if pk is None else get_object_or_404(Region, pk=pk)

    def page(self, request: HttpRequest, form: RegionForm) -> HttpResponse:
        return render(request, "users/regions.html", {"tree": regions.region_tree(), "form": form})


@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """The region filter's search (``regions.RegionSelect``): the <option>s of the regions
    matching what was typed (GET ?q=, bounded and capped in ``regions.region_lookup``), for
    every role: regions grant and hide nothing."""
    options = regions.region_lookup(search=request.GET.get("q", ""))
    return render(request, "_options.html", {"options": options})

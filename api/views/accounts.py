"""Accounts and their contacts, through the same doors as the pages."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import Account, AccountPlan, Industry, Lifecycle
from accounts.visibility import CHANGE, CORE_INFO, get_account_for, may, may_reassign
from contacts import services as contact_services
from contacts.models import Contact, ContactRole, InfluenceLink
from users.models import Region, User
from users.permissions import SELLING_ROLES
from users.regions import in_region

from ..serializers.accounts import AccountSerializer, ContactSerializer, CoreInfoSerializer
from .base import ReadCreateUpdateViewSet


class AccountFilter(django_filters.FilterSet):
    """The account list page's filters: its search box, owner, industry and region (and lifecycle)."""

    q = django_filters.CharFilter(method="search", max_length=200, label="Name, short name or exact code")
    owner = django_filters.ModelChoiceFilter(queryset=User.objects.all())
    industry = django_filters.ChoiceFilter(choices=Industry.choices)
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices)
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="in_region", label="Region id: the region and its areas"
    )

    class Meta:
        model = Account
        fields = ["q", "owner", "industry", "lifecycle", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(account_selectors.list_search(value))

    def in_region(self, queryset, name, value):
        return queryset.filter(in_region("region", value))


class AccountViewSet(ReadCreateUpdateViewSet):
    """The accounts the caller sees (owner, account team, their manager; credit and admins: all).

    Written as on the pages, through ``accounts.services``: those who sell create; those who
    may change an account update it (403 for those who only see it, 404 for the rest);
    another owner or team needs the right to reassign it (403)."""

    serializer_class = AccountSerializer
    write_roles = SELLING_ROLES
    filterset_class = AccountFilter
    ordering_fields = ["name", "code", "industry", "updated_at", "id"]
    ordering = ["name", "id"]

    def scoped(self, user):
        return Account.objects.visible_to(user)

    def get_object(self):
        if self.request.method in ("PUT", "PATCH"):
            return get_account_for(self.request.user, int(self.kwargs["pk"]), action=CHANGE)
        return super().get_object()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.method in ("PUT", "PATCH") and self.kwargs.get("pk"):
            account = get_account_for(self.request.user, int(self.kwargs["pk"]), action=CHANGE)
            context["may_reassign"] = may_reassign(self.request.user, account)
        return context

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        team = fields.pop("team", [])
        account = account_services.account_create(actor=self.request.user, fields=fields, team=team)
        serializer.instance = self.get_queryset().get(pk=account.pk)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        team = fields.pop("team", None)
        account = account_services.account_update(
            account=serializer.instance, actor=self.request.user, fields=fields, team=team
        )
        serializer.instance = self.get_queryset().get(pk=account.pk)

    @extend_schema(methods=["get"], responses=CoreInfoSerializer)
    @extend_schema(methods=["put", "patch"], request=CoreInfoSerializer, responses=CoreInfoSerializer)
    @action(detail=True, methods=["get", "put", "patch"], url_path="core-info")
    def core_info(self, request, pk=None):
        """The account plan (core info): for those who may change the account (403 for the
        others who see it, 404 for the rest); every read is logged, as on the page, and a
        write goes through ``accounts.services.plan_save``."""
        account = get_account_for(request.user, int(pk), action=CORE_INFO)
        plan = account_selectors.account_plan(account=account) or AccountPlan(account=account)
        if request.method == "GET":
            account_services.core_info_opened(account=account, user=request.user)
            return Response(CoreInfoSerializer(plan).data)
        serializer = CoreInfoSerializer(plan, data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        plan = account_services.plan_save(account=account, actor=request.user, fields=serializer.validated_data)
        return Response(CoreInfoSerializer(plan).data)


class ContactFilter(django_filters.FilterSet):
    account = django_filters.NumberFilter(field_name="account_id", min_value=1, max_value=2**63 - 1)
    left_company = django_filters.BooleanFilter()
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)

    class Meta:
        model = Contact
        fields = ["account", "left_company", "q"]


class ContactViewSet(ReadCreateUpdateViewSet):
    """Contacts of the accounts the caller sees, with their buying roles. Writes need the
    right to change the account (403 for those who only see it) and go through
    ``contacts.services.contact_save``."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    ordering_fields = ["name", "id", "updated_at"]
    ordering = ["id"]

    def scoped(self, user):
        history = ContactRole.objects.order_by("role", "-started_on")
        influences = InfluenceLink.objects.order_by("pk")
        return Contact.objects.visible_to(user).prefetch_related(
            Prefetch("roles", history, to_attr="roles_all"), Prefetch("influences", influences)
        )

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        account = get_account_for(self.request.user, fields.pop("account").pk, action=CHANGE)
        roles = fields.pop("roles", [])
        contact = contact_services.contact_save(account=account, actor=self.request.user, fields=fields, roles=roles)
        serializer.instance = self.get_queryset().get(pk=contact.pk)

    def perform_update(self, serializer):
        contact = serializer.instance
        if not may(self.request.user, CHANGE, contact.account):
            raise PermissionDenied
        fields = dict(serializer.validated_data)
        if fields.pop("account", contact.account) != contact.account:
            raise serializers.ValidationError({"account": [_("A contact stays with their account.")]})
        roles = fields.pop("roles", None)
        if roles is None:
            roles = [role.role for role in contact.roles_all if role.ended_on is None]
        contact_services.contact_save(
            account=contact.account, actor=self.request.user, fields=fields, roles=roles, instance=contact
        )
        serializer.instance = self.get_queryset().get(pk=contact.pk)

"""Visits and planned visits, complaints, tiers and scoring runs. Visits are logged and
complaints opened and resolved through ``visits.services``, by those who sell, on accounts
they may change (403 for one they only see, 404 for the rest), as on their pages; plans,
tiers and runs are read only."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.visibility import CHANGE, get_account_for
from scoring.models import AccountStanding, Level, ScoringRun, Tier
from users.permissions import SELLING_ROLES
from visits import services
from visits.models import Complaint, PlanItem, PlanStatus, Severity, Visit

from ..permissions import AdminsOnly, TokenScope
from ..serializers.activity import (
    ComplaintResolveSerializer,
    ComplaintSerializer,
    PlanItemSerializer,
    ScoringRunSerializer,
    TierSerializer,
    VisitSerializer,
)
from .base import ReadOnlyViewSet
from .credit import BIGINT, AccountFilter


class VisitFilter(AccountFilter):
    rep = django_filters.NumberFilter(field_name="rep_id", **BIGINT)
    visited_from = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte")
    visited_to = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte")


class VisitViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    serializer_class = VisitSerializer
    write_roles = SELLING_ROLES
    filterset_class = VisitFilter
    ordering_fields = ["visited_on", "id"]
    ordering = ["-visited_on", "-id"]

    def scoped(self, user):
        return Visit.objects.visible_to(user).prefetch_related("contacts")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        account = get_account_for(self.request.user, fields.pop("account").pk, action=CHANGE)
        visit = services.visit_log(
            actor=self.request.user,
            account=account,
            contacts=fields.pop("contacts", ()),
            plan_item=fields.pop("plan_item", None),
            fields=fields,
        )
        serializer.instance = self.get_queryset().get(pk=visit.pk)


class PlanItemFilter(AccountFilter):
    rep = django_filters.NumberFilter(field_name="rep_id", **BIGINT)
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    planned_from = django_filters.DateFilter(field_name="planned_on", lookup_expr="gte")
    planned_to = django_filters.DateFilter(field_name="planned_on", lookup_expr="lte")


class PlanItemViewSet(ReadOnlyViewSet):
    serializer_class = PlanItemSerializer
    filterset_class = PlanItemFilter
    ordering_fields = ["planned_on", "id"]
    ordering = ["planned_on", "id"]

    def scoped(self, user):
        return PlanItem.objects.visible_to(user)


class ComplaintFilter(AccountFilter):
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    open = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull")


class ComplaintViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    serializer_class = ComplaintSerializer
    write_roles = SELLING_ROLES
    filterset_class = ComplaintFilter
    ordering_fields = ["opened_at", "id"]
    ordering = ["-opened_at", "-id"]

    def scoped(self, user):
        return Complaint.objects.visible_to(user)

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        account = get_account_for(self.request.user, fields.pop("account").pk, action=CHANGE)
        fields.setdefault("owner", account.owner)  # as the page's form proposes
        complaint = services.complaint_open(actor=self.request.user, account=account, fields=fields)
        serializer.instance = self.get_queryset().get(pk=complaint.pk)

    @extend_schema(request=ComplaintResolveSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close the complaint (400 when it is closed already); its outcome follows from how
        it ended and how long it took."""
        complaint = self.get_object()
        decision = ComplaintResolveSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.complaint_resolve(actor=request.user, complaint=complaint, **decision.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=complaint.pk)).data)


class TierFilter(AccountFilter):
    abc_tier = django_filters.ChoiceFilter(choices=Tier.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)


class TierViewSet(ReadOnlyViewSet):
    """Each account's current ABC tier, level and score, and the previous ones (``standing``)."""

    serializer_class = TierSerializer
    filterset_class = TierFilter
    ordering_fields = ["score", "account_id"]  # account_id: see CreditPositionViewSet
    ordering = ["account_id"]

    def scoped(self, user):
        return AccountStanding.objects.visible_to(user)


class ScoringRunViewSet(ReadOnlyViewSet):
    """Scoring runs: for admins, as on the runs page (403 for everyone else)."""

    serializer_class = ScoringRunSerializer
    permission_classes = [TokenScope, AdminsOnly]
    ordering_fields = ["as_of", "id"]
    ordering = ["-as_of", "-id"]

    def scoped(self, user):
        return ScoringRun.objects.all()

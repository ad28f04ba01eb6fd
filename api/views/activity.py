"""Visits and planned visits, complaints, tiers and scoring runs: read only (they are written
on their pages)."""

from __future__ import annotations

import django_filters

from scoring.models import AccountStanding, Level, ScoringRun, Tier
from visits.models import Complaint, PlanItem, PlanStatus, Severity, Visit

from ..permissions import AdminsOnly, TokenScope
from ..serializers.activity import (
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


class VisitViewSet(ReadOnlyViewSet):
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    ordering_fields = ["visited_on", "id"]
    ordering = ["-visited_on", "-id"]

    def scoped(self, user):
        return Visit.objects.visible_to(user).prefetch_related("contacts")


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


class ComplaintViewSet(ReadOnlyViewSet):
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    ordering_fields = ["opened_at", "id"]
    ordering = ["-opened_at", "-id"]

    def scoped(self, user):
        return Complaint.objects.visible_to(user)


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

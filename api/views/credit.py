"""Credit: investigations, limit requests and their decisions, limits and exposure.

Filing and deciding go through ``credit.services``; who may decide is
``credit.services.decision_refusal`` (``credit.permissions``), as on the request page: a
rep's token cannot approve (403), nobody decides their own request.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.visibility import get_account_for
from credit import services
from credit.models import (
    CreditInvestigation,
    CreditLimit,
    CreditPosition,
    CreditRequest,
    CreditRequestEvent,
    RequestStatus,
    Route,
)
from users.permissions import DECIDERS, has_role, sells

from ..serializers.credit import (
    ApproveSerializer,
    CommentSerializer,
    CreditInvestigationSerializer,
    CreditLimitSerializer,
    CreditPositionSerializer,
    CreditRequestSerializer,
)
from .base import ReadOnlyViewSet

BIGINT = {"min_value": 1, "max_value": 2**63 - 1}


class AccountFilter(django_filters.FilterSet):
    account = django_filters.NumberFilter(field_name="account_id", **BIGINT)


class CreditInvestigationViewSet(ReadOnlyViewSet):
    serializer_class = CreditInvestigationSerializer
    filterset_class = AccountFilter
    ordering_fields = ["investigated_on", "id"]
    ordering = ["-investigated_on", "-id"]

    def scoped(self, user):
        return CreditInvestigation.objects.visible_to(user)


class CreditRequestFilter(AccountFilter):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    route = django_filters.ChoiceFilter(choices=Route.choices)


class CreditRequestViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """Credit-limit requests of the accounts the caller sees. Reps, managers and admins file
    them; the decision actions answer 403 to anyone whose authority does not cover it."""

    serializer_class = CreditRequestSerializer
    filterset_class = CreditRequestFilter
    ordering_fields = ["submitted_at", "id"]
    ordering = ["-submitted_at", "-id"]

    def scoped(self, user):
        events = CreditRequestEvent.objects.order_by("created_at", "pk")
        return CreditRequest.objects.visible_to(user).prefetch_related(Prefetch("events", events))

    def perform_create(self, serializer):
        if not sells(self.request.user):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        account = get_account_for(self.request.user, data.pop("account").pk)
        created = services.credit_request_submit(account=account, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def _decidable(self) -> CreditRequest:
        """The request, if the caller may decide it: 404 unseen, 403 outside their authority."""
        credit_request = self.get_object()
        if not has_role(self.request.user, DECIDERS):
            raise PermissionDenied
        if credit_request.status == RequestStatus.SUBMITTED and services.decision_refusal(
            self.request.user, credit_request
        ):
            raise PermissionDenied
        return credit_request

    def _answer(self, credit_request: CreditRequest) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=credit_request.pk)).data)

    @extend_schema(request=ApproveSerializer, responses=CreditRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        credit_request = self._decidable()
        decision = ApproveSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.credit_request_approve(request=credit_request, actor=request.user, **decision.validated_data)
        return self._answer(credit_request)

    @extend_schema(request=CommentSerializer, responses=CreditRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        credit_request = self._decidable()
        decision = CommentSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.credit_request_reject(request=credit_request, actor=request.user, **decision.validated_data)
        return self._answer(credit_request)

    @extend_schema(request=CommentSerializer, responses=CreditRequestSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        """Return the request to its requester with questions."""
        credit_request = self._decidable()
        decision = CommentSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.credit_request_return(request=credit_request, actor=request.user, **decision.validated_data)
        return self._answer(credit_request)


class CreditLimitViewSet(ReadOnlyViewSet):
    """Every account's limit history (the latest effective on a day is the limit that day)."""

    serializer_class = CreditLimitSerializer
    filterset_class = AccountFilter
    ordering_fields = ["effective_from", "id"]
    ordering = ["-effective_from", "-id"]

    def scoped(self, user):
        return CreditLimit.objects.visible_to(user)


class CreditPositionFilter(AccountFilter):
    over_limit = django_filters.BooleanFilter(method="filter_over_limit")

    def filter_over_limit(self, queryset, name, value):
        # The overview's "over limit": exposure above the limit in force (none counts as 0).
        over = Q(exposure__gt=Coalesce("credit_limit", Value(Decimal("0"))))
        return queryset.filter(over if value else ~over)


class CreditPositionViewSet(ReadOnlyViewSet):
    """Each account's stored exposure against its limit in force (``credit.positions``)."""

    serializer_class = CreditPositionSerializer
    filterset_class = CreditPositionFilter
    # Not utilisation: a cursor cannot stand on a NULL. account_id, not account: the cursor
    # reads the value from each row, and "account" would load the account.
    ordering_fields = ["exposure", "account_id"]
    ordering = ["account_id"]

    def scoped(self, user):
        return CreditPosition.objects.visible_to(user)

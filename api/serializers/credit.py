"""Credit investigations, limit requests and their decisions, limits and exposure."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Account
from credit.models import (
    CreditInvestigation,
    CreditLimit,
    CreditPosition,
    CreditRequest,
    CreditRequestEvent,
)
from users.bounds import MAX_TERMS_DAYS

from .base import ScopedRelationsSerializer


class CreditInvestigationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditInvestigation
        fields = "__all__"


class CreditRequestEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditRequestEvent
        fields = ["actor", "from_status", "to_status", "comment", "created_at"]  # read only, nested


class CreditRequestSerializer(ScopedRelationsSerializer):
    """A request as filed (``account``, ``requested_limit``, ``payment_terms_days``, ``reason``,
    ``investigation``: one of the account's) with its routing, decision and timeline."""

    events = CreditRequestEventSerializer(many=True, read_only=True)
    scoped_relations = {
        "account": lambda user: Account.objects.visible_to(user),
        "investigation": lambda user: CreditInvestigation.objects.visible_to(user),
    }

    class Meta:
        model = CreditRequest
        fields = [
            "id",
            "account",
            "requested_by",
            "requested_limit",
            "payment_terms_days",
            "reason",
            "investigation",
            "status",
            "route",
            "assigned_manager",
            "submitted_at",
            "approved_limit",
            "approved_terms_days",
            "effective_from",
            "decided_by",
            "decided_at",
            "events",
        ]
        read_only_fields = [
            "requested_by",
            "status",
            "route",
            "assigned_manager",
            "submitted_at",
            "approved_limit",
            "approved_terms_days",
            "effective_from",
            "decided_by",
            "decided_at",
        ]


class ApproveSerializer(serializers.Serializer):
    """An approval: the amount requested unless a lower ``approved_limit`` is given."""

    approved_limit = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    approved_terms_days = serializers.IntegerField(min_value=0, max_value=MAX_TERMS_DAYS, required=False)
    effective_from = serializers.DateField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10_000, default="")
    confirm_below_exposure = serializers.BooleanField(required=False, default=False)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=10_000)


class CreditLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditLimit
        fields = "__all__"


class CreditPositionSerializer(serializers.ModelSerializer):
    """An account's exposure against its limit in force, as of ``as_of`` (``credit.positions``)."""

    class Meta:
        model = CreditPosition
        exclude = ["rank_group"]

"""Visits, planned visits, complaints, tiers and scoring runs: fields only (visits and
complaints are written through ``visits.services``; the rest is read only)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Account
from contacts.models import Contact
from scoring.models import AccountStanding, ScoringRun
from users.selectors import colleagues
from visits.models import CHECKLIST, Complaint, ComplaintOutcome, PlanItem, Visit
from visits.selectors import plan_items_for

from .base import ScopedRelationsSerializer


def read_only(model_class, *names: str) -> type:
    """A serializer of ``names`` of ``model_class`` for the read-only views (its fields are not
    marked read-only, which would drop ``allow_blank`` and the empty choice from the schema)."""
    meta = type("Meta", (), {"model": model_class, "fields": list(names)})
    return type(f"{model_class.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


class VisitSerializer(ScopedRelationsSerializer):
    """A visit as the log records it. Written for the caller (``rep``) on an account they
    may change, with the account's contacts met and, optionally, the ``plan_item`` it
    fulfils (else the nearest open one within a week, as on the page)."""

    plan_item = serializers.PrimaryKeyRelatedField(
        queryset=PlanItem.objects.none(), write_only=True, required=False, allow_null=True
    )
    scoped_relations = {
        "account": lambda user: Account.objects.visible_to(user),
        "contacts": lambda user: Contact.objects.visible_to(user),
        "plan_item": plan_items_for,
    }

    class Meta:
        model = Visit
        fields = [
            "id",
            "account",
            "rep",
            "visited_on",
            "purpose",
            *CHECKLIST,
            "senior_joined",
            "contacts",
            "outcome",
            "next_step",
            "next_follow_up",
            "created_at",
            "plan_item",
        ]
        read_only_fields = ["rep", "created_at"]
        extra_kwargs = {"contacts": {"required": False}}


PlanItemSerializer = read_only(
    PlanItem,
    "id",
    "rep",
    "account",
    "planned_on",
    "time_of_day",
    "senior_should_join",
    "status",
    "suggested",
    "drop_reason",
    "visit",
    "created_at",
)


class ComplaintSerializer(ScopedRelationsSerializer):
    """A complaint. Opened on an account the caller may change; its ``owner`` (by default
    the account's) must be someone who sees the account (the service's rule). Resolved by
    ``/complaints/{id}/resolve/``."""

    scoped_relations = {"account": lambda user: Account.objects.visible_to(user), "owner": lambda user: colleagues()}
    # Read only, yet empty while open: declared so the schema's enum keeps the empty choice.
    outcome = serializers.ChoiceField(choices=ComplaintOutcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "account",
            "subject",
            "description",
            "severity",
            "owner",
            "opened_at",
            "opened_by",
            "resolved_at",
            "outcome",
            "resolution",
        ]
        read_only_fields = ["opened_at", "opened_by", "resolved_at", "outcome", "resolution"]
        extra_kwargs = {"owner": {"required": False}}


class ComplaintResolveSerializer(serializers.Serializer):
    satisfied = serializers.BooleanField(help_text="Whether it was resolved to the customer's satisfaction.")
    resolution = serializers.CharField(max_length=5000)


TierSerializer = read_only(
    AccountStanding,
    "account",
    "abc_tier",
    "level",
    "score",
    "measure",
    "run",
    "previous_abc_tier",
    "previous_level",
    "updated_at",
)
ScoringRunSerializer = read_only(
    ScoringRun,
    "id",
    "as_of",
    "status",
    "trigger",
    "requested_by",
    "previous",
    "created_at",
    "started_at",
    "finished_at",
    "duration_ms",
    "accounts_count",
    "total_measure",
    "error",
)

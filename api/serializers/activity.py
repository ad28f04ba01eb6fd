"""Visits, planned visits, complaints, tiers and scoring runs (read only)."""

from __future__ import annotations

from rest_framework import serializers

from scoring.models import AccountStanding, ScoringRun
from visits.models import Complaint, PlanItem, Visit


def read_only(model_class, *names: str) -> type:
    """A serializer of ``names`` of ``model_class`` for the read-only views (its fields are not
    marked read-only, which would drop ``allow_blank`` and the empty choice from the schema)."""
    meta = type("Meta", (), {"model": model_class, "fields": list(names)})
    return type(f"{model_class.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


VisitSerializer = read_only(
    Visit,
    "id",
    "account",
    "rep",
    "visited_on",
    "purpose",
    "knows_decision_maker",
    "appointment_made",
    "likely_orders_listed",
    "referral_used",
    "objections_prepared",
    "interests_known",
    "senior_joined",
    "contacts",
    "outcome",
    "next_step",
    "next_follow_up",
    "created_at",
)
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
ComplaintSerializer = read_only(
    Complaint,
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
)
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

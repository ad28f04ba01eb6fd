"""Visit cadences and holidays changed on their settings page: saved together, recorded with
their history (``users.business_settings``), and the stored schedule follows at once."""

from __future__ import annotations

from django.db import transaction

from users.business_settings import setting_record

from .models import Cadence, Holiday
from .schedule import schedules_refresh

CADENCES_KEY = "visit_cadences"
HOLIDAYS_KEY = "holidays"
_CADENCE_FIELDS = ("prospect_decision", "tier", "level", "interval_days", "preferred_time", "senior_joins_every")
_HOLIDAY_FIELDS = ("name", "name_zh_hans", "remind_days_before")


def cadences_snapshot() -> list[dict]:
    return [
        {field: getattr(cadence, field) for field in _CADENCE_FIELDS}
        for cadence in Cadence.objects.order_by("prospect_decision", "tier", "level")
    ]


def holidays_snapshot() -> list[dict]:
    return [
        {"date": holiday.date.isoformat(), **{field: getattr(holiday, field) for field in _HOLIDAY_FIELDS}}
        for holiday in Holiday.objects.order_by("date")
    ]


@transaction.atomic
def visit_settings_save(*, actor, cadences, holidays) -> bool:
    """Save the page's two formsets (validated); record what changed and move every account's
    due date to the new cadences. Returns whether anything changed."""
    before = {CADENCES_KEY: cadences_snapshot(), HOLIDAYS_KEY: holidays_snapshot()}
    cadences.save()
    holidays.save()
    after = {CADENCES_KEY: cadences_snapshot(), HOLIDAYS_KEY: holidays_snapshot()}
    for key in (CADENCES_KEY, HOLIDAYS_KEY):
        if after[key] != before[key]:
            setting_record(key=key, value=after[key], previous=before[key], actor=actor)
    if after[CADENCES_KEY] != before[CADENCES_KEY]:
        schedules_refresh()
    return after != before

"""The cadences of docs/visits.md: A weekly in the morning with a senior manager every fourth visit,
B every two weeks, C monthly; prospects by their pursue decision; a monthly default."""

from django.db import migrations

DEFAULTS = [
    # tier, prospect decision, interval days, preferred time, senior joins every n-th visit
    ("", "", 30, "any", 0),
    ("A", "", 7, "morning", 4),
    ("B", "", 14, "any", 0),
    ("C", "", 30, "any", 0),
    ("", "pursue", 14, "any", 0),
    ("", "dont_give_up", 30, "any", 0),
    ("", "give_up", 0, "any", 0),
]


def create(apps, schema_editor):
    cadence = apps.get_model("visits", "Cadence")
    for tier, decision, days, time, senior in DEFAULTS:
        cadence.objects.get_or_create(
            tier=tier,
            level="",
            prospect_decision=decision,
            defaults={"interval_days": days, "preferred_time": time, "senior_joins_every": senior},
        )


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

"""The default pipeline, which an admin may rename, re-weight or extend."""

from django.db import migrations

DEFAULT_STAGES = [
    # (position, name, probability, outcome)
    (10, "Initial contact", 10, "open"),
    (20, "Needs uncovered", 25, "open"),
    (30, "Proposal", 50, "open"),
    (40, "Negotiation", 75, "open"),
    (90, "Won", 100, "won"),
    (99, "Lost", 0, "lost"),
]


def create_stages(apps, schema_editor):
    PipelineStage = apps.get_model("deals", "PipelineStage")
    for position, name, probability, outcome in DEFAULT_STAGES:
        PipelineStage.objects.get_or_create(
            name=name, defaults={"position": position, "probability": probability, "outcome": outcome}
        )


class Migration(migrations.Migration):
    dependencies = [("deals", "0002_opportunities")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]

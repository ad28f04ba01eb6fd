"""The schedule's owner required and indexed with the next due date (the team plan's count of
each rep's overdue accounts reads this index alone). Not atomic, for the VACUUM at the end."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def vacuum(apps, schema_editor):
    # 0006 rewrote every row: until a VACUUM marks the pages all-visible, the index-only count
    # visits the table for every row (40 ms instead of 3 at 50 000 accounts), and a server
    # without autovacuum (the benchmark's) would keep it so.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM ANALYZE visits_visitschedule")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("visits", "0006_visit_schedule_owner"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visitschedule",
            name="owner",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddIndex(
            model_name="visitschedule",
            index=models.Index(fields=["owner", "next_due"], name="visit_schedule_owner_due"),
        ),
        migrations.RunPython(vacuum, migrations.RunPython.noop),
    ]

import django.db.models.deletion
from django.db import migrations, models


def forget_totals_without_regions(apps, schema_editor):
    """The stored totals have no region yet: removed, the dashboard adds up the run's results
    live (``scoring.selectors.owner_figures``' fallback) until the next run or
    ``check_figures --repair`` stores them again by owner and region."""
    apps.get_model("scoring", "OwnerFigure").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("scoring", "0008_standing_measure_index"),
        ("users", "0006_region"),
    ]

    operations = [
        migrations.RunPython(forget_totals_without_regions, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="ownerfigure", name="unique_owner_figure_per_run"),
        migrations.AddField(
            model_name="ownerfigure",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="users.region",
                verbose_name="region",
            ),
        ),
        migrations.AddConstraint(
            model_name="ownerfigure",
            constraint=models.UniqueConstraint(
                fields=("run", "owner", "region", "bucket", "abc_tier", "level", "previous_abc_tier"),
                name="unique_owner_figure_per_run",
            ),
        ),
        migrations.AddConstraint(
            model_name="ownerfigure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("region__isnull", True)),
                fields=("run", "owner", "bucket", "abc_tier", "level", "previous_abc_tier"),
                name="unique_owner_figure_per_run_without_region",
            ),
        ),
    ]

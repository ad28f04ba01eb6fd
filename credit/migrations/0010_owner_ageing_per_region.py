import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BUCKETS = ("not_due_amount", "overdue_1_30", "overdue_31_90", "overdue_over_90")


def add_up_stored_positions(apps, schema_editor):
    """Fill the cache again, now by owner and region, from the positions already stored
    (``credit.ageing`` keeps it after): one grouped query."""
    CreditPosition = apps.get_model("credit", "CreditPosition")
    OwnerAgeing = apps.get_model("credit", "OwnerAgeing")
    rows = (
        CreditPosition.objects.order_by()
        .values("account__owner", "account__region")
        .annotate(**{name: models.Sum(name) for name in BUCKETS})
    )
    OwnerAgeing.objects.bulk_create(
        [OwnerAgeing(owner_id=row.pop("account__owner"), region_id=row.pop("account__region"), **row) for row in rows],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    # The cache was keyed on the owner alone (its primary key): it is made again with its own
    # id and a unique (owner, region).

    dependencies = [
        ("credit", "0009_owner_ageing"),
        ("users", "0006_region"),
        ("accounts", "0011_region_records"),
    ]

    operations = [
        migrations.DeleteModel(name="OwnerAgeing"),
        migrations.CreateModel(
            name="OwnerAgeing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("not_due_amount", models.DecimalField(decimal_places=2, default=0, max_digits=20, verbose_name="not yet due")),
                ("overdue_1_30", models.DecimalField(decimal_places=2, default=0, max_digits=20, verbose_name="1–30 days overdue")),
                ("overdue_31_90", models.DecimalField(decimal_places=2, default=0, max_digits=20, verbose_name="31–90 days overdue")),
                ("overdue_over_90", models.DecimalField(decimal_places=2, default=0, max_digits=20, verbose_name="over 90 days overdue")),
                ("owner", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="owner")),
                ("region", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="users.region", verbose_name="region")),
            ],
            options={
                "verbose_name": "owner's receivables ageing",
                "verbose_name_plural": "owners' receivables ageing",
                "constraints": [
                    models.UniqueConstraint(fields=("owner", "region"), name="unique_owner_ageing_per_region"),
                    models.UniqueConstraint(
                        condition=models.Q(("region__isnull", True)), fields=("owner",), name="unique_owner_ageing_without_region"
                    ),
                ],
            },
        ),
        migrations.RunPython(add_up_stored_positions, migrations.RunPython.noop),
    ]

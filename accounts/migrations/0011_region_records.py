"""The account's free-text region becomes a record (users.Region): each distinct text one
region, coded R0001, R0002… in the text's order, which an admin may rename on the regions page.
The history's rows point at the same records."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left


def texts_to_records(apps, schema_editor):
    Region = apps.get_model("users", "Region")
    models_ = [apps.get_model("accounts", "Account"), apps.get_model("accounts", "HistoricalAccount")]
    texts = set()
    for model in models_:
        texts.update(model.objects.exclude(region_name="").values_list("region_name", flat=True).distinct())
    taken = set(Region.objects.values_list("code", flat=True))
    number = 0
    for text in sorted(texts):
        if not Region.objects.filter(name=text[:100], parent__isnull=True).exists():
            number += 1
            while f"R{number:04d}" in taken:
                number += 1
            Region.objects.create(code=f"R{number:04d}", name=text[:100])
    # One UPDATE per table, each row joined to its region by name: an UPDATE per distinct text
    # scanned both tables once per text (minutes at 50 000 accounts and their history).
    for model in models_:
        region = Region.objects.filter(name=Left(OuterRef("region_name"), 100), parent__isnull=True).order_by("pk")
        model.objects.exclude(region_name="").update(region=Subquery(region.values("pk")[:1]))


def records_to_texts(apps, schema_editor):
    Region = apps.get_model("users", "Region")
    for name in ("Account", "HistoricalAccount"):
        model = apps.get_model("accounts", name)
        name_of_region = Region.objects.filter(pk=OuterRef("region_id")).values("name")
        model.objects.filter(region__isnull=False).update(region_name=Subquery(name_of_region))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_custom_field_values"),
        ("users", "0006_region"),
    ]

    operations = [
        migrations.RenameField("account", "region", "region_name"),
        migrations.RenameField("historicalaccount", "region", "region_name"),
        migrations.AddField(
            model_name="account",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accounts",
                to="users.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="historicalaccount",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="users.region",
                verbose_name="region",
            ),
        ),
        migrations.RunPython(texts_to_records, records_to_texts),
        migrations.RemoveField("account", "region_name"),
        migrations.RemoveField("historicalaccount", "region_name"),
    ]

"""The account's free-text region becomes a record (users.Region): each distinct text one
region, coded R0001, R0002… in the text's order, which an admin may rename on the regions page.
The history's rows point at the same records."""

import django.db.models.deletion
from django.db import migrations, models


def texts_to_records(apps, schema_editor):
    Region = apps.get_model("users", "Region")
    models_ = [apps.get_model("accounts", "Account"), apps.get_model("accounts", "HistoricalAccount")]
    texts = set()
    for model in models_:
        texts.update(model.objects.exclude(region_name="").values_list("region_name", flat=True).distinct())
    taken = set(Region.objects.values_list("code", flat=True))
    number = 0
    for text in sorted(texts):
        region = Region.objects.filter(name=text[:100], parent__isnull=True).first()
        if region is None:
            number += 1
            while f"R{number:04d}" in taken:
                number += 1
            region = Region.objects.create(code=f"R{number:04d}", name=text[:100])
        for model in models_:
            model.objects.filter(region_name=text).update(region=region)


def records_to_texts(apps, schema_editor):
    for name in ("Account", "HistoricalAccount"):
        model = apps.get_model("accounts", name)
        for pk, region_name in model.objects.filter(region__isnull=False).values_list("pk", "region__name"):
            model.objects.filter(pk=pk).update(region_name=region_name)


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

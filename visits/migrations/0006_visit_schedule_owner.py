"""The account's owner on its stored visit schedule, copied from the accounts (the hourly job
would write it too, but the team plan counts by it from the moment the code runs). Made
required and indexed in 0007: PostgreSQL refuses to alter a table with the foreign-key checks
of this migration's UPDATE still pending in the same transaction."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_owners(apps, schema_editor):
    Account = apps.get_model("accounts", "Account")
    VisitSchedule = apps.get_model("visits", "VisitSchedule")
    owner = Account.objects.filter(pk=OuterRef("account_id")).values("owner_id")[:1]
    VisitSchedule.objects.update(owner_id=Subquery(owner))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("visits", "0005_visit_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="visitschedule",
            name="owner",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.RunPython(copy_owners, migrations.RunPython.noop),
    ]

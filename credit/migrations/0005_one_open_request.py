from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0004_spread_write_offs_over_orders'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='creditrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('submitted', 'returned'))), fields=('account',), name='one_open_credit_request_per_account', violation_error_message='This account already has an open credit-limit request: wait for its decision.'),
        ),
    ]

"""Existing write-offs settle orders: each is spread over its account's unpaid orders, oldest
due first, as ``deals.services.order_balances_write_off`` does from now on, so the orders'
outstanding and overdue figures fall with the receivables (the stored figures follow at the
next refresh, or ``check_figures --repair``)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

CENT = Decimal("0.01")


def spread(apps, schema_editor):
    WriteOff = apps.get_model("credit", "WriteOff")
    Order = apps.get_model("deals", "Order")
    OrderWriteOff = apps.get_model("deals", "OrderWriteOff")
    for write_off in WriteOff.objects.order_by("written_off_on", "pk").iterator():
        left = write_off.amount
        orders = Order.objects.filter(account_id=write_off.account_id).exclude(status="cancelled")
        for order in orders.order_by("due_date", "order_date", "pk").prefetch_related("lines", "payments"):
            if left <= 0:
                break
            amount = sum(((line.quantity * line.unit_price).quantize(CENT, ROUND_HALF_UP) for line in order.lines.all()), Decimal(0))
            settled = sum((payment.amount for payment in order.payments.all()), Decimal(0))
            settled += sum(OrderWriteOff.objects.filter(order=order).values_list("amount", flat=True), Decimal(0))
            owed = amount - settled
            if owed > 0:
                part = min(owed, left)
                OrderWriteOff.objects.create(order=order, amount=part, written_off_on=write_off.written_off_on)
                left -= part


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0003_positions_in_cents"),
        ("deals", "0007_order_write_offs_and_cents"),
    ]

    operations = [migrations.RunPython(spread, migrations.RunPython.noop)]

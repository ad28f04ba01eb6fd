"""Products, orders with their lines and payments, opportunities: fields only."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Account
from accounts.money import money_field
from credit.models import CreditHold
from customfields.models import Target
from deals.models import Opportunity, OpportunityContact, Order, OrderLine, Payment, PipelineStage, Product

from .base import CustomValuesField, ScopedRelationsSerializer, owner_choices


def money(**kwargs) -> serializers.DecimalField:
    """A read-only amount as the columns hold it (``accounts.money``)."""
    field = money_field()
    return serializers.DecimalField(
        max_digits=field.max_digits + 4, decimal_places=field.decimal_places, read_only=True, **kwargs
    )


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "code", "name", "category", "unit_price", "unit_cost", "is_active"]
        read_only_fields = fields


class OrderLineSerializer(serializers.ModelSerializer):
    """A line as written: ``product``, ``quantity`` and, unless the list price applies,
    ``unit_price``; read back with its number, cost and amount."""

    amount = money()

    class Meta:
        model = OrderLine
        fields = ["line_number", "product", "quantity", "unit_price", "unit_cost", "amount"]
        read_only_fields = ["line_number", "unit_cost"]
        extra_kwargs = {"unit_price": {"required": False, "allow_null": True}}


class PaymentSerializer(ScopedRelationsSerializer):
    scoped_relations = {"order": lambda user: Order.objects.visible_to(user)}

    class Meta:
        model = Payment
        fields = ["id", "external_id", "order", "amount", "paid_on", "recorded_by", "created_at"]
        read_only_fields = ["external_id", "recorded_by", "created_at"]
        extra_kwargs = {"paid_on": {"required": False}}


class CreditHoldSerializer(serializers.ModelSerializer):
    """Why an order is on hold: the figures that held it, and the decision once taken."""

    class Meta:
        model = CreditHold
        fields = ["message", "exposure", "limit_amount", "status", "created_at", "decided_at", "reason"]
        read_only_fields = fields


class OrderSerializer(ScopedRelationsSerializer):
    """An order with its lines, payments and balance (``with_totals``: the one definition).
    A sale only: returns are entered on the order page. ``credit_hold`` is set when the
    credit limit held the order (``status`` on hold until an approver decides)."""

    lines = OrderLineSerializer(many=True, min_length=1, max_length=500)
    payments = PaymentSerializer(many=True, read_only=True)
    credit_hold = CreditHoldSerializer(read_only=True, allow_null=True)
    number = serializers.CharField(max_length=40, required=False, help_text="Default: the account's next number.")
    amount = money()
    scoped_relations = {"account": lambda user: Account.objects.visible_to(user)}
    paid = money()
    written_off = money()
    outstanding = money()

    class Meta:
        model = Order
        fields = [
            "id",
            "external_id",
            "account",
            "number",
            "order_date",
            "due_date",
            "status",
            "notes",
            "return_of",
            "created_by",
            "created_at",
            "amount",
            "paid",
            "written_off",
            "outstanding",
            "credit_hold",
            "lines",
            "payments",
        ]
        read_only_fields = ["external_id", "status", "return_of", "created_by", "created_at"]
        # The number's uniqueness per account is the model's constraint, checked by the
        # service's full_clean (a serializer validator would also make the number required).
        validators = []


class OpportunityContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpportunityContact
        fields = ["contact", "role"]
        read_only_fields = fields


def _active_stages(user):
    return PipelineStage.objects.filter(is_active=True)


class OpportunitySerializer(ScopedRelationsSerializer):
    """An opportunity with its buying committee (``contacts``, read). Written through
    ``deals.services``: ``owner`` among the people the caller may assign (or the current one),
    ``stage`` among the stages in use; an opportunity stays with its account."""

    contacts = OpportunityContactSerializer(source="committee", many=True, read_only=True)
    scoped_relations = {"account": lambda user: Account.objects.visible_to(user), "stage": _active_stages}
    custom = CustomValuesField(target=Target.OPPORTUNITY)

    def get_fields(self):
        fields = super().get_fields()
        if self.context.get("request") is not None:
            fields["owner"].queryset = owner_choices(self)
        return fields

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "account",
            "name",
            "owner",
            "stage",
            "amount",
            "probability",
            "expected_close",
            "competitors",
            "lost_reason",
            "closed_on",
            "created_at",
            "updated_at",
            "contacts",
            "custom",
        ]
        read_only_fields = ["closed_on", "created_at", "updated_at"]


class OpportunityMoveSerializer(serializers.Serializer):
    """The board's drag and drop: another stage, and why the deal was lost when it was."""

    stage = serializers.PrimaryKeyRelatedField(queryset=PipelineStage.objects.filter(is_active=True))
    lost_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

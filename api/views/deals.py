"""Products, orders with lines and payments, opportunities.

Orders are written by ``deals.services.order_create`` only (the page's path), so the order
guards — the credit-limit hold — judge an API order exactly as a typed one: an order over
the limit is saved on hold and comes back with ``status`` on hold and its ``credit_hold``.
"""

from __future__ import annotations

from functools import partial

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.visibility import CHANGE, get_account_for
from deals import selectors as deal_selectors
from deals import services, sync
from deals.models import Opportunity, OpportunityContact, Order, OrderLine, OrderStatus, Payment, Product
from users.permissions import SELLING_ROLES, has_role

from ..serializers.deals import (
    OpportunityMoveSerializer,
    OpportunitySerializer,
    OrderSerializer,
    PaymentSerializer,
    ProductSerializer,
)
from .base import ReadCreateUpdateViewSet, ReadOnlyViewSet
from .credit import BIGINT, AccountFilter

# An ERP's document id: any text without a slash, as long as the column.
EXTERNAL_ID = "[^/]{1,100}"


def by_external_id_action(serializer, *, put_description: str):
    """The ``by-external-id/<id>`` action with its OpenAPI description: GET reads the object an
    outside system recorded under its id, PUT creates it or returns the one recorded."""

    def decorate(method):
        url_path = f"by-external-id/(?P<external_id>{EXTERNAL_ID})"
        method = action(detail=False, methods=["get", "put"], url_path=url_path)(method)
        method = extend_schema(methods=["get"], responses=serializer)(method)
        return extend_schema(
            methods=["put"],
            request=serializer,
            responses={200: serializer, 201: serializer},
            description=put_description,
        )(method)

    return decorate


class ByExternalIdMixin:
    """The ERP's upsert by its own id (``by_external_id_action``): PUT is idempotent, so a
    nightly sync can run again safely. A view says how to write in its ``upsert(data, *,
    external_id)``: create the object from validated ``data``, or find the one recorded under
    ``external_id`` (409 if it differs), returning ``(object to answer with, created)``."""

    def get_or_upsert(self, request, external_id: str) -> Response:
        if request.method == "GET":
            return Response(self.get_serializer(get_object_or_404(self.get_queryset(), external_id=external_id)).data)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance, created = self.upsert(serializer.validated_data, external_id=external_id)
        data = self.get_serializer(instance).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100)
    category = django_filters.CharFilter(max_length=100)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Product
        fields = ["q", "category", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=deal_selectors.product_list(search=value).values("pk"))


class ProductViewSet(ReadOnlyViewSet):
    """The catalogue (every user sees it, as on the products page)."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]

    def scoped(self, user):
        return Product.objects.all()


class OrderFilter(AccountFilter):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    order_date_from = django_filters.DateFilter(field_name="order_date", lookup_expr="gte")
    order_date_to = django_filters.DateFilter(field_name="order_date", lookup_expr="lte")


def orders_for(user):
    """The orders ``user`` sees with their totals, lines, payments and hold: three queries for
    a page of any size (the orders with their totals and hold, their lines, their payments)."""
    return (
        Order.objects.visible_to(user)
        .with_totals()
        .select_related("credit_hold")
        .prefetch_related(
            Prefetch("lines", OrderLine.objects.order_by("line_number")),
            Prefetch("payments", Payment.objects.order_by("paid_on", "pk")),
        )
    )


class OrderViewSet(ByExternalIdMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Orders of the accounts the caller sees. Creating one needs a selling role and the right
    to change the account (403 otherwise, 404 for an account the caller does not see)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    ordering_fields = ["order_date", "id"]
    ordering = ["-order_date", "-id"]

    def scoped(self, user):
        return orders_for(user)

    def perform_create(self, serializer):
        order = order_create_from(serializer.validated_data, user=self.request.user)
        serializer.instance = self.get_queryset().get(pk=order.pk)

    @by_external_id_action(
        OrderSerializer,
        put_description="Create the order with this external id, or return the one recorded (409 if it differs).",
    )
    def by_external_id(self, request, external_id: str):
        """The ERP's upsert: PUT is idempotent, so a nightly sync can run again safely."""
        return self.get_or_upsert(request, external_id)

    def upsert(self, data: dict, *, external_id: str):
        order, created = order_create_from(
            data, user=self.request.user, upsert=partial(sync.order_upsert, external_id=external_id)
        )
        return self.get_queryset().get(pk=order.pk), created


def order_create_from(data: dict, *, user, upsert=None):
    """``deals.services.order_create`` (or ``upsert``: ``deals.sync.order_upsert``) with an API
    order's validated fields, for ``user``: a selling role and the right to change the account."""
    if not has_role(user, SELLING_ROLES):
        raise PermissionDenied
    account = get_account_for(user, data["account"].pk, action=CHANGE)
    lines = [
        services.LineInput(product_id=line["product"].pk, quantity=line["quantity"], unit_price=line.get("unit_price"))
        for line in data["lines"]
    ]
    return (upsert or services.order_create)(
        account=account,
        actor=user,
        number=data.get("number") or deal_selectors.next_order_number(account),
        order_date=data["order_date"],
        due_date=data.get("due_date"),
        notes=data.get("notes", ""),
        lines=lines,
    )


class PaymentFilter(django_filters.FilterSet):
    order = django_filters.NumberFilter(field_name="order_id", **BIGINT)


class PaymentViewSet(ByExternalIdMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Payments on the orders the caller sees; recorded by ``deals.services.payment_record``
    (never more than the order owes, none on an order on hold), as on the order page."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    ordering_fields = ["paid_on", "id"]
    ordering = ["-paid_on", "-id"]

    def scoped(self, user):
        return Payment.objects.filter(order__in=Order.objects.visible_to(user).values("pk"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        payment = services.payment_record(
            order=data["order"], actor=self.request.user, amount=data["amount"], paid_on=data.get("paid_on")
        )
        serializer.instance = payment

    @by_external_id_action(
        PaymentSerializer,
        put_description="Record the payment with this external id, or return the one recorded (409 if it differs).",
    )
    def by_external_id(self, request, external_id: str):
        return self.get_or_upsert(request, external_id)

    def upsert(self, data: dict, *, external_id: str):
        return sync.payment_upsert(
            external_id=external_id,
            order=data["order"],
            actor=self.request.user,
            amount=data["amount"],
            paid_on=data.get("paid_on"),
        )


class OpportunityFilter(AccountFilter):
    stage = django_filters.NumberFilter(field_name="stage_id", **BIGINT)
    open = django_filters.BooleanFilter(field_name="closed_on", lookup_expr="isnull")


class OpportunityViewSet(ReadCreateUpdateViewSet):
    """Opportunities with their contacts in buying roles. Written as on the board, through
    ``deals.services``, by those who sell: created on an account they may change (403 for
    one they only see), updated or moved when they see it (404 otherwise)."""

    serializer_class = OpportunitySerializer
    write_roles = SELLING_ROLES
    filterset_class = OpportunityFilter
    ordering_fields = ["amount", "id"]  # not expected_close: a cursor cannot stand on a NULL
    ordering = ["-id"]

    def scoped(self, user):
        return Opportunity.objects.visible_to(user).prefetch_related(
            Prefetch("committee", OpportunityContact.objects.order_by("pk"))
        )

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        account = get_account_for(self.request.user, fields.pop("account").pk, action=CHANGE)
        opportunity = services.opportunity_create(account=account, actor=self.request.user, fields=fields)
        serializer.instance = self.get_queryset().get(pk=opportunity.pk)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        if fields.pop("account", serializer.instance.account) != serializer.instance.account:
            raise ValidationError({"account": [_("An opportunity stays with its account.")]})
        services.opportunity_update(opportunity=serializer.instance, actor=self.request.user, fields=fields)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=OpportunityMoveSerializer, responses=OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the opportunity to another stage (the board's drag and drop): a lost stage
        needs a reason, a closed one dates the closing."""
        opportunity = self.get_object()
        move = OpportunityMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        services.opportunity_move(opportunity=opportunity, actor=request.user, **move.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=opportunity.pk)).data)

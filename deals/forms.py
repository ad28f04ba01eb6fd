from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import BuyingRole, Contact
from customfields.forms import CustomFieldsMixin, filter_fields
from customfields.models import Target
from users.bounds import MAX_QUANTITY, MAX_UNIT_AMOUNT, DateField, validate_line_amount, within
from users.bounds import formfield as bounded_formfield
from users.models import User
from users.selectors import assignable_owners

from .importing import FIELDS as IMPORT_FIELDS
from .importing import REQUIRED as IMPORT_REQUIRED
from .models import Opportunity, Order, PipelineStage, Product
from .services import LineInput


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=40)
    order_date = DateField(label=_("Order date"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: 30 days after the order date."),
    )
    return_of = forms.CharField(
        label=_("Return of order"),
        max_length=40,
        required=False,
        help_text=_("For a return: the number of the order whose goods come back (its lines are negative)."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["order_date"].initial = timezone.localdate

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if Order.objects.filter(account=self.account, number=number).exists():
            raise forms.ValidationError(_("This account already has an order with this number."))
        return number

    def clean_return_of(self) -> Order | None:
        number = self.cleaned_data["return_of"].strip()
        if not number:
            return None
        order = Order.objects.filter(account=self.account, number=number).first()
        if order is None:
            raise forms.ValidationError(_("This account has no order with this number."))
        return order

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("order_date") and data["due_date"] < data["order_date"]:
            self.add_error("due_date", _("The due date cannot be before the order date."))
        return data


class OrderLineForm(forms.Form):
    # A code typed or picked from the page's one <datalist>: a <select> per line would
    # repeat thousands of products in every row.
    product = forms.CharField(
        label=_("Product"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "product-options", "autocomplete": "off"}),
        help_text=_("Type a product code or part of its name."),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=3,
        required=False,
        validators=within(MAX_QUANTITY),
        help_text=_("Negative for a return."),
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=14,
        decimal_places=4,
        min_value=0,
        required=False,
        validators=within(MAX_UNIT_AMOUNT),
        help_text=_("Empty: the product's list price (on a return, the price sold at)."),
    )

    def clean(self):
        data = super().clean()
        data["product"] = (data.get("product") or "").strip()
        if not data["product"] and data.get("quantity") is None:
            return data  # an empty row
        if not data["product"]:
            self.add_error("product", _("Choose a product."))
        if data.get("quantity") in (None, Decimal("0")):
            self.add_error("quantity", _("Enter a quantity other than zero."))
        try:
            validate_line_amount(data.get("quantity"), data.get("unit_price"))
        except forms.ValidationError as error:
            self.add_error("unit_price", error)
        return data


class BaseOrderLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        codes = {form.cleaned_data["product"] for form in self.forms if form.cleaned_data.get("product")}
        self.product_ids = dict(Product.objects.filter(code__in=codes, is_active=True).values_list("code", "pk"))
        for form in self.forms:
            code = form.cleaned_data.get("product")
            if code and code not in self.product_ids:
                form.add_error("product", _("No active product has this code."))
        if any(self.errors):
            return
        if not self.line_inputs():
            raise forms.ValidationError(_("An order needs at least one line."))

    def line_inputs(self) -> list[LineInput]:
        return [
            LineInput(
                product_id=self.product_ids[form.cleaned_data["product"]],
                quantity=form.cleaned_data["quantity"],
                unit_price=form.cleaned_data.get("unit_price"),
            )
            for form in self.forms
            if form.cleaned_data.get("product")
        ]


OrderLineFormSet = formset_factory(OrderLineForm, formset=BaseOrderLineFormSet, extra=3, max_num=100, validate_max=True)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate
        for field in self.fields.values():  # rendered by deals/_payment_fields.html, not crispy (2 ms a form)
            field.widget.attrs["class"] = "form-control"


class OpportunityForm(CustomFieldsMixin, forms.ModelForm):
    custom_target = Target.OPPORTUNITY

    class Meta:
        formfield_callback = bounded_formfield
        model = Opportunity
        fields = ["name", "owner", "stage", "amount", "probability", "expected_close", "competitors", "lost_reason"]
        widgets = {
            "expected_close": forms.DateInput(attrs={"type": "date"}),
            "lost_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_owners(user) | User.objects.filter(pk=self.instance.owner_id)
        self.fields["stage"].queryset = PipelineStage.objects.filter(is_active=True).order_by("position")
        if not self.instance.pk:
            self.fields["owner"].initial = user
            self.fields["stage"].initial = self.fields["stage"].queryset.first()

    def opportunity_fields(self) -> dict:
        return {**{name: self.cleaned_data[name] for name in self.Meta.fields}, "custom": self.custom_values()}


class OpportunityMoveForm(forms.Form):
    stage = forms.ModelChoiceField(queryset=PipelineStage.objects.filter(is_active=True))
    lost_reason = forms.CharField(required=False, max_length=2000)


class OpportunityFilterForm(forms.Form):
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=PipelineStage.objects.order_by("position"),
        required=False,
        empty_label=_("All stages"),
    )
    open = forms.BooleanField(label=_("Open only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.custom_definitions = filter_fields(self, Target.OPPORTUNITY)

    def selector_arguments(self) -> dict:
        """The list's and the export's filters (``pipeline.opportunity_list``)."""
        data = self.cleaned_data if self.is_valid() else {}
        custom = tuple(
            (definition, data[definition.name])
            for definition in self.custom_definitions
            if data.get(definition.name) not in (None, "")
        )
        return {"stage": data.get("stage"), "open_only": bool(data.get("open")), "custom": custom}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Order file"),
        help_text=_("CSV (any common encoding, also .gz, .xz or .bz2) or Excel (.xlsx)."),
    )


class ImportMappingForm(forms.Form):
    """Which column of the file holds each field; whether to create what is missing."""

    create_missing = forms.BooleanField(label=_("Create missing accounts and products"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner of new accounts"), queryset=User.objects.none(), required=False)
    payment_days = forms.IntegerField(
        label=_("Payment days"),
        min_value=0,
        max_value=3650,
        required=False,
        help_text=_("Due date: this many days after the order date. Empty: no due date."),
    )
    mark_paid = forms.BooleanField(
        label=_("The orders are settled"),
        required=False,
        help_text=_("Record a payment of each order's amount, so old orders do not show as owed."),
    )

    def __init__(self, *args, headers, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((header, header) for header in headers)]
        labels = {
            "account_code": _("Account code"),
            "account_name": _("Account name"),
            "order_number": _("Order number"),
            "order_date": _("Order date"),
            "product_code": _("Product code"),
            "product_name": _("Product name"),
            "quantity": _("Quantity"),
            "unit_price": _("Unit price"),
            "unit_cost": _("Unit cost"),
        }
        mapped = {}
        for name in IMPORT_FIELDS:
            mapped[name] = forms.ChoiceField(label=labels[name], choices=choices, required=name in IMPORT_REQUIRED)
        self.fields = {**mapped, **self.fields}
        self.fields["owner"].queryset = assignable_owners(user)

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in IMPORT_FIELDS}

    def clean(self):
        data = super().clean()
        if data.get("create_missing") and not data.get("owner"):
            self.add_error("owner", _("Say who owns the accounts created from the file."))
        return data


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    high_profit = forms.BooleanField(label=_("High-profit only"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *((name, name) for name in categories)]

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "category": data.get("category") or "",
            "high_profit_only": bool(data.get("high_profit")),
        }


class OpportunityContactForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none())
    role = forms.ChoiceField(label=_("Buying role on this deal"), choices=BuyingRole.choices)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts

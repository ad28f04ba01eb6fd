from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import DATE, TEXT
from customfields.forms import CustomFieldsMixin
from customfields.models import Target
from users.bounds import formfield as bounded_formfield
from users.models import User
from users.selectors import assignable_owners, colleagues

from .models import BuyingRole, Contact, LinkStrength
from .selectors import WARNINGS

# What a rep needs to work the buying committee comes first; the personal file is folded below.
FIRST_FIELDS = ("name", "title", "roles", "stance", "influence")
PERSONAL_FILE = ("birthday", "hobbies", "family", "education", "personality")


class ContactForm(CustomFieldsMixin, forms.ModelForm):
    custom_target = Target.CONTACT
    roles = forms.MultipleChoiceField(
        label=_("Buying roles"),
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A contact may hold several roles."),
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = Contact
        fields = [
            "name",
            "english_name",
            "title",
            "department",
            "layer",
            "reports_to",
            "stance",
            "backed_competitor",
            "influence",
            "relationship_strength",
            "relationship_owner",
            "mobile",
            "phone",
            "email",
            "wechat",
            "birthday",
            "last_contact_date",
            "hobbies",
            "family",
            "education",
            "personality",
        ]
        widgets = {
            "birthday": DATE,
            "last_contact_date": DATE,
            "hobbies": TEXT,
            "family": TEXT,
            "personality": TEXT,
        }

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        others = account.contacts.filter(left_company=False)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["roles"].initial = list(self.instance.roles.active().values_list("role", flat=True))
        self.fields["reports_to"].queryset = others.order_by("name")
        self.fields["backed_competitor"].queryset = account.competitors.order_by("name")
        self.fields["relationship_owner"].queryset = colleagues()
        self.helper = FormHelper()
        self.helper.layout = self._layout()
        self.helper.add_input(Submit("save", _("Save")))

    def _layout(self) -> Layout:
        middle = [name for name in self.Meta.fields if name not in FIRST_FIELDS + PERSONAL_FILE]
        # Open when one of its fields is refused, so the error is not hidden.
        opened = " or ".join(f"form.{name}.errors" for name in PERSONAL_FILE)
        return Layout(
            *FIRST_FIELDS,
            *middle,
            *(definition.name for definition in self.custom_definitions),
            HTML(
                format_html(
                    '<details class="mb-3" id="personal-file"{{% if {} %}} open{{% endif %}}>'
                    '<summary class="mb-2">{}</summary>',
                    opened,
                    _("Personal file: birthday, hobbies, family, education, personality"),
                )
            ),
            *PERSONAL_FILE,
            HTML("</details>"),
        )

    def contact_fields(self) -> dict:
        return {**{name: self.cleaned_data[name] for name in self.Meta.fields}, "custom": self.custom_values()}


class InfluenceLinkForm(forms.Form):
    """Who sways whom, among ``contacts`` (the account's current contacts). The committee tab
    writes this form by hand from the contacts it has already read, to keep its query count."""

    source = forms.ModelChoiceField(label=_("Influencer"), queryset=Contact.objects.none())
    target = forms.ModelChoiceField(label=_("Influences"), queryset=Contact.objects.none())
    strength = forms.TypedChoiceField(label=_("Strength"), choices=LinkStrength.choices, coerce=int)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = contacts
        self.fields["target"].queryset = contacts


class CoverageFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    warning = forms.ChoiceField(
        label=_("Warning"),
        required=False,
        choices=[("", _("All accounts")), *WARNINGS.items()],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_owners(user)
        self.fields["owner"].empty_label = _("All owners")
        self.fields["owner"].widget.attrs["class"] = "form-select"
        self.fields["warning"].widget.attrs["class"] = "form-select"

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "owner": data.get("owner"),
            "warning": data.get("warning") or "",
        }

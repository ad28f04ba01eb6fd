"""Accounts and contacts as the API shows them: fields only, no rule (the services hold those)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import BASIC_FIELDS, IMPORTANT_FIELDS, PROCESS_FIELDS, Account, AccountPlan, Competitor
from contacts.models import BuyingRole, Contact, ContactRole, InfluenceLink
from customfields.models import Target
from users.selectors import colleagues, sales_people

from .base import CustomValuesField, ScopedRelationsSerializer, owner_choices


class AccountSerializer(serializers.ModelSerializer):
    """Three of the archive's four layers; the fourth, core info, has its own endpoint
    (``/accounts/{id}/core-info/``), so that every read of it is checked and logged.

    Written through ``accounts.services``: ``owner`` among the people the caller may assign
    (or the current one); another owner or a ``team`` needs the right to reassign the
    account (403). (Its fields are not marked read-only: DRF would then drop ``allow_blank``
    and the schema would leave the empty choice out of their enums.)"""

    team = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=sales_people()),
        max_length=100,
        write_only=True,
        required=False,
        help_text="The account team (reps and managers), the whole set; needs the right to reassign.",
    )
    custom = CustomValuesField(target=Target.ACCOUNT)

    def get_fields(self):
        fields = super().get_fields()
        if self.context.get("may_reassign") is False:
            # Any seller is a choice here: that the caller may give the account no other
            # owner is the service's answer (403), as on the page, not an unknown id (400).
            fields["owner"].queryset = sales_people()
        elif self.context.get("request") is not None:
            fields["owner"].queryset = owner_choices(self)
        return fields

    class Meta:
        model = Account
        fields = [
            "id",
            *BASIC_FIELDS,
            *IMPORTANT_FIELDS,
            *PROCESS_FIELDS,
            "basic_updated_at",
            "important_updated_at",
            "process_updated_at",
            "created_at",
            "updated_at",
            "team",
            "custom",
        ]
        read_only_fields = ["basic_updated_at", "important_updated_at", "process_updated_at"]


class CoreInfoSerializer(serializers.ModelSerializer):
    """The account plan; an account without one reads as an empty plan never updated."""

    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = AccountPlan
        exclude = ["id", "reminded_for"]  # the reminder job's claim, not part of the plan
        read_only_fields = ["account"]


class ContactRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactRole
        fields = ["role", "started_on", "ended_on"]


class InfluenceLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = InfluenceLink
        fields = ["target", "strength"]


def _visible_accounts(user):
    return Account.objects.visible_to(user)


def _visible_contacts(user):
    return Contact.objects.visible_to(user)


def _visible_competitors(user):
    return Competitor.objects.visible_to(user)


class ContactSerializer(ScopedRelationsSerializer):
    """A contact with the buying roles they hold now (``current_roles``; written as ``roles``,
    the whole set: a role left out is ended), every role they held (``role_history``) and whom
    they influence (``influences``, read-only: written on the committee tab)."""

    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=BuyingRole.choices),
        max_length=len(BuyingRole),
        write_only=True,
        required=False,
    )
    current_roles = serializers.SerializerMethodField()
    scoped_relations = {
        "account": _visible_accounts,
        "reports_to": _visible_contacts,
        "backed_competitor": _visible_competitors,
        "relationship_owner": lambda user: colleagues(),
    }
    role_history = ContactRoleSerializer(source="roles_all", many=True, read_only=True)
    influences = InfluenceLinkSerializer(many=True, read_only=True)
    custom = CustomValuesField(target=Target.CONTACT)

    class Meta:
        model = Contact
        fields = [
            "id",
            "account",
            "name",
            "english_name",
            "title",
            "department",
            "layer",
            "mobile",
            "phone",
            "email",
            "wechat",
            "birthday",
            "hobbies",
            "family",
            "education",
            "personality",
            "reports_to",
            "stance",
            "backed_competitor",
            "influence",
            "relationship_strength",
            "relationship_owner",
            "last_contact_date",
            "left_company",
            "left_on",
            "roles",
            "current_roles",
            "role_history",
            "influences",
            "custom",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["left_company", "left_on", "created_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=BuyingRole.choices)))
    def get_current_roles(self, contact: Contact) -> list[str]:
        return sorted(role.role for role in contact.roles_all if role.ended_on is None)

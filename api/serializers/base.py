from __future__ import annotations

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, empty

from customfields import values as custom_values
from users.models import User
from users.selectors import assignable_owners


def owner_choices(serializer: serializers.Serializer):
    """Who may be written as an owner: the people the caller may assign, and the current owner
    (as the pages' forms offer them). Whether the owner may change at all is the service's."""
    user = serializer.context["request"].user
    if not user.is_authenticated:  # the schema's generation
        return User.objects.none()
    owners = assignable_owners(user)
    owner_id = getattr(serializer.instance, "owner_id", None)
    return owners | User.objects.filter(pk=owner_id) if owner_id else owners


class ScopedRelationsSerializer(serializers.ModelSerializer):
    """A serializer whose related-object fields accept only what the caller may use.

    ``scoped_relations`` maps a field to ``queryset_for(user)`` (built on ``visible_to`` /
    ``restrict``): an id outside it is refused like an id that does not exist, so a write
    cannot tell whether another team's object exists.
    """

    scoped_relations: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for name, queryset_for in self.scoped_relations.items():
            if name in fields and request is not None and not fields[name].read_only:
                # A to-many relation holds its queryset on the field of one item.
                field = getattr(fields[name], "child_relation", fields[name])
                user = request.user  # anonymous while the schema is generated
                field.queryset = queryset_for(user) if user.is_authenticated else field.queryset.none()
        return fields


@extend_schema_field({"type": "object", "additionalProperties": True})
class CustomValuesField(serializers.Field):
    """A record's custom fields (customfields) as ``{key: value}``: numbers and dates as text
    (``"1250.5"``, ``"2026-03-01"``), yes/no as a boolean. A write gives the keys it changes
    (``null`` empties one), checked by ``customfields.values.validated``: each value by the
    field's own form field, an unknown key refused, a required field left empty named (400),
    whether ``custom`` is sent or not. The definitions are read once per serializer, not once
    per row."""

    def __init__(self, *, target: str, **kwargs):
        self.target = target
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    @functools.cached_property
    def definitions(self) -> dict:
        return {definition.key: definition for definition in custom_values.definitions(self.target)}

    def to_representation(self, value) -> dict:
        value = value or {}
        return {key: value[key] for key in self.definitions if key in value}

    def validate_empty_values(self, data):
        if data is empty:
            # Not written, yet the record must hold its required fields after a create or
            # a PATCH of its other fields, as after the form.
            self._validated({})
            raise SkipField
        return super().validate_empty_values(data)

    def to_internal_value(self, data) -> dict:
        if not isinstance(data, dict) or len(data) > len(self.definitions):
            raise serializers.ValidationError(_("Give an object of the custom fields' keys and values."))
        return self._validated(data)

    def _validated(self, data: dict) -> dict:
        stored = getattr(self.parent.instance, "custom", None) if self.parent.instance is not None else {}
        try:
            return custom_values.validated(list(self.definitions.values()), stored, data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None

from __future__ import annotations

from rest_framework import serializers

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

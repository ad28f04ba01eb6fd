from __future__ import annotations

from rest_framework import serializers


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
                fields[name].queryset = queryset_for(request.user)
        return fields

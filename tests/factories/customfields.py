import factory

from customfields.models import FieldDefinition, FieldType, Target

__all__ = ["FieldDefinitionFactory"]


class FieldDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldDefinition

    target = Target.ACCOUNT
    key = factory.Sequence(lambda n: f"field_{n}")
    label = factory.Sequence(lambda n: f"Field {n}")
    type = FieldType.TEXT

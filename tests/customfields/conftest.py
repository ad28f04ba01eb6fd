import pytest

from customfields.models import FieldType, Target
from tests.factories import FieldDefinitionFactory


@pytest.fixture
def account_fields(db):
    """One custom field of each type on accounts, by type."""
    return {
        "text": FieldDefinitionFactory(key="erp_ref", label="ERP reference", type=FieldType.TEXT),
        "number": FieldDefinitionFactory(key="fleet", label="Fleet size", type=FieldType.NUMBER, required=True),
        "date": FieldDefinitionFactory(key="audit_on", label="Last audit", type=FieldType.DATE),
        "choice": FieldDefinitionFactory(
            key="region_code", label="Sales region", type=FieldType.CHOICE, choices=["East", "West"]
        ),
        "yes_no": FieldDefinitionFactory(key="framework", label="Framework agreement", type=FieldType.YES_NO),
    }


@pytest.fixture
def contact_field(db):
    return FieldDefinitionFactory(target=Target.CONTACT, key="badge", label="Badge colour")

"""The customer archive (客户档案): the account and its four layers — basic, important and
process info on ``Account`` with its team, stages, competitors, financial years and
negotiations, and core info in the ``AccountPlan`` — plus the users' saved list filters.

One module per subject; this package names every model and vocabulary, as Django and the
callers expect (``accounts.models.Account``)."""

from .account import (
    BASIC_FIELDS,
    IMPORTANT_FIELDS,
    PROCESS_FIELDS,
    Account,
    AccountTeamMember,
    RelationshipStageReached,
)
from .archive import Competitor, FinancialYear, NegotiationRecord
from .choices import (
    CooperationAttitude,
    Industry,
    KeyAccountType,
    Level,
    Lifecycle,
    OrganisationForm,
    ProspectDecision,
    RelationshipStage,
    TeamRole,
)
from .plan import PLAN_SECTIONS, AccountPlan, CoreInfoAccess
from .saved_filters import SavedFilter

__all__ = [
    "BASIC_FIELDS",
    "IMPORTANT_FIELDS",
    "PLAN_SECTIONS",
    "PROCESS_FIELDS",
    "Account",
    "AccountPlan",
    "AccountTeamMember",
    "Competitor",
    "CooperationAttitude",
    "CoreInfoAccess",
    "FinancialYear",
    "Industry",
    "KeyAccountType",
    "Level",
    "Lifecycle",
    "NegotiationRecord",
    "OrganisationForm",
    "ProspectDecision",
    "RelationshipStage",
    "RelationshipStageReached",
    "SavedFilter",
    "TeamRole",
]

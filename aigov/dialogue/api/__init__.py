"""/api/dialogue/: incident reports (read by confidentiality, filed by focal points), sessions.

Every read goes through `aigov.dialogue.selectors`, narrowed to what the caller may read: a
report the caller may not read is answered 404 exactly like a missing one.
"""

from ninja import Router

from aigov.dialogue.api import incidents, practices, sessions, statements
from aigov.dialogue.api.incidents import (
    DuplicateOut,
    GroupCountOut,
    IncidentEditIn,
    IncidentIn,
    IncidentOut,
    IncidentStatsOut,
    LinkIn,
    PublishIn,
    WithdrawIn,
)
from aigov.dialogue.api.practices import DialogueReviewIn, PracticeIn, PracticeLinksIn, PracticeOut
from aigov.dialogue.api.sessions import (
    AgendaItemIn,
    AgendaItemOut,
    BalanceOut,
    BalanceRowOut,
    LinkedRecordOut,
    RegistrationIn,
    RegistrationOut,
    SegmentIn,
    SegmentOut,
    SessionDetailOut,
    SessionEditIn,
    SessionIn,
    SessionOut,
)
from aigov.dialogue.api.shared import (
    ISO_DATE,
    PK,
    ConfidentialityLevel,
    IsoDate,
    LongTranslations,
    ObjectIn,
    Slug,
    Translations,
    patch_field,
)
from aigov.dialogue.api.statements import DocumentOut, StatementIn, StatementOut

# Each sub-domain declares its routes on a router of its own (one path never spans two); they
# are joined here without a prefix, in the order the URL patterns and OpenAPI paths follow.
router = Router(tags=["dialogue"])
router.add_router("", incidents.router)
router.add_router("", sessions.router)
router.add_router("", statements.router)
router.add_router("", practices.router)

__all__ = [
    "ISO_DATE",
    "PK",
    "AgendaItemIn",
    "AgendaItemOut",
    "BalanceOut",
    "BalanceRowOut",
    "ConfidentialityLevel",
    "DialogueReviewIn",
    "DocumentOut",
    "DuplicateOut",
    "GroupCountOut",
    "IncidentEditIn",
    "IncidentIn",
    "IncidentOut",
    "IncidentStatsOut",
    "IsoDate",
    "LinkIn",
    "LinkedRecordOut",
    "LongTranslations",
    "ObjectIn",
    "PracticeIn",
    "PracticeLinksIn",
    "PracticeOut",
    "PublishIn",
    "RegistrationIn",
    "RegistrationOut",
    "SegmentIn",
    "SegmentOut",
    "SessionDetailOut",
    "SessionEditIn",
    "SessionIn",
    "SessionOut",
    "Slug",
    "StatementIn",
    "StatementOut",
    "Translations",
    "WithdrawIn",
    "patch_field",
    "router",
]

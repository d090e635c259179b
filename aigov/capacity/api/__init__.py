"""/api/capacity/: the catalogue, the network, learners' own progress, credential verification."""

from ninja import Router

from aigov.capacity.api import (
    catalogue,
    courses,
    credentials,
    learning,
    matchmaking,
    network,
    readiness,
    reporting,
)
from aigov.capacity.api.catalogue import (
    CataloguePage,
    OfferingFilterIn,
    OfferingIn,
    OfferingOut,
    OfferingPatch,
    Texts,
)
from aigov.capacity.api.courses import CourseContentIn
from aigov.capacity.api.credentials import CredentialOut, CredentialVerificationOut
from aigov.capacity.api.learning import EnrolmentOut
from aigov.capacity.api.matchmaking import (
    CapacityLimitIn,
    IntroductionIn,
    IntroductionOut,
    IntroductionStatusIn,
    NeedIn,
    NeedMatchOut,
    NeedOut,
    NeedStatusIn,
    OfferIn,
    OfferOut,
    OfferStatusIn,
)
from aigov.capacity.api.network import CapacityNodeOut
from aigov.capacity.api.readiness import (
    ReadinessAssessmentChangeIn,
    ReadinessAssessmentFilterIn,
    ReadinessAssessmentIn,
    ReadinessAssessmentOut,
    ReadinessConsentIn,
    ReadinessDimensionOut,
    ReadinessGapOut,
    ReadinessGapQuestionOut,
    ReadinessInstrumentOut,
    ReadinessQuestionOut,
    RoadmapNodeOut,
    RoadmapOfferingOut,
    RoadmapOut,
)
from aigov.capacity.api.reporting import PeopleTrainedRowOut
from aigov.capacity.api.shared import (
    BCP47_PATTERN,
    ISO3_PATTERN,
    ISO_MOMENT,
    AudienceName,
    IsoMoment,
    KindName,
)

# Each sub-domain declares its routes on a router of its own (one path never spans two); they
# are joined here without a prefix, in the order the URL patterns and OpenAPI paths follow.
router = Router(tags=["capacity"])
router.add_router("", catalogue.router)
router.add_router("", courses.router)
router.add_router("", network.router)
router.add_router("", learning.router)
router.add_router("", credentials.router)
router.add_router("", readiness.router)
router.add_router("", matchmaking.router)
router.add_router("", reporting.router)

__all__ = [
    "BCP47_PATTERN",
    "ISO3_PATTERN",
    "ISO_MOMENT",
    "AudienceName",
    "CapacityLimitIn",
    "CapacityNodeOut",
    "CataloguePage",
    "CourseContentIn",
    "CredentialOut",
    "CredentialVerificationOut",
    "EnrolmentOut",
    "IntroductionIn",
    "IntroductionOut",
    "IntroductionStatusIn",
    "IsoMoment",
    "KindName",
    "NeedIn",
    "NeedMatchOut",
    "NeedOut",
    "NeedStatusIn",
    "OfferIn",
    "OfferOut",
    "OfferStatusIn",
    "OfferingFilterIn",
    "OfferingIn",
    "OfferingOut",
    "OfferingPatch",
    "PeopleTrainedRowOut",
    "ReadinessAssessmentChangeIn",
    "ReadinessAssessmentFilterIn",
    "ReadinessAssessmentIn",
    "ReadinessAssessmentOut",
    "ReadinessConsentIn",
    "ReadinessDimensionOut",
    "ReadinessGapOut",
    "ReadinessGapQuestionOut",
    "ReadinessInstrumentOut",
    "ReadinessQuestionOut",
    "RoadmapNodeOut",
    "RoadmapOfferingOut",
    "RoadmapOut",
    "Texts",
    "router",
]

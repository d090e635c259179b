"""The capacity development network: nodes, providers, the catalogue, learning and credentials.

Sources: HLAB Recommendation 4 (a network of capacity development centres), ITU's AI Skills
Coalition (its kinds of offering and audiences), resolution 78/311 (capacity for developing
countries). Titles and descriptions are translated fields (see aigov.core.translation).
"""

from aigov.capacity.models.courses import QUESTION_LENGTH, CourseModule, Lesson, QuizQuestion
from aigov.capacity.models.credentials import Credential
from aigov.capacity.models.learning import Enrolment, LearnerProfile, LessonProgress, Registration
from aigov.capacity.models.library import (
    COLLECTION_DESCRIPTION_LENGTH,
    COLLECTION_TITLE_LENGTH,
    Collection,
    CollectionItem,
    CollectionMember,
)
from aigov.capacity.models.matchmaking import Introduction, Need, Offer, OfferTerm
from aigov.capacity.models.network import NAME_LENGTH, Contribution, Node, NodeService, Provider
from aigov.capacity.models.offerings import (
    DESCRIPTION_LENGTH,
    PREREQUISITES_LENGTH,
    TITLE_LENGTH,
    Accessibility,
    Audience,
    Offering,
    OfferingAudience,
    OfferingLanguage,
    OfferingTopic,
)
from aigov.capacity.models.readiness import ReadinessAssessment

__all__ = [
    "COLLECTION_DESCRIPTION_LENGTH",
    "COLLECTION_TITLE_LENGTH",
    "DESCRIPTION_LENGTH",
    "NAME_LENGTH",
    "PREREQUISITES_LENGTH",
    "QUESTION_LENGTH",
    "TITLE_LENGTH",
    "Accessibility",
    "Audience",
    "Collection",
    "CollectionItem",
    "CollectionMember",
    "Contribution",
    "CourseModule",
    "Credential",
    "Enrolment",
    "Introduction",
    "LearnerProfile",
    "Lesson",
    "LessonProgress",
    "Need",
    "Node",
    "NodeService",
    "Offer",
    "OfferTerm",
    "Offering",
    "OfferingAudience",
    "OfferingLanguage",
    "OfferingTopic",
    "Provider",
    "QuizQuestion",
    "ReadinessAssessment",
    "Registration",
]

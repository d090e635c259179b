"""Every write of the capacity module: network, catalogue, learning, events and credentials.

Each service checks permission, validates, writes in one transaction and records an audit entry.
"""

from aigov.capacity.services.courses import (
    course_content_set,
    course_module_add,
    course_module_delete,
    course_module_update,
    lesson_add,
    lesson_delete,
    lesson_update,
    quiz_question_add,
    quiz_question_delete,
)
from aigov.capacity.services.credentials import credential_issue, credential_revoke
from aigov.capacity.services.learning import (
    LessonResult,
    enrolment_create,
    learner_profile_set,
    lesson_complete,
    registration_cancel,
    registration_create,
)
from aigov.capacity.services.library import (
    collection_create,
    collection_delete,
    collection_item_add,
    collection_item_move,
    collection_item_remove,
    collection_share,
    collection_unshare,
    collection_update,
)
from aigov.capacity.services.matchmaking import (
    introduction_create,
    introduction_set_status,
    need_close,
    need_create,
    offer_create,
    offer_set_status,
    offer_update,
)
from aigov.capacity.services.network import (
    NODE_FIELDS,
    node_create,
    node_update,
    provider_create,
    provider_update,
)
from aigov.capacity.services.offerings import OFFERING_FIELDS, offering_create, offering_update
from aigov.capacity.services.readiness import (
    assessment_create,
    assessment_set_consent,
    assessment_submit,
    assessment_update,
)

__all__ = [
    "NODE_FIELDS",
    "OFFERING_FIELDS",
    "LessonResult",
    "assessment_create",
    "assessment_set_consent",
    "assessment_submit",
    "assessment_update",
    "collection_create",
    "collection_delete",
    "collection_item_add",
    "collection_item_move",
    "collection_item_remove",
    "collection_share",
    "collection_unshare",
    "collection_update",
    "course_content_set",
    "course_module_add",
    "course_module_delete",
    "course_module_update",
    "credential_issue",
    "credential_revoke",
    "enrolment_create",
    "introduction_create",
    "introduction_set_status",
    "learner_profile_set",
    "lesson_add",
    "lesson_complete",
    "lesson_delete",
    "lesson_update",
    "need_close",
    "need_create",
    "node_create",
    "node_update",
    "offer_create",
    "offer_set_status",
    "offer_update",
    "offering_create",
    "offering_update",
    "provider_create",
    "provider_update",
    "quiz_question_add",
    "quiz_question_delete",
    "registration_cancel",
    "registration_create",
]

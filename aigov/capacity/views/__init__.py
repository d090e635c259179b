"""Pages of the capacity module: catalogue, offerings, lessons, my learning, verification."""

from aigov.capacity.views.catalogue import PAGE_SIZE, catalogue, node_list, offering_detail
from aigov.capacity.views.credentials import credential_download, did_document, verify
from aigov.capacity.views.learning import (
    ICAL_TYPE,
    enrol,
    learner_profile,
    lesson,
    my_events_ical,
    my_learning,
    offering_ical,
    register,
    registration_cancel,
)
from aigov.capacity.views.matchmaking import (
    introduction_status,
    need_close,
    need_detail,
    need_list,
    offer_list,
    offer_status,
)
from aigov.capacity.views.readiness import readiness_consent, readiness_detail, readiness_list
from aigov.capacity.views.reporting import REPORT_TITLES, report

__all__ = [
    "ICAL_TYPE",
    "PAGE_SIZE",
    "REPORT_TITLES",
    "catalogue",
    "credential_download",
    "did_document",
    "enrol",
    "introduction_status",
    "learner_profile",
    "lesson",
    "my_events_ical",
    "my_learning",
    "need_close",
    "need_detail",
    "need_list",
    "node_list",
    "offer_list",
    "offer_status",
    "offering_detail",
    "offering_ical",
    "readiness_consent",
    "readiness_detail",
    "readiness_list",
    "register",
    "registration_cancel",
    "report",
    "verify",
]

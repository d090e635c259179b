"""Reads of the policy dialogue, each already narrowed to what the actor may see.

Every read of incident reports starts from `incident_report_list`, which applies the one scope
in `aigov.dialogue.permissions`: pages, API, exports, the feed, counts and charts all call it, and
search compiles the same queryset into its SQL.
"""

from aigov.dialogue.selectors.incidents import (
    DUPLICATE_WINDOW_DAYS,
    MIN_GROUP_SIZE,
    DuplicateSuggestion,
    GroupCount,
    IncidentStats,
    follow_up_list,
    incident_duplicate_suggestions,
    incident_get,
    incident_report_get,
    incident_report_list,
    incident_report_siblings,
    incident_report_versions,
    incident_stats,
    public_incident_report_list,
)
from aigov.dialogue.selectors.links import LinkTargets, link_targets
from aigov.dialogue.selectors.practices import practice_get, practice_list
from aigov.dialogue.selectors.sessions import (
    BalanceRow,
    RegistrationBalance,
    agenda_incident_reports,
    agenda_item_get,
    agenda_item_incident_numbers,
    document_get,
    registration_balance,
    registration_list,
    segment_get,
    session_get,
    session_list,
    session_next,
    session_recent,
    statement_get,
    statement_list,
)
from aigov.dialogue.selectors.waiting import (
    incident_reports_awaiting_review,
    practices_awaiting_review,
    statements_awaiting_publication,
)

__all__ = [
    "DUPLICATE_WINDOW_DAYS",
    "MIN_GROUP_SIZE",
    "BalanceRow",
    "DuplicateSuggestion",
    "GroupCount",
    "IncidentStats",
    "LinkTargets",
    "RegistrationBalance",
    "agenda_incident_reports",
    "agenda_item_get",
    "agenda_item_incident_numbers",
    "document_get",
    "follow_up_list",
    "incident_duplicate_suggestions",
    "incident_get",
    "incident_report_get",
    "incident_report_list",
    "incident_report_siblings",
    "incident_report_versions",
    "incident_reports_awaiting_review",
    "incident_stats",
    "link_targets",
    "practice_get",
    "practice_list",
    "practices_awaiting_review",
    "public_incident_report_list",
    "registration_balance",
    "registration_list",
    "segment_get",
    "session_get",
    "session_list",
    "session_next",
    "session_recent",
    "statement_get",
    "statement_list",
    "statements_awaiting_publication",
]

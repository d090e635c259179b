"""Writes of the policy dialogue: every one checks permission, validates, writes in one
transaction and is audited; search is refreshed once the transaction commits."""

from aigov.dialogue.services.incidents import (
    EDITABLE_REPORT_FIELDS,
    follow_up_add,
    incident_report_edit,
    incident_report_file,
    incident_report_link,
    incident_report_publish,
    incident_report_set_status,
    incident_report_withdraw,
)
from aigov.dialogue.services.practices import (
    practice_accept,
    practice_reject,
    practice_set_links,
    practice_submit,
)
from aigov.dialogue.services.sessions import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    registration_create,
    segment_add,
    segment_remove,
    session_create,
    session_update,
    session_update_outcome,
)
from aigov.dialogue.services.statements import (
    statement_document_attach,
    statement_document_remove,
    statement_publish,
    statement_remove,
    statement_submit,
    statement_submit_with_document,
)

__all__ = [
    "EDITABLE_REPORT_FIELDS",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "follow_up_add",
    "incident_report_edit",
    "incident_report_file",
    "incident_report_link",
    "incident_report_publish",
    "incident_report_set_status",
    "incident_report_withdraw",
    "practice_accept",
    "practice_reject",
    "practice_set_links",
    "practice_submit",
    "registration_create",
    "segment_add",
    "segment_remove",
    "session_create",
    "session_update",
    "session_update_outcome",
    "statement_document_attach",
    "statement_document_remove",
    "statement_publish",
    "statement_remove",
    "statement_submit",
    "statement_submit_with_document",
]

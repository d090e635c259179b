"""Every write of the panel module: one transaction each, audited; one module per sub-domain
(forms, responses, invitations, and the counts kept as responses arrive)."""

from aigov.panel.services.forms import (
    Roles,
    survey_build_form,
    survey_import_form,
    survey_set_status,
)
from aigov.panel.services.invitations import (
    invitation_answer,
    invitation_create,
    invitation_save,
    invitation_submit,
    visible_questions,
)
from aigov.panel.services.responses import (
    ImportResult,
    survey_import_responses,
)

__all__ = [
    "ImportResult",
    "Roles",
    "invitation_answer",
    "invitation_create",
    "invitation_save",
    "invitation_submit",
    "survey_build_form",
    "survey_import_form",
    "survey_import_responses",
    "survey_set_status",
    "visible_questions",
]

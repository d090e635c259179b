"""The panel's models: surveys and their responses, the roster of experts, reports."""

from aigov.panel.models.reports import (
    Report,
    ReportComment,
    ReportPdf,
    ReportPublication,
    ReportVersion,
)
from aigov.panel.models.roster import (
    Appointment,
    BalanceTarget,
    Discipline,
    Expert,
    Gender,
    Nomination,
    WorkingGroup,
)
from aigov.panel.models.surveys import (
    BLOCK_SIZE,
    DONT_KNOW,
    SCALE_CHOICES,
    CodedBlock,
    Invitation,
    KeywordTally,
    Question,
    Referral,
    Response,
    ResponseImport,
    Survey,
)

__all__ = [
    "BLOCK_SIZE",
    "DONT_KNOW",
    "SCALE_CHOICES",
    "Appointment",
    "BalanceTarget",
    "CodedBlock",
    "Discipline",
    "Expert",
    "Gender",
    "Invitation",
    "KeywordTally",
    "Nomination",
    "Question",
    "Referral",
    "Report",
    "ReportComment",
    "ReportPdf",
    "ReportPublication",
    "ReportVersion",
    "Response",
    "ResponseImport",
    "Survey",
    "WorkingGroup",
]

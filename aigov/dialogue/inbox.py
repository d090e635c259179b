"""The dialogue's queues in the inbox (aigov/core/inbox.py): incident reports to take up,
practices to review and statements awaiting publication.

Imported by DialogueConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.core.translation import pick
from aigov.dialogue import selectors
from aigov.dialogue.models import IncidentReport, Practice, Statement


def _report(report: IncidentReport) -> Entry:
    return Entry(report.title, report.get_absolute_url())


def _practice(practice: Practice) -> Entry:
    return Entry(
        pick(practice.titles).text, reverse("dialogue:practice-detail", args=[practice.pk])
    )


def _statement(statement: Statement) -> Entry:
    page = reverse("dialogue:session-detail", args=[statement.session.slug])
    title = f"{pick(statement.titles).text} — {statement.speaker}"
    return Entry(title, f"{page}#statement-{statement.pk}")


register_queue(
    "dialogue.incident_reports",
    title=gettext_lazy("Incident reports to take up"),
    kind=gettext_lazy("Incident report"),
    waiting=lambda actor: selectors.incident_reports_awaiting_review(actor=actor),
    describe=_report,
)
register_queue(
    "dialogue.practices",
    title=gettext_lazy("Practices to review"),
    kind=gettext_lazy("Practice"),
    waiting=lambda actor: selectors.practices_awaiting_review(actor=actor),
    describe=_practice,
)
register_queue(
    "dialogue.statements",
    title=gettext_lazy("Submissions awaiting publication"),
    kind=gettext_lazy("Written submission"),
    waiting=lambda actor: selectors.statements_awaiting_publication(actor=actor),
    describe=_statement,
)

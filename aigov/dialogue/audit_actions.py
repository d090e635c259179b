"""The dialogue's audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations, changes and deletions of sessions, segments, agenda items and follow-up notes read
from their models' names.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "dialogue.incidentreport.file": _("Filed an incident report"),
        "dialogue.incidentreport.edit": _("Edited an incident report"),
        "dialogue.incidentreport.link": _("Linked an incident report to an incident"),
        "dialogue.incidentreport.publish": _("Published a redacted version of an incident report"),
        "dialogue.incidentreport.status": _("Changed the status of an incident report"),
        "dialogue.incidentreport.withdraw": _("Withdrew a published incident report"),
        "dialogue.incident.merge": _("Merged two incidents"),
        "dialogue.practice.submit": _("Submitted a practice"),
        "dialogue.practice.accept": _("Accepted a practice for sharing"),
        "dialogue.practice.reject": _("Declined a practice"),
        "dialogue.practice.links": _("Linked a practice to policies and standards"),
        "dialogue.session.outcome": _("Recorded the outcome of a session"),
        "dialogue.statement.create": _("Made a statement or written submission"),
        "dialogue.statement.publish": _("Published a written submission"),
        "dialogue.statement.delete": _("Removed a statement"),
        "dialogue.document.create": _("Attached a document to a statement"),
        "dialogue.document.replace": _("Replaced a statement's document"),
        "dialogue.document.delete": _("Removed a statement's document"),
        "dialogue.registration.create": _("Registered for a session"),
    }
)

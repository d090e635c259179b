"""Capacity's audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations, changes and deletions of nodes, providers, offerings, course content, needs, offers
and collections read from their models' names.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "capacity.offering.content": _("Set the content of a course"),
        "capacity.enrolment.create": _("Enrolled in a course"),
        "capacity.enrolment.complete": _("Completed a course"),
        "capacity.progress.record": _("Completed a lesson"),
        "capacity.registration.create": _("Registered for an event"),
        "capacity.registration.cancel": _("Cancelled a registration"),
        "capacity.registration.promote": _("Moved a registration off the waiting list"),
        "capacity.credential.issue": _("Issued a certificate"),
        "capacity.credential.revoke": _("Revoked a certificate"),
        "capacity.assessment.submit": _("Submitted a readiness assessment"),
        "capacity.assessment.publish": _("Consented to publish a readiness assessment"),
        "capacity.assessment.withdraw": _("Withdrew consent to publish a readiness assessment"),
        "capacity.need.status": _("Changed the status of a need"),
        "capacity.offer.status": _("Changed the status of an offer"),
        "capacity.introduction.create": _("Introduced a need to an offer"),
        "capacity.introduction.accepted": _("Accepted an introduction"),
        "capacity.introduction.declined": _("Declined an introduction"),
        "capacity.introduction.in_progress": _("Marked an introduction in progress"),
        "capacity.introduction.done": _("Marked an introduction done"),
        "capacity.collection_item.move": _("Reordered a collection"),
        "capacity.collection_member.share": _("Shared a collection"),
        "capacity.collection_member.delete": _("Stopped sharing a collection"),
    }
)

"""The panel's audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations of experts, surveys and working groups read from their models' names.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "panel.nomination.create": _("Nominated an expert"),
        "panel.nomination.review": _("Reviewed a nomination"),
        "panel.appointment.create": _("Appointed an expert to the panel"),
        "panel.target.set": _("Set a balance target"),
        "panel.target.delete": _("Removed a balance target"),
        "panel.working_group.set_members": _("Set the members of a working group"),
        "panel.survey.draft": _("Returned a survey to draft"),
        "panel.survey.open": _("Opened a survey for answers"),
        "panel.survey.closed": _("Closed a survey"),
        "panel.survey.published": _("Published the results of a survey"),
        "panel.survey.import_responses": _("Imported survey responses"),
        "panel.invitation.create": _("Created survey invitations"),
        "panel.invitation.save": _("Saved survey answers"),
        "panel.invitation.submit": _("Submitted survey answers"),
        "panel.referral.create": _("Referred an expert to a survey"),
        "panel.referral.invite": _("Invited a referred expert"),
        "panel.report.save_version": _("Saved a new version of a report"),
        "panel.report.comment": _("Commented on a draft report"),
        "panel.report.approve": _("Approved a report for publication"),
        "panel.report.reopen": _("Sent an approved report back to draft"),
        "panel.report.publish": _("Published a report"),
        "panel.report.render_pdf": _("Rendered a report as PDF"),
    }
)

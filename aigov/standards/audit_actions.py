"""The standards' audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations and changes of standards, tools and definitions read from their models' names.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "standards.standard.change_status": _("Changed the status of a standard"),
        "standards.standard.tag": _("Tagged a standard"),
        "standards.review.create": _("Posted a review"),
        "standards.review.reply": _("Replied to a review"),
        "standards.review.moderate": _("Moderated a review"),
        "standards.gap.propose": _("Proposed a gap"),
        "standards.gap.endorse": _("Endorsed a gap proposal"),
        "standards.gap.moderate": _("Moderated a gap proposal"),
        "standards.follow.create": _("Followed a standard or topic"),
        "standards.follow.delete": _("Stopped following a standard or topic"),
    }
)

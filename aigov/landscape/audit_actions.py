"""The landscape's audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations and changes of participations, policies and UN projects read from their models'
names; only the steps of a proposal need words of their own.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "landscape.proposal.submit": _("Proposed a change to the landscape"),
        "landscape.proposal.accept": _("Accepted a change proposal"),
        "landscape.proposal.reject": _("Rejected a change proposal"),
        "landscape.proposal.withdraw": _("Withdrew a change proposal"),
    }
)

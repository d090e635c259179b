"""The data module's audit actions in words, for the audit log (aigov/core/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "data.dataset.create": _("Published a dataset"),
        "data.dataset.import": _("Imported a dataset from Croissant"),
        "data.version.create": _("Added a dataset version"),
        "data.file.upload": _("Uploaded a dataset file"),
        "data.file.link": _("Linked a dataset file"),
        "data.trust.create": _("Created a data trust"),
        "data.request.submit": _("Asked for access to a dataset"),
        "data.request.permit": _("Permitted a data access request"),
        "data.request.deny": _("Denied a data access request"),
        "data.entitlement.grant": _("Granted access to a dataset"),
        "data.agreement.create": _("Concluded a data-sharing agreement"),
        "data.entitlement.revoke": _("Revoked access to a dataset"),
        "data.need.register": _("Registered data that is missing"),
    }
)

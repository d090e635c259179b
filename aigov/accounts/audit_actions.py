"""The accounts' audit actions in words, for the audit log (aigov/core/audit_labels.py).

Creations and changes of users, organisations and tokens read from their models' names.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "accounts.user.sign_up": _("Signed up"),
        "accounts.user.preferences": _("Changed their time zone"),
        "accounts.role.assign": _("Assigned a role"),
        "accounts.token.revoke": _("Revoked an API token"),
    }
)

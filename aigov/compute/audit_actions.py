"""Compute's audit actions in words, for the audit log (aigov/core/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "compute.resource.create": _("Described a compute resource"),
        "compute.resource.change": _("Changed a compute resource"),
        "compute.project.create": _("Created a compute project"),
        "compute.request.submit": _("Requested a compute allocation"),
        "compute.request.resubmit": _("Submitted a compute request again"),
        "compute.request.approve": _("Approved a compute request"),
        "compute.request.return": _("Returned a compute request for changes"),
        "compute.request.reject": _("Rejected a compute request"),
        "compute.job.submit": _("Submitted a compute job"),
        "compute.job.queued": _("A scheduler queued a compute job"),
        "compute.job.running": _("A compute job started"),
        "compute.job.completed": _("A compute job completed"),
        "compute.job.failed": _("A compute job failed"),
        "compute.job.cancelled": _("A compute job was cancelled"),
        "compute.job.cancel": _("Cancelled a compute job"),
        "compute.movement.refund": _("Refunded compute units"),
        "compute.policy.set": _("Set the fair-share policy"),
        "compute.top500.import": _("Imported a TOP500 list"),
    }
)

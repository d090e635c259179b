"""Compute's queue in the inbox (aigov/core/inbox.py): allocation requests waiting for the
decision of the resource's node operators or the secretariat.

Imported by ComputeConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.compute import selectors
from aigov.compute.models import AllocationRequest
from aigov.core.inbox import Entry, register_queue


def _request(request: AllocationRequest) -> Entry:
    title = _("%(project)s asks for %(amount)s %(unit)s of %(resource)s") % {
        "project": request.project.title,
        "amount": floatformat(request.amount, -4),
        "unit": request.resource.get_unit_display(),
        "resource": request.resource.name,
    }
    return Entry(title, reverse("compute:request-detail", args=[request.pk]))


register_queue(
    "compute.requests",
    title=gettext_lazy("Compute requests to decide"),
    kind=gettext_lazy("Allocation request"),
    waiting=lambda actor: selectors.requests_to_decide(actor=actor),
    describe=_request,
)

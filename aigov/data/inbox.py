"""The data module's queue in the inbox (aigov/core/inbox.py): access requests the policy left
to a trustee (needs_review)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.data import selectors
from aigov.data.models import AccessRequest


def _request(request: AccessRequest) -> Entry:
    title = _("%(person)s asks for access to %(dataset)s") % {
        "person": request.requester,
        "dataset": request.dataset.title,
    }
    return Entry(title, reverse("data:request-detail", args=[request.pk]))


register_queue(
    "data.access_requests",
    title=gettext_lazy("Data access requests to decide"),
    kind=gettext_lazy("Access request"),
    waiting=lambda actor: selectors.requests_to_decide(actor=actor),
    describe=_request,
)

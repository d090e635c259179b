"""The landscape's queue in the inbox (aigov/core/inbox.py): change proposals to review.

Imported by LandscapeConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.landscape import selectors
from aigov.landscape.models import ChangeProposal


def _proposal(proposal: ChangeProposal) -> Entry:
    title = _("%(country)s: %(action)s — %(subject)s") % {
        "country": proposal.country.name,
        "action": proposal.get_action_display(),
        "subject": proposal.get_subject_display(),
    }
    return Entry(title, reverse("landscape:proposal-detail", args=[proposal.pk]))


register_queue(
    "landscape.proposals",
    title=gettext_lazy("Change proposals to review"),
    kind=gettext_lazy("Change proposal"),
    waiting=lambda actor: selectors.proposals_awaiting_review(actor=actor),
    describe=_proposal,
)

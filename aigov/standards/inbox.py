"""The standards' queues in the inbox (aigov/core/inbox.py): reviews and gap proposals that
no moderator has dealt with yet.

Imported by StandardsConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.standards import selectors
from aigov.standards.models import GapProposal, Review


def _review(review: Review) -> Entry:
    subject = review.standard or review.concept
    page = subject.get_absolute_url() if subject is not None else reverse("standards:index")
    if review.parent_id:
        title = _("Reply by %(author)s on %(subject)s") % {
            "author": review.author,
            "subject": subject,
        }
    else:
        title = _("Review by %(author)s of %(subject)s") % {
            "author": review.author,
            "subject": subject,
        }
    return Entry(title, f"{page}#review-{review.pk}")


def _gap(gap: GapProposal) -> Entry:
    return Entry(gap.title, f"{reverse('standards:gap-proposals')}#gap-{gap.pk}")


register_queue(
    "standards.reviews",
    title=gettext_lazy("Reviews to moderate"),
    kind=gettext_lazy("Participant's review"),
    waiting=lambda actor: selectors.reviews_awaiting_moderation(actor=actor),
    describe=_review,
)
register_queue(
    "standards.gaps",
    title=gettext_lazy("Gap proposals to moderate"),
    kind=gettext_lazy("Gap proposal"),
    waiting=lambda actor: selectors.gaps_awaiting_moderation(actor=actor),
    describe=_gap,
)

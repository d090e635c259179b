"""The panel's queue in the inbox (aigov/core/inbox.py): nominations to review.

Imported by PanelConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.panel import roster
from aigov.panel.models import Nomination


def _nomination(nomination: Nomination) -> Entry:
    if nomination.country is not None:
        title = _("%(expert)s, nominated by %(country)s") % {
            "expert": nomination.expert.name,
            "country": nomination.country.name,
        }
    else:
        title = _("%(expert)s, self-nomination") % {"expert": nomination.expert.name}
    return Entry(title, f"{reverse('panel:nomination-list')}#nomination-{nomination.pk}")


register_queue(
    "panel.nominations",
    title=gettext_lazy("Nominations to review"),
    kind=gettext_lazy("Nomination"),
    waiting=lambda actor: roster.nominations_awaiting_review(actor=actor),
    describe=_nomination,
)

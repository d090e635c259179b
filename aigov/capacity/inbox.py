"""Capacity's queue in the inbox (aigov/core/inbox.py): introductions waiting for the answer
of the offer's provider.

Imported by CapacityConfig.ready(); registering on import keeps apps.py to one line.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.capacity import selectors
from aigov.capacity.models import Introduction
from aigov.core.inbox import Entry, register_queue


def _introduction(introduction: Introduction) -> Entry:
    title = _("%(need)s, for your offer %(offer)s") % {
        "need": introduction.need.title,
        "offer": introduction.offer.title,
    }
    return Entry(title, f"{reverse('capacity:offer-list')}#introduction-{introduction.pk}")


register_queue(
    "capacity.introductions",
    title=gettext_lazy("Introductions to answer"),
    kind=gettext_lazy("Introduction"),
    waiting=lambda actor: selectors.introductions_awaiting_answer(actor=actor),
    describe=_introduction,
)

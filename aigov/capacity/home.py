"""What capacity development puts on the home page: courses open now, offerings just added."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aigov.accounts.access import Actor
from aigov.capacity import selectors
from aigov.core import findings
from aigov.core.translation import pick


def courses_open(*, actor: Actor, today: datetime.date) -> findings.Finding:
    """Return how many courses and events a learner can join now."""
    count = selectors.offering_open_list(actor=actor, now=timezone.now()).count()
    return findings.Finding(
        name="capacity.courses_open",
        message=ngettext(
            "%(count)s course or event is open to learners now.",
            "%(count)s courses and events are open to learners now.",
            count,
        ),
        figures={"count": count},
        url=reverse("capacity:index"),
        link_text=_("Browse the catalogue"),
    )


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the offerings added to the catalogue last."""
    return [
        findings.RecentChange(
            on=timezone.localdate(offering.created_at),
            what=str(offering.get_kind_display()),
            title=pick(offering.titles),
            url=offering.get_absolute_url(),
            is_demo=offering.is_demo,
        )
        for offering in selectors.offering_recent(actor=actor, limit=limit)
    ]


def register() -> None:
    findings.register_headline("capacity.courses_open", courses_open, order=30)
    findings.register_recent("capacity", recent)
    findings.register_entry_links(
        findings.Audience.LEARNER,
        {
            "capacity:index": gettext_lazy("Courses, webinars and workshops"),
            "capacity:my-learning": gettext_lazy("Your courses and certificates"),
            "capacity:library": gettext_lazy("Reading lists shared by others"),
            "capacity:credential-verify": gettext_lazy("Check a certificate"),
        },
        order=10,
    )
    findings.register_entry_links(
        findings.Audience.GOVERNMENT,
        {"capacity:readiness-list": gettext_lazy("Assess your country's readiness for AI")},
        order=30,
    )
    findings.register_entry_links(
        findings.Audience.DONOR,
        {
            "capacity:need-list": gettext_lazy("Requests for support, and offers that match them"),
            "capacity:node-list": gettext_lazy("The capacity development network"),
        },
        order=30,
    )

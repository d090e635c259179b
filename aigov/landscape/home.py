"""What the landscape puts on the home page: who is left out, who joined, which laws passed."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aigov.accounts.access import Actor
from aigov.core import findings
from aigov.core.translation import pick
from aigov.landscape import selectors


def left_out(*, actor: Actor, today: datetime.date) -> findings.Finding:
    """Return how many Member States take part in none of the initiatives (HLAB Fig. 8)."""
    representation = selectors.representation(as_of=today)
    return findings.Finding(
        name="landscape.in_none",
        message=_(
            "%(in_none)s of %(member_states)s Member States take part in none of the "
            "%(initiatives)s initiatives."
        ),
        figures={
            "in_none": representation.in_none,
            "member_states": representation.member_states,
            "initiatives": len(representation.initiatives),
        },
        url=reverse("landscape:representation"),
        link_text=_("See who takes part, by region and by income"),
    )


def _joined(joining: selectors.Joining) -> str:
    initiative = joining.initiative.name
    count = len(joining.participants)
    if count == 1:
        return _("%(participant)s joined %(initiative)s") % {
            "participant": joining.participants[0].participant.name,
            "initiative": initiative,
        }
    return ngettext(
        "%(count)d participant joined %(initiative)s",
        "%(count)d participants joined %(initiative)s",
        count,
    ) % {"count": count, "initiative": initiative}


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the latest joinings of initiatives and the latest policies adopted."""
    changes = [
        findings.RecentChange(
            on=joining.on,
            what=_("Initiative joined"),
            title=findings.in_reader_language(_joined(joining)),
            url=joining.initiative.get_absolute_url(),
        )
        for joining in selectors.participation_recent(actor=actor, limit=limit)
    ]
    changes += [
        findings.RecentChange(
            on=policy.adopted_on,
            what=_("Policy adopted"),
            title=pick(policy.names),
            url=reverse("landscape:policy-detail", args=[policy.slug]),
            is_demo=policy.is_demo,
        )
        for policy in selectors.policy_recent(actor=actor, limit=limit)
        if policy.adopted_on is not None
    ]
    return sorted(changes, key=lambda change: change.on, reverse=True)[:limit]


def register() -> None:
    findings.register_headline("landscape.in_none", left_out, order=10)
    findings.register_recent("landscape", recent)
    findings.register_entry_links(
        findings.Audience.GOVERNMENT,
        {
            "landscape:representation": gettext_lazy(
                "Where your country stands in the international initiatives"
            ),
            "landscape:policy-list": gettext_lazy("National AI policies, laws and institutions"),
        },
        order=10,
    )
    findings.register_entry_links(
        findings.Audience.DONOR,
        {"landscape:representation": gettext_lazy("Member States left out of the initiatives")},
        order=10,
    )

"""What changed recently in the landscape, for the home page."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
)

from aigov.accounts.access import Actor
from aigov.landscape.models import (
    Initiative,
    Participation,
    Policy,
)
from aigov.landscape.selectors.initiatives import participation_list
from aigov.landscape.selectors.policies import policy_list


@dataclass(frozen=True)
class Joining:
    """Participants that joined one initiative on one day (a ministerial meeting, a signing)."""

    initiative: Initiative
    on: datetime.date
    participants: list[Participation]


def participation_recent(*, actor: Actor, limit: int) -> list[Joining]:
    """Return the `limit` latest days on which participants joined an initiative, newest first.

    Rows that began on the same day for the same initiative are one joining. Two queries.
    """
    rows = participation_list(actor=actor)
    days = list(
        rows.values_list("initiative_id", "started_on")
        .annotate(n=Count("id"))
        .order_by("-started_on", "initiative_id")[:limit]
    )
    if not days:
        return []
    wanted = Q()
    for initiative_id, started_on, _n in days:
        wanted |= Q(initiative_id=initiative_id, started_on=started_on)
    grouped: dict[tuple[str, datetime.date], list[Participation]] = {}
    for row in rows.filter(wanted):
        grouped.setdefault((row.initiative_id, row.started_on), []).append(row)
    return [
        Joining(initiative=found[0].initiative, on=started_on, participants=found)
        for initiative_id, started_on, _n in days
        if (found := grouped.get((initiative_id, started_on)))
    ]


def policy_recent(*, actor: Actor, limit: int) -> list[Policy]:
    """Return the `limit` policies `actor` may see that were adopted last, newest first."""
    return list(
        policy_list(actor=actor)
        .prefetch_related(None)
        .exclude(adopted_on=None)
        .order_by("-adopted_on", "slug")[:limit]
    )

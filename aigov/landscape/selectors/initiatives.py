"""Initiatives and who takes part in them (public reference data)."""

import datetime

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from aigov.accounts.access import Actor
from aigov.core.collation import sorted_by_name
from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.landscape.models import (
    Initiative,
    Participation,
)


def initiative_list() -> QuerySet[Initiative]:
    """Return every initiative, with their participant counts (all time).

    The count is a subquery per initiative, so a page of the list counts only its own rows
    (grouping every participation first took most of the page's time at 50,000 of them).
    """
    participants = (
        Participation.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(n=Count("participant", distinct=True))
        .values("n")
    )
    return (
        Initiative.objects.all()
        .annotate(participant_count=Coalesce(Subquery(participants), 0))
        .order_by("year", "slug")
    )


def initiative_get(*, slug: str) -> Initiative:
    """Return one initiative with its participations and their countries; raise NotFound."""
    initiative = (
        initiative_list()
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("participant").order_by(
                    "participant_id", "started_on"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        raise NotFound()
    return initiative


def participations_by_name(*, initiative: Initiative) -> list[Participation]:
    """Return an initiative's participations (as `initiative_get` fetched them) sorted by the
    participant's name in the reader's language, each participant's in date order."""
    return sorted_by_name(initiative.participations.all(), lambda p: pick(p.participant.names).text)


def _active_on(as_of: datetime.date) -> Q:
    # Began on or before the date and had not ended by it: a row ending on `as_of` no longer counts.
    return Q(started_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))


def participation_active(*, as_of: datetime.date) -> QuerySet[Participation]:
    """Return the participations that count on `as_of`."""
    return Participation.objects.filter(_active_on(as_of))


def participation_list(*, actor: Actor, country: str | None = None) -> QuerySet[Participation]:
    """Return every participation row (history included), by initiative and participant.

    Participation is public: every actor reads the same rows.
    """
    rows = Participation.objects.all()
    if country:
        rows = rows.filter(participant_id=country.upper())
    return rows.select_related("initiative", "participant").order_by(
        "initiative_id", "participant_id", "started_on"
    )

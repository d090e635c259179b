"""Reads of the governance landscape: initiatives, participants, representation.

Initiatives and participation are public reference data, read by everyone (signed in or not),
like the taxonomy; rules arrive with editing and review (issue 4, part 5).
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from aigov.core.errors import NotFound
from aigov.landscape.models import Initiative, Participation
from aigov.landscape.worldmap import WorldMap, world_map
from aigov.taxonomy.models import IncomeGroup, RegionalGroup
from aigov.taxonomy.selectors import country_list


def initiative_list() -> QuerySet[Initiative]:
    """Return every initiative, with their participant counts (all time)."""
    return (
        Initiative.objects.all()
        .annotate(participant_count=Count("participations__participant", distinct=True))
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


def _active_on(as_of: datetime.date) -> Q:
    # Began on or before the date and had not ended by it: a row ending on `as_of` no longer counts.
    return Q(started_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))


def participation_active(*, as_of: datetime.date) -> QuerySet[Participation]:
    """Return the participations that count on `as_of`."""
    return Participation.objects.filter(_active_on(as_of))


@dataclass(frozen=True)
class InitiativeCount:
    names: dict[str, str]
    participants: int
    member_states: int
    non_state: int


@dataclass(frozen=True)
class GroupBreakdown:
    group: str
    label: str
    member_states: int
    in_none: int
    in_all: int
    mean_participation: float


@dataclass(frozen=True)
class Representation:
    as_of: datetime.date
    member_states: int
    in_none: int
    in_all: int
    initiatives: dict[str, InitiativeCount]
    countries: dict[str, int]
    by_regional_group: list[GroupBreakdown]
    by_income_group: list[GroupBreakdown]

    def summary(self) -> dict[str, Any]:
        """Return the summary printed by the command and the API (issue 4's JSON shape)."""
        return {
            "as_of": self.as_of.isoformat(),
            "member_states": self.member_states,
            "in_none": self.in_none,
            "in_all": self.in_all,
            "initiatives": {
                slug: {
                    "participants": count.participants,
                    "member_states": count.member_states,
                    "non_state": count.non_state,
                }
                for slug, count in self.initiatives.items()
            },
            "countries": dict(self.countries),
        }


def _breakdown(
    groups: dict[str, str],
    labels: dict[str, str],
    countries: dict[str, int],
    active_initiatives: int,
) -> list[GroupBreakdown]:
    members: Counter[str] = Counter(groups.values())
    none = Counter(groups[iso3] for iso3, n in countries.items() if n == 0)
    every = Counter(
        groups[iso3]
        for iso3, n in countries.items()
        if active_initiatives and n == active_initiatives
    )
    total: Counter[str] = Counter()
    for iso3, n in countries.items():
        total[groups[iso3]] += n
    return [
        GroupBreakdown(
            group=group,
            label=labels.get(group) or gettext("Not classified"),
            member_states=members[group],
            in_none=none[group],
            in_all=every[group],
            mean_participation=round(total[group] / members[group], 2),
        )
        for group in [*labels, ""]
        if members[group]
    ]


def representation(*, as_of: datetime.date) -> Representation:
    """Return who takes part in what on `as_of` (HLAB report, Figures 8 and 12).

    Counting rules (issue 4): a participation counts when it began on or before `as_of` and had
    not ended by it; only a row for the country itself counts (EU membership does not count for
    EU members); `in_all` is over the initiatives with at least one participant on that date.
    Five queries whatever the size: the counts read the covering indexes of Participation
    without joining countries (non-members are few and counted apart by code).
    """
    jurisdictions = list(
        country_list().values_list("iso3", "is_un_member", "regional_group", "income_group")
    )
    members = {
        iso3: (group, income) for iso3, is_member, group, income in jurisdictions if is_member
    }
    others = [iso3 for iso3, is_member, _group, _income in jurisdictions if not is_member]
    active = participation_active(as_of=as_of)
    per_participant = dict(
        active.values_list("participant_id")
        .annotate(n=Count("initiative_id", distinct=True))
        .order_by()
    )
    per_initiative = dict(
        active.values_list("initiative_id")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    )
    non_state = dict(
        active.filter(participant_id__in=others)
        .values_list("initiative_id")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    )
    initiatives = {}
    for slug, names in Initiative.objects.order_by("year", "slug").values_list("slug", "names"):
        participants, outside = per_initiative.get(slug, 0), non_state.get(slug, 0)
        initiatives[slug] = InitiativeCount(
            names=names,
            participants=participants,
            member_states=participants - outside,
            non_state=outside,
        )
    active_initiatives = sum(1 for count in initiatives.values() if count.participants)
    countries = {iso3: per_participant.get(iso3, 0) for iso3 in sorted(members)}
    return Representation(
        as_of=as_of,
        member_states=len(members),
        in_none=sum(1 for n in countries.values() if n == 0),
        in_all=sum(1 for n in countries.values() if active_initiatives and n == active_initiatives),
        initiatives=initiatives,
        countries=countries,
        by_regional_group=_breakdown(
            {iso3: groups[0] for iso3, groups in members.items()},
            {str(value): str(label) for value, label in RegionalGroup.choices},
            countries,
            active_initiatives,
        ),
        by_income_group=_breakdown(
            {iso3: groups[1] for iso3, groups in members.items()},
            {str(value): str(label) for value, label in IncomeGroup.choices},
            countries,
            active_initiatives,
        ),
    )


@dataclass(frozen=True)
class MatrixRow:
    iso3: str
    names: dict[str, str]
    regional_group: str
    income_group: str
    count: int
    cells: list[bool]


@dataclass(frozen=True)
class RepresentationMatrix:
    as_of: datetime.date
    initiatives: list[Initiative]
    rows: list[MatrixRow]


def representation_matrix(*, as_of: datetime.date) -> RepresentationMatrix:
    """Return UN member states by initiatives on `as_of`: who takes part in what (same rules)."""
    initiatives = list(initiative_list())
    pairs = set(
        participation_active(as_of=as_of)
        .filter(participant__is_un_member=True)
        .values_list("participant_id", "initiative_id")
        .distinct()
    )
    rows = []
    for country in country_list(un_member=True).only(
        "iso3", "names", "regional_group", "income_group"
    ):
        cells = [(country.iso3, initiative.slug) in pairs for initiative in initiatives]
        rows.append(
            MatrixRow(
                iso3=country.iso3,
                names=country.names,
                regional_group=country.regional_group,
                income_group=country.income_group,
                count=sum(cells),
                cells=cells,
            )
        )
    return RepresentationMatrix(as_of=as_of, initiatives=initiatives, rows=rows)


def representation_map(*, representation: Representation) -> WorldMap | None:
    """Return the world map of a representation, shaded by each Member State's count.

    None when the country shapes (npm package world-atlas) are not installed.
    """
    jurisdictions = list(country_list().exclude(m49="").values_list("iso3", "m49", "names"))
    return world_map(countries=representation.countries, jurisdictions=jurisdictions)

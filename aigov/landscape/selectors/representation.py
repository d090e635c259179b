"""Representation of UN Member States in the initiatives: summary, matrix, map, and
initiatives over time."""

import datetime
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
)
from django.utils.translation import gettext

from aigov.core.collation import sorted_by_names
from aigov.landscape.models import (
    Initiative,
    Participation,
)
from aigov.landscape.selectors.initiatives import participation_active
from aigov.landscape.worldmap import WorldMap, world_map
from aigov.taxonomy.models import IncomeGroup, RegionalGroup
from aigov.taxonomy.selectors import country_list


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
    count: int  # initiatives taken part in, all of them (not only the matrix's columns)
    cells: list[bool]


@dataclass(frozen=True)
class GroupRow:
    """One UN regional group in the collapsed matrix: per initiative, how many of its Member
    States take part."""

    group: str
    label: str
    member_states: int
    cells: list[int]


# The columns of the matrix as a file, before one 0/1 column per initiative (by slug).
MATRIX_COLUMNS = ("iso3", "name_en", "regional_group", "income_group", "count")


@dataclass(frozen=True)
class RepresentationMatrix:
    as_of: datetime.date
    initiatives: list[Initiative]
    rows: list[MatrixRow]

    def rows_of(self, regional_group: str) -> list[MatrixRow]:
        """Return the rows of the Member States of one UN regional group."""
        return [row for row in self.rows if row.regional_group == regional_group]

    def by_regional_group(self) -> list[GroupRow]:
        """Return the matrix collapsed to one row per UN regional group (those with members)."""
        labels = {str(value): str(label) for value, label in RegionalGroup.choices}
        groups = []
        for group in [*labels, ""]:
            rows = self.rows_of(group)
            if rows:
                groups.append(
                    GroupRow(
                        group=group,
                        label=labels.get(group) or gettext("Not classified"),
                        member_states=len(rows),
                        cells=[sum(column) for column in zip(*(r.cells for r in rows), strict=True)]
                        if self.initiatives
                        else [],
                    )
                )
        return groups

    def columns(self) -> list[str]:
        """Return the column names of the matrix as a file: MATRIX_COLUMNS, then the slugs."""
        return [*MATRIX_COLUMNS, *(initiative.slug for initiative in self.initiatives)]

    def records(self) -> Iterator[dict[str, Any]]:
        """Yield one record per Member State, by the names of `columns()`; a cell is 1 or 0."""
        slugs = [initiative.slug for initiative in self.initiatives]
        for row in self.rows:
            yield {
                "iso3": row.iso3,
                "name_en": row.names.get("en", ""),
                "regional_group": row.regional_group,
                "income_group": row.income_group,
                "count": row.count,
                **{slug: int(cell) for slug, cell in zip(slugs, row.cells, strict=True)},
            }


def representation_matrix(
    *,
    as_of: datetime.date,
    initiatives: Sequence[str] | None = None,
    counts: Mapping[str, int] | None = None,
) -> RepresentationMatrix:
    """Return UN member states by initiatives on `as_of`: who takes part in what (same rules).

    `initiatives` (slugs) limits the columns to those initiatives, in the usual order (a page of
    the matrix); each row's `count` is then taken from `counts` (a Representation's
    `countries`, over every initiative). Two queries whatever the size.
    """
    chosen = Initiative.objects.order_by("year", "slug")
    active = participation_active(as_of=as_of).filter(participant__is_un_member=True)
    if initiatives is not None:
        chosen = chosen.filter(slug__in=list(initiatives))
        active = active.filter(initiative_id__in=list(initiatives))
    columns = list(chosen)
    pairs = set(active.values_list("participant_id", "initiative_id").distinct())
    rows = []
    for country in country_list(un_member=True).only(
        "iso3", "names", "regional_group", "income_group"
    ):
        cells = [(country.iso3, initiative.slug) in pairs for initiative in columns]
        rows.append(
            MatrixRow(
                iso3=country.iso3,
                names=country.names,
                regional_group=country.regional_group,
                income_group=country.income_group,
                count=sum(cells) if initiatives is None or counts is None else counts[country.iso3],
                cells=cells,
            )
        )
    return RepresentationMatrix(as_of=as_of, initiatives=columns, rows=sorted_by_names(rows))


def representation_map(*, representation: Representation) -> WorldMap | None:
    """Return the world map of a representation, shaded by each Member State's count.

    None when the country shapes (npm package world-atlas) are not installed.
    """
    jurisdictions = list(country_list().exclude(m49="").values_list("iso3", "m49", "names"))
    return world_map(countries=representation.countries, jurisdictions=jurisdictions)


# --- Initiatives over time -------------------------------------------------------------------


@dataclass(frozen=True)
class HalfYear:
    """One half-year: the initiatives that began in it and who joined, by UN regional group."""

    year: int
    half: int  # 1: January-June, 2: July-December
    new_initiatives: list[Initiative]
    joined: dict[str, int]  # regional group ("" for non-members) -> participations begun

    @property
    def label(self) -> str:
        return f"{self.year} H{self.half}"


def _half_of(day: datetime.date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def initiatives_over_time(*, until: datetime.date) -> list[HalfYear]:
    """Return every half-year from the first initiative to `until`, oldest first.

    An initiative counts in the half-year of its start date (1 January of its year when the
    source gives only a year); a participation in the half-year it began. Two queries.
    """
    initiatives = list(Initiative.objects.order_by("start_on", "year", "slug"))
    if not initiatives:
        return []
    groups = dict(country_list(un_member=True).values_list("iso3", "regional_group"))
    begun: dict[tuple[int, int], Counter[str]] = {}
    for participant, started_on in Participation.objects.filter(started_on__lte=until).values_list(
        "participant_id", "started_on"
    ):
        begun.setdefault(_half_of(started_on), Counter())[groups.get(participant, "")] += 1
    by_half: dict[tuple[int, int], list[Initiative]] = {}
    for initiative in initiatives:
        day = initiative.start_on or datetime.date(initiative.year, 1, 1)
        if day <= until:
            by_half.setdefault(_half_of(day), []).append(initiative)
    first = min([*by_half, *begun], default=_half_of(until))
    halves = []
    year, half = first
    while (year, half) <= _half_of(until):
        halves.append(
            HalfYear(
                year=year,
                half=half,
                new_initiatives=by_half.get((year, half), []),
                joined=dict(begun.get((year, half), Counter())),
            )
        )
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return halves

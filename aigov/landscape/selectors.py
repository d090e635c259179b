"""Reads of the governance landscape: initiatives, participants, representation.

Initiatives, participation, policies and the UN system are public: read by everyone, signed in
or not. Change proposals are read through their permission scope (permissions.py).
"""

import datetime
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.forms import DateField
from django.utils.formats import date_format
from django.utils.translation import gettext

from aigov.accounts import access
from aigov.accounts.access import Actor
from aigov.core.collation import join_list, sorted_by_name, sorted_by_names
from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.landscape.models import (
    ChangeProposal,
    Initiative,
    Participation,
    Policy,
    UnInstrument,
    UnProject,
)
from aigov.landscape.worldmap import WorldMap, world_map
from aigov.taxonomy.models import IncomeGroup, RegionalGroup, RiskArea
from aigov.taxonomy.selectors import country_list


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


# --- Policies, the UN system, proposals ------------------------------------------------------


def policy_list(
    *,
    actor: Actor,
    jurisdiction: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    risk_area: str | None = None,
    sdg: int | None = None,
) -> QuerySet[Policy]:
    """Return the policies and institutions of the library `actor` may see (all of them: the
    library is public), filtered, by jurisdiction."""
    policies = access.scope(actor, "landscape.view_policy", Policy.objects.all())
    if jurisdiction:
        policies = policies.filter(jurisdiction_id=jurisdiction.upper())
    if kind:
        policies = policies.filter(kind=kind)
    if status:
        policies = policies.filter(status=status)
    if risk_area:
        policies = policies.filter(risk_areas__slug=risk_area)
    if sdg:
        policies = policies.filter(sdgs__number=sdg)
    return (
        policies.select_related("jurisdiction")
        .prefetch_related("risk_areas", "sdgs")
        .order_by("jurisdiction_id", "slug")
        .distinct()
    )


def policy_get(*, actor: Actor, slug: str) -> Policy:
    """Return one policy or institution; raise NotFound."""
    policy = policy_list(actor=actor).filter(slug=slug).first()
    if policy is None:
        raise NotFound()
    return policy


def policy_counts_by_status(*, actor: Actor) -> dict[str, int]:
    """Return how many policies of the library `actor` may see are in each status."""
    policies = access.scope(actor, "landscape.view_policy", Policy.objects.all())
    counts = dict(policies.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in Policy.Status.values}


def un_instrument_list() -> QuerySet[UnInstrument]:
    """Return the UN instruments relevant to AI, oldest first, with their domains."""
    return UnInstrument.objects.prefetch_related("topics").order_by("adopted_on", "slug")


def un_project_list(
    *,
    agency: str | None = None,
    sdg: int | None = None,
    country: str | None = None,
    year: int | None = None,
) -> QuerySet[UnProject]:
    """Return UN AI projects, filtered, newest first."""
    projects = UnProject.objects.all()
    if agency:
        projects = projects.filter(agency=agency)
    if sdg:
        projects = projects.filter(sdgs__number=sdg)
    if country:
        projects = projects.filter(countries__iso3=country.upper())
    if year:
        projects = projects.filter(year=year)
    return (
        projects.prefetch_related("sdgs", "countries").order_by("-year", "agency", "id").distinct()
    )


def un_projects_by_agency() -> list[tuple[str, int]]:
    """Return (UN entity, number of projects), most projects first."""
    rows = UnProject.objects.values_list("agency").annotate(n=Count("id")).order_by("-n", "agency")
    return [(agency, n) for agency, n in rows]


def un_projects_by_sdg() -> dict[int, int]:
    """Return the number of UN AI projects per SDG."""
    rows = UnProject.sdgs.through.objects.values_list("sustainabledevelopmentgoal_id").annotate(
        n=Count("unproject_id")
    )
    return {int(goal): n for goal, n in rows.order_by()}


def proposal_list(*, actor: Actor, status: str | None = None) -> QuerySet[ChangeProposal]:
    """Return the change proposals the actor may see (secretariat: all; focal point: own)."""
    proposals = access.scope(actor, "landscape.view_proposal", ChangeProposal.objects.all())
    if status:
        proposals = proposals.filter(status=status)
    return proposals.select_related("country", "proposer", "reviewer").order_by(
        "-created_at", "-id"
    )


def proposals_awaiting_review(*, actor: Actor) -> QuerySet[ChangeProposal]:
    """Return the pending proposals `actor` may accept or reject (the secretariat's), oldest
    first; none for anyone else, a focal point included (it waits on the secretariat)."""
    if not access.has(actor, "landscape.review_proposal"):
        return ChangeProposal.objects.none()
    pending = proposal_list(actor=actor, status=ChangeProposal.Status.PENDING)
    return pending.order_by("created_at", "id")


def proposal_get(*, actor: Actor, proposal_id: int) -> ChangeProposal:
    """Return one proposal the actor may see; raise NotFound otherwise (existence never leaks)."""
    proposal = proposal_list(actor=actor).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound()
    return proposal


def proposal_target(*, proposal: ChangeProposal) -> Participation | Policy | None:
    """Return the record a proposal changes (None for an addition or a vanished record)."""
    if not proposal.target_id:
        return None
    if proposal.subject == ChangeProposal.Subject.PARTICIPATION:
        return Participation.objects.filter(pk=proposal.target_id).first()
    return Policy.objects.filter(pk=proposal.target_id).first()


def proposal_values(*, proposal: ChangeProposal) -> list[tuple[str, str]]:
    """Return a proposal's values as a reader reads them: (field label, value), in the form's
    order; choices by their labels, countries, initiatives and risk areas by their names in
    the reader's language, dates in the reader's format. A value that names nothing known is
    shown as it was given."""
    from aigov.landscape.forms import ParticipationValues, PolicyValues

    form = (
        ParticipationValues
        if proposal.subject == ChangeProposal.Subject.PARTICIPATION
        else PolicyValues
    )
    changes = proposal.changes or {}
    named = {
        "initiative": dict(Initiative.objects.values_list("slug", "names")),
        "participant": dict(country_list().values_list("iso3", "names")),
        "risk_areas": dict(RiskArea.objects.values_list("slug", "names")),
    }
    named["jurisdiction"] = named["participant"]
    rows = []
    for name, field in form.base_fields.items():
        if name not in changes:
            continue
        rows.append((str(field.label), _value_as_read(changes[name], field, named.get(name))))
    return rows


def _value_as_read(value: Any, field: Any, names: dict[str, Any] | None) -> str:
    if value in (None, "", []):
        return ""
    if names is not None:
        words = value if isinstance(value, list) else str(value).replace(",", ";").split(";")
        codes = [str(word).strip() for word in words if str(word).strip()]
        return join_list(pick(names[code]).text if code in names else code for code in codes)
    if getattr(field, "choices", None):
        return str({str(k): label for k, label in field.choices}.get(str(value), value))
    if isinstance(field, DateField):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


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


# --- What changed recently (the home page) ---------------------------------------------------


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

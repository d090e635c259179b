"""Reads of the governance landscape: initiatives, participants, representation.

Initiatives, participation, policies and the UN system are public: read by everyone, signed in
or not. Change proposals are read through their permission scope (permissions.py).
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
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
    count: int
    cells: list[bool]


@dataclass(frozen=True)
class RepresentationMatrix:
    as_of: datetime.date
    initiatives: list[Initiative]
    rows: list[MatrixRow]


def representation_matrix(*, as_of: datetime.date) -> RepresentationMatrix:
    """Return UN member states by initiatives on `as_of`: who takes part in what (same rules).

    Rows are sorted by the country's name in the reader's language (ICU collation).
    """
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
    return RepresentationMatrix(as_of=as_of, initiatives=initiatives, rows=sorted_by_names(rows))


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

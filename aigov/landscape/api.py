"""/api/landscape/: initiatives, participation, representation, policies, the UN system (public,
read-only) and the change proposals of focal points (signed in, through permission scopes)."""

import datetime
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.landscape import selectors, services
from aigov.landscape.models import ChangeProposal, Initiative, Participation, Policy, UnProject

router = Router(tags=["landscape"])

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    # Pydantic would also take "0" (a Unix time) or "20240901"; the contract is YYYY-MM-DD.
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Use a date written YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]

# The model choices, spelled out: enum classes would share a schema name ("Kind", "Status") with
# other modules' in the OpenAPI document. tests/test_review.py checks they match the models.
PolicyKindParam = Literal["strategy", "law", "regulation", "guideline", "institution"]
PolicyStatusParam = Literal["proposed", "adopted", "in_force", "repealed"]
ProposalSubjectParam = Literal["participation", "policy"]
ProposalStatusParam = Literal["pending", "accepted", "rejected", "withdrawn"]


class InitiativeOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    short_name: str
    short_names: dict[str, str]
    kind: str
    instrument: str
    year: int
    start_on: datetime.date | None
    is_binding: bool
    url: str
    description: dict[str, str]
    source: str
    participant_count: int

    @staticmethod
    def resolve_name(obj: Initiative) -> str:
        return pick(obj.names).text


class InitiativeParticipationOut(Schema):
    iso3: str
    name: str
    is_un_member: bool
    basis: str
    started_on: datetime.date
    ended_on: datetime.date | None
    source_url: str
    source_note: str

    @staticmethod
    def resolve_iso3(obj: Participation) -> str:
        return str(obj.participant_id)

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return pick(obj.participant.names).text

    @staticmethod
    def resolve_is_un_member(obj: Participation) -> bool:
        return obj.participant.is_un_member


class InitiativeDetailOut(InitiativeOut):
    participants: list[InitiativeParticipationOut]

    @staticmethod
    def resolve_participants(obj: Initiative) -> list[Participation]:
        return list(obj.participations.all())


class InitiativeCountOut(Schema):
    participants: int
    member_states: int
    non_state: int


class RepresentationOut(Schema):
    as_of: datetime.date
    member_states: int
    in_none: int
    in_all: int
    initiatives: dict[str, InitiativeCountOut]
    countries: dict[str, int]


@router.get(
    "/representation",
    response=RepresentationOut,
    summary="Who takes part in which initiative on a date (UN Member States)",
    operation_id="landscape_representation",
)
def representation(request: HttpRequest, as_of: IsoDate | None = None) -> Any:
    day = as_of or timezone.localdate()
    return selectors.representation(as_of=day).summary()


@router.get(
    "/initiatives",
    response=list[InitiativeOut],
    summary="Governance initiatives",
    operation_id="landscape_initiatives",
)
@paginate(Page)
def initiatives(request: HttpRequest) -> Any:
    return selectors.initiative_list()


@router.get(
    "/initiatives/{slug}",
    response=InitiativeDetailOut,
    summary="One governance initiative with its participants",
    operation_id="landscape_initiative",
)
def initiative(request: HttpRequest, slug: str) -> Any:
    return selectors.initiative_get(slug=slug)


class LandscapePolicyOut(Schema):
    slug: str
    title: str
    titles: dict[str, str]
    jurisdiction: str
    kind: str
    status: str
    proposed_on: datetime.date | None
    adopted_on: datetime.date | None
    in_force_on: datetime.date | None
    repealed_on: datetime.date | None
    url: str
    summary: dict[str, str]
    risk_areas: list[str]
    sdgs: list[int]
    source: str
    confidence: str
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Policy) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_titles(obj: Policy) -> dict[str, str]:
        return obj.names

    @staticmethod
    def resolve_jurisdiction(obj: Policy) -> str:
        return str(obj.jurisdiction_id)

    @staticmethod
    def resolve_risk_areas(obj: Policy) -> list[str]:
        return sorted(area.slug for area in obj.risk_areas.all())

    @staticmethod
    def resolve_sdgs(obj: Policy) -> list[int]:
        return sorted(goal.number for goal in obj.sdgs.all())


@router.get(
    "/policies",
    response=list[LandscapePolicyOut],
    summary="National and regional AI policies and institutions",
    operation_id="landscape_policies",
)
@paginate(Page)
def policies(
    request: HttpRequest,
    jurisdiction: str | None = None,
    kind: PolicyKindParam | None = None,
    status: PolicyStatusParam | None = None,
    risk_area: str | None = None,
    sdg: int | None = None,
) -> Any:
    return selectors.policy_list(
        actor=request.user,
        jurisdiction=jurisdiction,
        kind=kind,
        status=status,
        risk_area=risk_area,
        sdg=sdg,
    )


@router.get(
    "/policies/{slug}",
    response=LandscapePolicyOut,
    summary="One policy or institution",
    operation_id="landscape_policy",
)
def policy(request: HttpRequest, slug: str) -> Any:
    return selectors.policy_get(actor=request.user, slug=slug)


class UnInstrumentOut(Schema):
    slug: str
    symbol: str
    title: str
    titles: dict[str, str]
    issuing_body: str
    adopted_on: datetime.date
    is_binding: bool
    domains: list[str]
    url: str
    source: str
    confidence: str

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_titles(obj: Any) -> dict[str, str]:
        return dict(obj.names)

    @staticmethod
    def resolve_domains(obj: Any) -> list[str]:
        return sorted(topic.slug for topic in obj.topics.all())


@router.get(
    "/un-instruments",
    response=list[UnInstrumentOut],
    summary="UN instruments relevant to AI",
    operation_id="landscape_un_instruments",
)
@paginate(Page)
def un_instruments(request: HttpRequest) -> Any:
    return selectors.un_instrument_list()


class UnProjectOut(Schema):
    id: int
    title: str
    agency: str
    year: int
    sdgs: list[int]
    countries: list[str]
    url: str
    source: str
    is_demo: bool

    @staticmethod
    def resolve_title(obj: UnProject) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_sdgs(obj: UnProject) -> list[int]:
        return sorted(goal.number for goal in obj.sdgs.all())

    @staticmethod
    def resolve_countries(obj: UnProject) -> list[str]:
        return sorted(country.iso3 for country in obj.countries.all())


@router.get(
    "/un-projects",
    response=list[UnProjectOut],
    summary="AI projects of UN entities",
    operation_id="landscape_un_projects",
)
@paginate(Page)
def un_projects(
    request: HttpRequest,
    agency: str | None = None,
    sdg: int | None = None,
    country: str | None = None,
    year: int | None = None,
) -> Any:
    return selectors.un_project_list(agency=agency, sdg=sdg, country=country, year=year)


class LandscapeHalfYearOut(Schema):
    period: str
    new_initiatives: list[str]
    joined_by_regional_group: dict[str, int]


@router.get(
    "/over-time",
    response=list[LandscapeHalfYearOut],
    summary="New initiatives and new participation per half-year",
    operation_id="landscape_over_time",
)
@paginate(Page)
def over_time(request: HttpRequest, until: IsoDate | None = None) -> Any:
    halves = selectors.initiatives_over_time(until=until or timezone.localdate())
    return [
        {
            "period": half.label,
            "new_initiatives": [initiative.slug for initiative in half.new_initiatives],
            "joined_by_regional_group": {
                group or "non_member": n for group, n in half.joined.items()
            },
        }
        for half in halves
    ]


class LandscapeProposalIn(Schema):
    subject: ProposalSubjectParam
    values: dict[str, str]
    target: str = ""
    rationale: str = ""


class LandscapeProposalOut(Schema):
    id: int
    subject: str
    action: str
    country: str
    target: str
    values: dict[str, str]
    rationale: str
    status: str
    created_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    review_note: str

    @staticmethod
    def resolve_country(obj: ChangeProposal) -> str:
        return str(obj.country_id)

    @staticmethod
    def resolve_target(obj: ChangeProposal) -> str:
        return obj.target_id

    @staticmethod
    def resolve_values(obj: ChangeProposal) -> dict[str, str]:
        return dict(obj.changes)


class LandscapeReviewIn(Schema):
    note: str = ""


@router.get(
    "/proposals",
    response=list[LandscapeProposalOut],
    auth=actor_auth,
    summary="Change proposals I may see (secretariat: all; focal point: my countries)",
    operation_id="landscape_proposals",
)
@paginate(Page)
def proposals(request: HttpRequest, status: ProposalStatusParam | None = None) -> Any:
    return selectors.proposal_list(actor=request.user, status=status)


@router.post(
    "/proposals",
    response={201: LandscapeProposalOut},
    auth=actor_auth,
    summary="Propose a change to my country's participation or policies",
    operation_id="landscape_proposal_submit",
)
def proposal_submit(request: HttpRequest, payload: LandscapeProposalIn) -> Any:
    proposal = services.proposal_submit(
        actor=request.user,
        subject=payload.subject,
        data=payload.values,
        target_id=payload.target,
        rationale=payload.rationale,
    )
    return 201, proposal


@router.get(
    "/proposals/{proposal_id}",
    response=LandscapeProposalOut,
    auth=actor_auth,
    summary="One change proposal",
    operation_id="landscape_proposal",
)
def proposal(request: HttpRequest, proposal_id: int) -> Any:
    return selectors.proposal_get(actor=request.user, proposal_id=proposal_id)


@router.post(
    "/proposals/{proposal_id}/accept",
    response=LandscapeProposalOut,
    auth=actor_auth,
    summary="Accept a proposal and apply it (secretariat)",
    operation_id="landscape_proposal_accept",
)
def proposal_accept(request: HttpRequest, proposal_id: int, payload: LandscapeReviewIn) -> Any:
    found = selectors.proposal_get(actor=request.user, proposal_id=proposal_id)
    return services.proposal_accept(actor=request.user, proposal=found, note=payload.note)


@router.post(
    "/proposals/{proposal_id}/reject",
    response=LandscapeProposalOut,
    auth=actor_auth,
    summary="Reject a proposal, saying why (secretariat)",
    operation_id="landscape_proposal_reject",
)
def proposal_reject(request: HttpRequest, proposal_id: int, payload: LandscapeReviewIn) -> Any:
    found = selectors.proposal_get(actor=request.user, proposal_id=proposal_id)
    return services.proposal_reject(actor=request.user, proposal=found, note=payload.note)

"""/api/landscape/: governance initiatives, participation and representation; public, read-only."""

import datetime
import re
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.landscape import selectors
from aigov.landscape.models import Initiative, Participation

router = Router(tags=["landscape"])

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    # Pydantic would also take "0" (a Unix time) or "20240901"; the contract is YYYY-MM-DD.
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Use a date written YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]


class InitiativeOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    short_name: str
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


class ParticipationOut(Schema):
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
    participants: list[ParticipationOut]

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

"""/api/dialogue/practices: practices, submitted, reviewed and linked."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.api.shared import PK, ObjectIn
from aigov.dialogue.models import Practice

router = Router()


class PracticeIn(ObjectIn):
    titles: dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
    descriptions: dict[
        Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=20000)]
    ] = Field(default_factory=dict)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    sessions: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=20
    )
    url: str = Field("", max_length=200)
    policies: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    standards: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )


class PracticeOut(Schema):
    id: int
    title: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    country: str | None
    sessions: list[str]
    url: str
    policies: list[str]
    standards: list[str]
    status: str
    review_note: str
    is_demo: bool

    @staticmethod
    def resolve_policies(obj: Practice) -> list[str]:
        return [policy.slug for policy in obj.policies.all()]

    @staticmethod
    def resolve_standards(obj: Practice) -> list[str]:
        return [standard.reference for standard in obj.standards.all()]

    @staticmethod
    def resolve_title(obj: Practice) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_country(obj: Practice) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_sessions(obj: Practice) -> list[str]:
        return [session.slug for session in obj.sessions.all()]


@router.get(
    "/practices",
    response=list[PracticeOut],
    summary="Governance practices you may see",
    operation_id="dialogue_practices",
)
@paginate(Page)
def practices(request: HttpRequest) -> Any:
    return selectors.practice_list(actor=request.user)


@router.post(
    "/practices",
    response={201: PracticeOut},
    auth=actor_auth,
    summary="Submit a governance practice",
    operation_id="dialogue_practice_submit",
)
def practice_submit(request: HttpRequest, payload: PracticeIn) -> Status[Practice]:
    values = payload.dict()
    links = selectors.link_targets(
        actor=request.user,
        policies=values.pop("policies"),
        standards=values.pop("standards"),
        sessions=values.pop("sessions"),
    )
    practice = services.practice_submit(
        actor=request.user,
        sessions=links.sessions,
        policies=links.policies,
        standards=links.standards,
        **values,
    )
    return Status(201, selectors.practice_get(actor=request.user, pk=practice.pk))


# Practices: review and links -----------------------------------------------------------------


class DialogueReviewIn(ObjectIn):
    decision: Literal["accept", "reject"]
    note: str = Field("", max_length=5000)


class PracticeLinksIn(ObjectIn):
    policies: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    standards: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )


@router.get(
    "/practices/{id}",
    response=PracticeOut,
    summary="One governance practice",
    operation_id="dialogue_practice",
)
def practice(request: HttpRequest, id: PK) -> Any:
    return selectors.practice_get(actor=request.user, pk=id)


@router.post(
    "/practices/{id}/review",
    response=PracticeOut,
    auth=actor_auth,
    summary="Accept or decline a practice, with a note (secretariat)",
    operation_id="dialogue_practice_review",
)
def practice_review(request: HttpRequest, id: PK, payload: DialogueReviewIn) -> Any:
    found = selectors.practice_get(actor=request.user, pk=id)
    if payload.decision == "accept":
        services.practice_accept(actor=request.user, practice=found, note=payload.note)
    else:
        services.practice_reject(actor=request.user, practice=found, note=payload.note)
    return selectors.practice_get(actor=request.user, pk=id)


@router.put(
    "/practices/{id}/links",
    response=PracticeOut,
    auth=actor_auth,
    summary="Replace the policies and standards a practice is linked to (secretariat)",
    operation_id="dialogue_practice_links",
)
def practice_links(request: HttpRequest, id: PK, payload: PracticeLinksIn) -> Any:
    found = selectors.practice_get(actor=request.user, pk=id)
    require(request.user, "dialogue.review_practice")
    links = selectors.link_targets(
        actor=request.user, policies=payload.policies, standards=payload.standards
    )
    services.practice_set_links(
        actor=request.user, practice=found, policies=links.policies, standards=links.standards
    )
    return selectors.practice_get(actor=request.user, pk=id)

"""/api/standards/: the register of standards, the gap matrix, definitions and reviews."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, FilterSchema, Path, Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.standards import selectors, services
from aigov.standards.models import Review, Standard

router = Router(tags=["standards"])

# The model choices, spelled out: enum classes would be named "Status" and "Position" in the
# OpenAPI document, where another module's enum of the same name takes their place (issue 17,
# part 7). tests/test_api.py checks they match the models.
StandardStatus = Literal["proposal", "under_development", "published", "revised", "withdrawn"]
ReviewPosition = Literal["support", "support_with_changes", "oppose", "no_position"]


class StandardTagOut(Schema):
    slug: str
    name: str


class StandardTopicOut(Schema):
    slug: str
    name: str
    origin: Literal["curated", "derived"] = Field(
        description="curated: chosen by a person (standards.csv, an import, the edit page); "
        "derived: found in the title or scope by a term rule."
    )
    matched_in: Literal["", "title", "summary"] = Field(
        description="For a derived topic, the text that matched (summary: the scope)."
    )
    matched: str = Field(description="For a derived topic, the words that matched.")


class StatusChangeOut(Schema):
    status: str
    changed_on: datetime.date | None
    year: int | None
    origin: str
    note: str
    source: str


class StandardOut(Schema):
    id: int
    reference: str
    title: str
    titles: dict[str, str]
    sdo: str
    sdo_id: int
    doc_type: str
    status: str
    year: int | None
    edition: str
    supersedes: str | None
    topics: list[StandardTopicOut]
    lifecycle_stages: list[StandardTagOut]
    risk_areas: list[StandardTagOut]
    sdgs: list[int]
    has_measurement_methods: bool
    url: str
    summaries: dict[str, str]
    confidence: str
    source: str
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Standard) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_sdo(obj: Standard) -> str:
        return obj.body.name

    @staticmethod
    def resolve_sdo_id(obj: Standard) -> int:
        return int(obj.body_id)

    @staticmethod
    def resolve_supersedes(obj: Standard) -> str | None:
        return obj.supersedes.reference if obj.supersedes else None

    @staticmethod
    def resolve_topics(obj: Standard) -> list[dict[str, str]]:
        return [
            {
                "slug": link.topic.slug,
                "name": pick(link.topic.names).text,
                "origin": link.origin,
                "matched_in": link.matched_in,
                "matched": link.matched,
            }
            for link in obj.topic_links.all()
        ]

    @staticmethod
    def resolve_lifecycle_stages(obj: Standard) -> list[dict[str, str]]:
        return [{"slug": s.slug, "name": pick(s.names).text} for s in obj.lifecycle_stages.all()]

    @staticmethod
    def resolve_risk_areas(obj: Standard) -> list[dict[str, str]]:
        return [{"slug": a.slug, "name": pick(a.names).text} for a in obj.risk_areas.all()]

    @staticmethod
    def resolve_sdgs(obj: Standard) -> list[int]:
        return [goal.number for goal in obj.sdgs.all()]


class StandardDetailOut(StandardOut):
    status_history: list[StatusChangeOut]

    @staticmethod
    def resolve_status_history(obj: Standard) -> list[Any]:
        return list(obj.status_changes.all())


class StandardFilter(FilterSchema):
    sdo: int | None = Field(None, ge=1, le=2_147_483_647, description="Standards body id.")
    status: StandardStatus | Literal["current"] | None = Field(
        None, description="A status, or current: published or under development."
    )
    topic: str | None = Field(None, max_length=80, description="Topic slug.")
    lifecycle_stage: str | None = Field(
        None, max_length=40, description="ISO/IEC 22989 lifecycle stage slug."
    )
    risk_area: str | None = Field(None, max_length=80, description="Risk area slug.")
    sdg: int | None = Field(None, ge=1, le=17, description="Sustainable Development Goal.")


@router.get(
    "/",
    response=list[StandardOut],
    summary="AI standards, filtered by body, status, topic, lifecycle stage, risk area and SDG",
    description="`status=current` lists the published and in-development standards, those the "
    "gap matrix counts: with a cell's two tags it lists exactly the standards of that cell.",
    operation_id="standards_list",
)
@paginate(Page)
def standard_list(request: HttpRequest, filters: Query[StandardFilter]) -> Any:
    return selectors.standard_list(
        actor=request.user,
        sdo=filters.sdo,
        status=filters.status,
        topic=filters.topic,
        lifecycle_stage=filters.lifecycle_stage,
        risk_area=filters.risk_area,
        sdg=filters.sdg,
    )


class GapCellOut(Schema):
    published: int
    under_development: int


class GapUntaggedOut(Schema):
    rows: list[str]
    cols: list[str]


class GapCoverageOut(Schema):
    rows: list[str]
    cols: list[str]
    cells: dict[str, dict[str, GapCellOut]]
    untagged: GapUntaggedOut = Field(
        description="Tags no standard carries yet: not gaps, and not rows or columns."
    )


@router.get(
    "/gaps",
    response=GapCoverageOut,
    summary="Gap matrix: published and in-development standards per tag pair",
    operation_id="standards_gaps",
)
def gaps(
    request: HttpRequest,
    rows: Literal["topic", "risk_area"] = "topic",
    cols: Literal["lifecycle_stage", "sdg"] = "lifecycle_stage",
) -> Any:
    return selectors.coverage_matrix(actor=request.user, rows=rows, cols=cols).as_json()


class BodyYearOut(Schema):
    id: int
    name: str
    total: int
    counts: dict[str, int]


class ByBodyYearOut(Schema):
    status: str
    years: list[int]
    bodies: list[BodyYearOut]
    totals: dict[str, int]
    undated: int


@router.get(
    "/trends/by-body-year",
    response=ByBodyYearOut,
    summary="Standards per standards body and year (HLAB report Figure 13)",
    operation_id="standards_trends_by_body_year",
)
def trends_by_body_year(request: HttpRequest, status: StandardStatus = "published") -> Any:
    return selectors.counts_by_body_and_year(actor=request.user, status=status).as_json()


class PipelineStageOut(Schema):
    status: str
    label: str
    count: int


@router.get(
    "/trends/pipeline",
    response=list[PipelineStageOut],
    summary="Standards at each status, in lifecycle order",
    operation_id="standards_trends_pipeline",
)
@paginate(Page)
def trends_pipeline(request: HttpRequest) -> Any:
    return [
        {"status": status, "label": label, "count": count}
        for status, label, count in selectors.status_pipeline(actor=request.user)
    ]


class GapProposalOut(Schema):
    id: int
    title: str
    rationale: str
    evidence: str
    topic: str | None
    risk_area: str | None
    lifecycle_stage: str | None
    proposed_by: str
    created_at: datetime.datetime
    endorsements: int
    is_demo: bool

    @staticmethod
    def resolve_topic(obj: Any) -> str | None:
        return obj.topic_id

    @staticmethod
    def resolve_risk_area(obj: Any) -> str | None:
        return obj.risk_area_id

    @staticmethod
    def resolve_lifecycle_stage(obj: Any) -> str | None:
        return obj.lifecycle_stage.slug if obj.lifecycle_stage else None

    @staticmethod
    def resolve_proposed_by(obj: Any) -> str:
        return str(obj.author)

    @staticmethod
    def resolve_endorsements(obj: Any) -> int:
        return int(obj.endorsement_count)


@router.get(
    "/gap-proposals",
    response=list[GapProposalOut],
    summary="Proposed gaps in AI standards, most endorsed first",
    operation_id="standards_gap_proposals",
)
@paginate(Page)
def gap_proposals(request: HttpRequest) -> Any:
    return selectors.gap_proposal_list(actor=request.user)


class StandardFollowOut(Schema):
    id: int
    standard_id: int | None
    standard: str | None
    topic: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_standard(obj: Any) -> str | None:
        return obj.standard.reference if obj.standard else None

    @staticmethod
    def resolve_topic(obj: Any) -> str | None:
        return obj.topic_id


class StandardFollowIn(Schema):
    standard_id: int | None = Field(None, ge=1, le=2_147_483_647)
    topic: str | None = Field(None, max_length=80, description="Topic slug.")


@router.get(
    "/follows",
    response=list[StandardFollowOut],
    auth=actor_auth,
    summary="The standards and topics you follow",
    operation_id="standards_follows",
)
@paginate(Page)
def follow_list(request: HttpRequest) -> Any:
    return selectors.follow_list(actor=request.user)


@router.post(
    "/follows",
    response={201: StandardFollowOut},
    auth=actor_auth,
    summary="Follow a standard or a topic (e-mail when its standards change status)",
    operation_id="standards_follow_add",
)
def follow_add(request: HttpRequest, payload: StandardFollowIn) -> Any:
    standard = (
        selectors.standard_get(actor=request.user, pk=payload.standard_id)
        if payload.standard_id is not None
        else None
    )
    topic = selectors.topic_for_follow(slug=payload.topic) if payload.topic else None
    follow = services.follow_add(
        actor=request.user,
        standard=standard,
        topic=topic,
    )
    return Reply(201, follow)


@router.delete(
    "/follows/{follow_id}",
    response={204: None},
    auth=actor_auth,
    summary="Stop following",
    operation_id="standards_follow_delete",
)
def follow_delete(request: HttpRequest, follow_id: int = Path(..., ge=1, le=2_147_483_647)) -> Any:
    follow = selectors.follow_get(actor=request.user, pk=follow_id)
    services.follow_remove(actor=request.user, follow=follow)
    return Reply(204, None)


class ToolStandardOut(Schema):
    id: int
    reference: str


class AssessmentToolOut(Schema):
    slug: str
    name: str
    provider: str
    kind: str
    url: str
    languages: list[str]
    licence: str
    summary: str
    summaries: dict[str, str]
    standards: list[ToolStandardOut]
    is_demo: bool

    @staticmethod
    def resolve_summary(obj: Any) -> str:
        return pick(obj.summaries).text

    @staticmethod
    def resolve_standards(obj: Any) -> list[Any]:
        return list(obj.standards.all())


# A Literal, not AssessmentTool.Kind: OpenAPI names enum schemas by class name, and another
# module's `Kind` would take this one's place in the document (tests pin that they agree).
ToolKind = Literal["checklist", "test_suite", "questionnaire", "software"]


class AssessmentToolFilter(FilterSchema):
    kind: ToolKind | None = None
    standard: int | None = Field(None, ge=1, le=2_147_483_647, description="Standard id.")
    language: str | None = Field(None, max_length=20, description="BCP 47 language tag.")
    q: str | None = Field(None, max_length=200, description="Words in name, provider, summary.")


@router.get(
    "/tools",
    response=list[AssessmentToolOut],
    summary="Self-assessment tools, each with the standards it covers",
    operation_id="standards_tools",
)
@paginate(Page)
def tool_list(request: HttpRequest, filters: Query[AssessmentToolFilter]) -> Any:
    return selectors.assessment_tool_list(
        actor=request.user,
        kind=filters.kind,
        standard=filters.standard,
        language=filters.language,
        q=filters.q,
    )


@router.get(
    "/tools/{slug}",
    response=AssessmentToolOut,
    summary="One self-assessment tool",
    operation_id="standards_tool_detail",
)
def tool_detail(request: HttpRequest, slug: str = Path(..., max_length=100)) -> Any:
    return selectors.assessment_tool_get(actor=request.user, slug=slug)


@router.get(
    "/{standard_id}",
    response=StandardDetailOut,
    summary="One standard with its status history",
    operation_id="standards_detail",
)
def standard_detail(
    request: HttpRequest, standard_id: int = Path(..., ge=1, le=2_147_483_647)
) -> Any:
    return selectors.standard_get(actor=request.user, pk=standard_id)


class StandardsReviewOut(Schema):
    id: int
    parent_id: int | None
    author: str
    position: str
    rationale: str
    scores: dict[str, int]
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: Review) -> str:
        return str(obj.author)


class StandardsReviewIn(Schema):
    position: ReviewPosition
    rationale: str = Field(..., min_length=1, max_length=20_000)
    scores: dict[str, int] = {}


@router.get(
    "/{standard_id}/reviews",
    response=list[StandardsReviewOut],
    summary="Reviews of a standard that you may see",
    operation_id="standards_reviews",
)
@paginate(Page)
def review_list(request: HttpRequest, standard_id: int = Path(..., ge=1, le=2_147_483_647)) -> Any:
    standard = selectors.standard_get(actor=request.user, pk=standard_id)
    return selectors.review_list(actor=request.user, standard=standard)


@router.post(
    "/{standard_id}/reviews",
    response={201: StandardsReviewOut},
    auth=actor_auth,
    summary="Post a review of a standard (registered participants)",
    operation_id="standards_review_post",
)
def review_post(
    request: HttpRequest,
    payload: StandardsReviewIn,
    standard_id: int = Path(..., ge=1, le=2_147_483_647),
) -> Any:
    standard = selectors.standard_get(actor=request.user, pk=standard_id)
    review = services.review_post(
        actor=request.user,
        standard=standard,
        position=payload.position,
        rationale=payload.rationale,
        scores=payload.scores,
    )
    return Reply(201, review)


@router.get(
    "/concepts/{slug}/reviews",
    response=list[StandardsReviewOut],
    summary="Reviews of a concept's definitions that you may see",
    operation_id="standards_concept_reviews",
)
@paginate(Page)
def concept_review_list(request: HttpRequest, slug: str = Path(..., max_length=80)) -> Any:
    concept = selectors.concept_get(slug=slug)
    return selectors.review_list(actor=request.user, concept=concept)


@router.post(
    "/concepts/{slug}/reviews",
    response={201: StandardsReviewOut},
    auth=actor_auth,
    summary="Post a review of a concept's definitions (registered participants)",
    operation_id="standards_concept_review_post",
)
def concept_review_post(
    request: HttpRequest, payload: StandardsReviewIn, slug: str = Path(..., max_length=80)
) -> Any:
    concept = selectors.concept_get(slug=slug)
    review = services.review_post(
        actor=request.user,
        concept=concept,
        position=payload.position,
        rationale=payload.rationale,
        scores=payload.scores,
    )
    return Reply(201, review)

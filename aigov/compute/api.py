"""/api/compute/: the resource catalogue, projects, allocation requests and their decisions,
allocations, jobs and the federation's fair share (issue 20, "Interfaces").

Reads go through `aigov.compute.selectors`, narrowed to what the caller may see: a record the
caller may not see is answered 404 exactly like a missing one.
"""

import datetime
import json
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.compute import selectors, services
from aigov.compute.models import AllocationRequest, Job, Resource
from aigov.core.api import Page, problem_response

router = Router(tags=["compute"])

PK = Annotated[int, Field(ge=1, le=2**53)]
Units = Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=4)]


class ComputeResourceOut(Schema):
    id: int
    slug: str
    name: str
    node: str
    country: str | None
    kind: str
    unit: str
    capacity: float
    period: str
    scheduler: str
    rate: float
    currency: str
    accelerator_model: str
    memory_gb: int | None
    fp16_tflops: float | None
    fp32_tflops: float | None
    interconnect: str
    energy_source: str
    carbon_intensity: int | None

    @staticmethod
    def resolve_node(obj: Resource) -> str:
        return obj.node.slug

    @staticmethod
    def resolve_country(obj: Resource) -> str | None:
        return obj.node.country_id


@router.get(
    "/resources",
    response=list[ComputeResourceOut],
    summary="The resource catalogue",
    operation_id="compute_resources",
)
@paginate(Page)
def resources(
    request: HttpRequest,
    kind: Literal["gpu", "cpu", "storage"] | None = None,
    min_memory_gb: Annotated[int, Field(ge=0, le=100_000)] | None = None,
) -> Any:
    return selectors.resource_list(actor=request.user, kind=kind or "", min_memory_gb=min_memory_gb)


class ComputeProjectIn(Schema):
    title: str = Field(max_length=300)
    country: str = Field(min_length=2, max_length=3)
    purpose: str = Field(max_length=10000)
    sdg_targets: list[Annotated[str, Field(max_length=8)]] = Field(
        default_factory=list, max_length=30
    )
    organisation: PK | None = None
    topics: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=30)
    members: list[Annotated[str, Field(max_length=254)]] = Field(
        default_factory=list, max_length=50, description="E-mail addresses of the team's accounts."
    )


class ComputeProjectOut(Schema):
    id: int
    title: str
    country: str
    purpose: str
    lead: int
    sdg_targets: list[str]
    organisation: int | None
    topics: list[str]
    members: list[int]

    @staticmethod
    def resolve_organisation(obj: Any) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return sorted(topic.slug for topic in obj.topics.all())

    @staticmethod
    def resolve_members(obj: Any) -> list[int]:
        return sorted(member.pk for member in obj.members.all())

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country_id)

    @staticmethod
    def resolve_sdg_targets(obj: Any) -> list[str]:
        return [target.code for target in obj.sdg_targets.all()]

    @staticmethod
    def resolve_lead(obj: Any) -> int:
        return int(obj.lead_id)


@router.post(
    "/projects",
    response={201: ComputeProjectOut},
    auth=actor_auth,
    summary="Create a project",
    operation_id="compute_project_create",
)
def project_create(request: HttpRequest, payload: ComputeProjectIn) -> Status[Any]:
    project = services.project_create(
        actor=request.user,
        title=payload.title,
        country=selectors.country_for_project(code=payload.country),
        purpose=payload.purpose,
        sdg_targets=selectors.sdg_targets_for_project(codes=payload.sdg_targets),
        organisation=selectors.organisation_for_project(
            actor=request.user, pk=payload.organisation
        ),
        topics=selectors.topics_for_project(slugs=payload.topics),
        members=selectors.members_for_project(emails=payload.members),
    )
    return Status(201, project)


@router.get(
    "/projects/{pk}",
    response=ComputeProjectOut,
    summary="One project you may see",
    operation_id="compute_project",
)
def project(request: HttpRequest, pk: PK) -> Any:
    return selectors.project_get(actor=request.user, pk=pk)


class ComputeRequestIn(Schema):
    project: PK
    resource: PK
    amount: Units
    justification: str = Field(max_length=10000)
    priority: Literal["standard", "time_critical"] = "standard"
    time_critical_reason: str = Field("", max_length=5000)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    kind: Literal["new", "renewal", "change"] = "new"
    allocation: PK | None = None


class ComputeFeeOut(Schema):
    amount: float
    currency: str
    waived: bool
    reason: str
    reason_code: str


class ComputeRequestOut(Schema):
    id: int
    project: int
    resource: int
    amount: float
    status: str
    kind: str
    priority: str
    starts_on: datetime.date
    ends_on: datetime.date
    review_due_at: datetime.datetime | None
    decision_note: str
    fee: ComputeFeeOut
    allocation: int | None

    @staticmethod
    def resolve_project(obj: AllocationRequest) -> int:
        return obj.project_id

    @staticmethod
    def resolve_resource(obj: AllocationRequest) -> int:
        return obj.resource_id

    @staticmethod
    def resolve_fee(obj: AllocationRequest) -> dict[str, Any]:
        return {
            "amount": obj.fee_amount,
            "currency": obj.fee_currency,
            "waived": obj.fee_waived,
            "reason": obj.fee_reason_text,
            "reason_code": obj.fee_reason,
        }

    @staticmethod
    def resolve_allocation(obj: AllocationRequest) -> int | None:
        granted = getattr(obj, "granted_allocation", None)
        return granted.pk if granted is not None else obj.allocation_id


@router.post(
    "/requests",
    response={201: ComputeRequestOut},
    auth=actor_auth,
    summary="Request an allocation",
    operation_id="compute_request_submit",
)
def request_submit(request: HttpRequest, payload: ComputeRequestIn) -> Status[Any]:
    targets = selectors.request_targets(
        actor=request.user,
        project=payload.project,
        resource=payload.resource,
        allocation=payload.allocation,
    )
    submitted = services.request_submit(
        actor=request.user,
        project=targets.project,
        resource=targets.resource,
        kind=payload.kind,
        allocation=targets.allocation,
        amount=payload.amount,
        justification=payload.justification,
        priority=payload.priority,
        time_critical_reason=payload.time_critical_reason,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, submitted)


@router.get(
    "/requests/{pk}",
    response=ComputeRequestOut,
    summary="One allocation request you may see",
    operation_id="compute_request",
)
def request_detail(request: HttpRequest, pk: PK) -> Any:
    return selectors.request_get(actor=request.user, pk=pk)


class ComputeDecisionIn(Schema):
    decision: Literal["approve", "reject", "return"]
    amount: Units | None = None
    note: str = Field("", max_length=5000)


class ComputeDecisionOut(Schema):
    status: str
    allocation: int | None


@router.post(
    "/requests/{pk}/decision",
    response=ComputeDecisionOut,
    auth=actor_auth,
    summary="Approve, return or reject a request (the node's operators, the secretariat)",
    operation_id="compute_request_decide",
)
def request_decide(request: HttpRequest, pk: PK, payload: ComputeDecisionIn) -> dict[str, Any]:
    decided = services.request_decide(
        actor=request.user,
        request=selectors.request_get(actor=request.user, pk=pk),
        decision=payload.decision,
        amount=payload.amount,
        note=payload.note,
    )
    return {"status": decided.status, "allocation": ComputeRequestOut.resolve_allocation(decided)}


class ComputeAllocationOut(Schema):
    id: int
    project: int
    resource: int
    unit: str
    granted: float
    used: float
    held: float
    remaining: float
    starts_on: datetime.date
    ends_on: datetime.date


@router.get(
    "/allocations/{pk}",
    response=ComputeAllocationOut,
    summary="One allocation and its account",
    operation_id="compute_allocation",
)
def allocation(request: HttpRequest, pk: PK) -> dict[str, Any]:
    found = selectors.allocation_get(actor=request.user, pk=pk)
    account = selectors.allocation_account(allocation=found)
    return {
        "id": found.pk,
        "project": found.project_id,
        "resource": found.resource_id,
        "unit": found.resource.unit,
        "granted": account.granted,
        "used": account.used,
        "held": account.held,
        "remaining": account.remaining,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
    }


class ComputeJobIn(Schema):
    allocation: PK
    command: str = Field(min_length=1, max_length=20000)
    units: Units
    walltime_minutes: Annotated[int, Field(ge=1, le=60 * 24 * 14)]


class ComputeJobOut(Schema):
    id: int
    allocation: int
    state: str
    backend: str
    units: float
    walltime_minutes: int
    exit_code: int | None
    usage: float | None
    elapsed_seconds: float | None
    output: str
    submitted_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_allocation(obj: Job) -> int:
        return obj.allocation_id

    @staticmethod
    def resolve_submitted_at(obj: Job) -> datetime.datetime:
        return obj.created_at


@router.post(
    "/jobs",
    response={201: ComputeJobOut},
    auth=actor_auth,
    summary="Submit a job under an allocation (409 with what remains if it would overdraw)",
    operation_id="compute_job_submit",
)
def job_submit(request: HttpRequest, payload: ComputeJobIn) -> Any:
    try:
        job = services.job_submit(
            actor=request.user,
            allocation=selectors.allocation_for_job(actor=request.user, pk=payload.allocation),
            command=payload.command,
            units=payload.units,
            walltime_minutes=payload.walltime_minutes,
        )
    except services.WouldOverdraw as refused:
        return _overdraw(request, refused)
    return Status(201, selectors.job_get(actor=request.user, pk=job.pk))


def _overdraw(request: HttpRequest, refused: services.WouldOverdraw) -> HttpResponse:
    response = problem_response(
        request,
        status=409,
        code=refused.code,
        title=str(refused.message),
        errors=refused.errors,
    )
    # The problem document, with what remains (RFC 7807 allows extension members).
    body = json.loads(response.content)
    body.update({"remaining": float(refused.remaining), "unit": refused.unit})
    response.content = json.dumps(body)
    return response


@router.get("/jobs/{pk}", response=ComputeJobOut, summary="One job", operation_id="compute_job")
def job(request: HttpRequest, pk: PK) -> Any:
    return selectors.job_get(actor=request.user, pk=pk)


@router.post(
    "/jobs/{pk}/cancel",
    response=ComputeJobOut,
    auth=actor_auth,
    summary="Cancel a job that has not ended",
    operation_id="compute_job_cancel",
)
def job_cancel(request: HttpRequest, pk: PK) -> Any:
    job = services.job_cancel(actor=request.user, job=selectors.job_get(actor=request.user, pk=pk))
    return selectors.job_get(actor=request.user, pk=job.pk)


class ComputeFairShareItem(Schema):
    country: str
    share: float
    usage: float
    factor: float


class ComputeFairShareOut(Schema):
    count: int
    items: list[ComputeFairShareItem]


@router.get(
    "/fairshare",
    response=ComputeFairShareOut,
    summary="Each country's fair share, normalised usage and factor 2^(-usage/share)",
    operation_id="compute_fairshare",
)
def fairshare(request: HttpRequest) -> dict[str, Any]:
    rows = selectors.fairshare()
    return {"count": len(rows), "items": rows}

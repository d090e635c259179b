"""Reads of resources, projects, requests, allocations and jobs."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, scope
from aigov.accounts.selectors import organisation_list, users_by_email
from aigov.capacity import selectors as capacity
from aigov.compute.models import (
    Allocation,
    AllocationRequest,
    Job,
    Movement,
    Priority,
    Project,
    Resource,
    Scheduler,
)
from aigov.core.errors import ErrorItem, InvalidInput, NotFound, field_error
from aigov.taxonomy.selectors import country_get_by_code, sdg_target_list, topic_list


def resource_list(
    *,
    actor: Actor,
    kind: str = "",
    min_memory_gb: int | None = None,
    active_only: bool = True,
    country: str = "",
) -> QuerySet[Resource]:
    """Return the resources of the catalogue, with their nodes (those of one host country's
    nodes, with `country`)."""
    resources = scope(actor, "compute.view_resource", Resource.objects.all()).select_related(
        "node", "node__country"
    )
    if active_only:
        resources = resources.filter(is_active=True)
    if kind:
        resources = resources.filter(kind=kind)
    if min_memory_gb:
        resources = resources.filter(memory_gb__gte=min_memory_gb)
    if country:
        resources = resources.filter(node__country_id=country)
    return resources.order_by("slug")


def resource_get(*, actor: Actor, pk: int) -> Resource:
    """Return resource `pk`; raise NotFound."""
    resource = resource_list(actor=actor, active_only=False).filter(pk=pk).first()
    if resource is None:
        raise NotFound()
    return resource


def resource_by_slug(*, slug: str) -> Resource | None:
    """Return the resource of `slug` (any, open or not), or None: for imports, which match rows
    by slug and then ask whether the actor may change it."""
    return Resource.objects.select_related("node").filter(slug=slug).first()


@dataclass(frozen=True)
class Offer:
    """One resource that fits a request, with what it would cost and emit, and its queue."""

    resource: Resource
    units: Decimal
    fee: Decimal
    carbon_kg: Decimal | None
    queued_jobs: int
    held_units: Decimal


def resource_offers(
    *, actor: Actor, units: Decimal, kind: str = "", min_memory_gb: int | None = None
) -> list[Offer]:
    """Return every resource that fits "`units` of `kind` with at least `min_memory_gb` GB",
    cheapest first, with its full fee (before any waiver), carbon and queue."""
    resources = resource_list(actor=actor, kind=kind, min_memory_gb=min_memory_gb).annotate(
        queued_jobs=Count("allocations__jobs", filter=Q(allocations__jobs__state="queued")),
    )
    held = dict(
        Movement.objects.filter(
            allocation__resource__in=resources, job__state__in=["queued", "running"], kind="hold"
        )
        .values_list("allocation__resource_id")
        .annotate(total=Sum("units"))
    )
    offers = []
    for resource in resources:
        carbon = resource.carbon_per_unit
        offers.append(
            Offer(
                resource=resource,
                units=units,
                fee=(units * resource.rate).quantize(Decimal("0.01")),
                carbon_kg=(carbon * units / 1000).quantize(Decimal("0.001"))
                if carbon is not None
                else None,
                queued_jobs=resource.queued_jobs,
                held_units=-Decimal(held.get(resource.pk) or 0),
            )
        )
    return sorted(offers, key=lambda offer: (offer.fee, offer.resource.slug))


def project_list(*, actor: Actor) -> QuerySet[Project]:
    """Return the projects the actor may see."""
    return scope(actor, "compute.view_project", Project.objects.all()).select_related(
        "country", "lead"
    )


def project_get(*, actor: Actor, pk: int) -> Project:
    """Return project `pk`; raise NotFound for a missing or hidden one."""
    project = project_list(actor=actor).filter(pk=pk).first()
    if project is None:
        raise NotFound()
    return project


def projects_open_to_requests(*, actor: Actor) -> QuerySet[Project]:
    """Return the projects the actor may ask compute for (those they lead or are part of)."""
    return scope(actor, "compute.request_allocation", Project.objects.all()).select_related(
        "country"
    )


def request_list(
    *, actor: Actor, status: str = "", project: Project | None = None
) -> QuerySet[AllocationRequest]:
    """Return the requests the actor may see (of one project, with `project`)."""
    requests = scope(actor, "compute.view_request", AllocationRequest.objects.all()).select_related(
        "project", "project__country", "resource", "resource__node"
    )
    if status:
        requests = requests.filter(status=status)
    if project is not None:
        requests = requests.filter(project=project)
    return requests


def request_get(*, actor: Actor, pk: int) -> AllocationRequest:
    """Return request `pk`; raise NotFound for a missing or hidden one."""
    request = request_list(actor=actor).filter(pk=pk).first()
    if request is None:
        raise NotFound()
    return request


def requests_to_decide(*, actor: Actor) -> QuerySet[AllocationRequest]:
    """Return the submitted requests the actor may decide, time-critical first, then oldest."""
    requests = scope(
        actor, "compute.decide_request", AllocationRequest.objects.all()
    ).select_related("project", "project__country", "resource", "resource__node")
    return requests.filter(status=AllocationRequest.Status.SUBMITTED).order_by(
        "review_due_at", "created_at", "pk"
    )


def can_decide_request(*, actor: Actor, request: AllocationRequest) -> bool:
    return request.status == AllocationRequest.Status.SUBMITTED and has(
        actor, "compute.decide_request", request
    )


def allocation_list(*, actor: Actor, project: Project | None = None) -> QuerySet[Allocation]:
    """Return the allocations the actor may see (of one project, with `project`)."""
    allocations = scope(actor, "compute.view_allocation", Allocation.objects.all()).select_related(
        "project", "resource", "resource__node"
    )
    return allocations.filter(project=project) if project is not None else allocations


def allocation_get(*, actor: Actor, pk: int) -> Allocation:
    """Return allocation `pk`; raise NotFound for a missing or hidden one."""
    allocation = allocation_list(actor=actor).filter(pk=pk).first()
    if allocation is None:
        raise NotFound()
    return allocation


@dataclass(frozen=True)
class AllocationAccount:
    """An allocation's account, summed from its movements."""

    granted: Decimal
    used: Decimal
    held: Decimal
    remaining: Decimal


def allocation_account(*, allocation: Allocation) -> AllocationAccount:
    """Return what was granted, used (charged less refunds), held by running jobs, and what
    remains; all derived from the movements."""
    totals = {
        kind: Decimal(total or 0)
        for kind, total in Movement.objects.filter(allocation=allocation)
        .values_list("kind")
        .annotate(total=Sum("units"))
    }
    granted = totals.get("grant", Decimal(0))
    used = -(totals.get("charge", Decimal(0)) + totals.get("refund", Decimal(0)))
    held = -(totals.get("hold", Decimal(0)) + totals.get("release", Decimal(0)))
    return AllocationAccount(
        granted=granted, used=used, held=held, remaining=sum(totals.values(), Decimal(0))
    )


def job_list(
    *, actor: Actor, mine: bool = False, allocation: Allocation | None = None
) -> QuerySet[Job]:
    """Return the jobs the actor may see (only those they submitted, with `mine`; those of one
    allocation, with `allocation`)."""
    jobs = scope(actor, "compute.view_job", Job.objects.all()).select_related(
        "allocation", "allocation__resource", "allocation__project"
    )
    if mine:
        jobs = jobs.filter(submitted_by_id=getattr(actor, "pk", None))
    if allocation is not None:
        jobs = jobs.filter(allocation=allocation)
    return jobs


def job_get(*, actor: Actor, pk: int) -> Job:
    """Return job `pk`; raise NotFound for a missing or hidden one."""
    job = job_list(actor=actor).filter(pk=pk).first()
    if job is None:
        raise NotFound()
    return job


def jobs_to_watch(*, actor: Actor) -> QuerySet[Job]:
    """Return the jobs a remote scheduler still runs (Slurm, Kubernetes)."""
    return (
        job_list(actor=actor)
        .filter(
            state__in=[Job.State.QUEUED, Job.State.RUNNING],
            backend__in=[Scheduler.SLURM, Scheduler.KUBERNETES],
        )
        .exclude(external_id="")
    )


def job_queue(*, actor: Actor, resource: Resource) -> list[Job]:
    """Return the resource's queued jobs in the order they should start: time-critical first,
    then by their country's fair-share factor (highest first), then oldest."""
    from aigov.compute.selectors.fairshare import fairshare

    factors = {row.country: row.factor for row in fairshare()}
    jobs = list(job_list(actor=actor).filter(allocation__resource=resource, state=Job.State.QUEUED))
    return sorted(
        jobs,
        key=lambda job: (
            job.allocation.priority != Priority.TIME_CRITICAL,
            -factors.get(job.allocation.project.country_id, 1.0),
            job.created_at,
            job.pk,
        ),
    )


def slurm_clusters() -> list[str]:
    """Return the Slurm clusters behind active resources."""
    return sorted(
        set(
            Resource.objects.filter(scheduler=Scheduler.SLURM, is_active=True)
            .exclude(slurm_cluster="")
            .values_list("slurm_cluster", flat=True)
        )
    )


@dataclass(frozen=True)
class RequestTargets:
    project: Project
    resource: Resource
    allocation: Allocation | None = None


def request_targets(
    *, actor: Actor, project: int, resource: int, allocation: int | None = None
) -> RequestTargets:
    """Return the project (one the actor may ask compute for), the resource and, for a renewal
    or a change, the allocation a request names; raise InvalidInput naming each field that
    names nothing the actor may use."""
    errors: list[ErrorItem] = []
    chosen_project = projects_open_to_requests(actor=actor).filter(pk=project).first()
    if chosen_project is None:
        errors.append(
            field_error("project", "not_found", _("Name a project you lead or take part in."))
        )
    chosen_resource = resource_list(actor=actor).filter(pk=resource).first()
    if chosen_resource is None:
        errors.append(field_error("resource", "not_found", _("Name a resource of the catalogue.")))
    chosen_allocation = None
    if allocation is not None:
        chosen_allocation = (
            scope(actor, "compute.submit_job", Allocation.objects.all())
            .filter(pk=allocation)
            .first()
        )
        if chosen_allocation is None:
            errors.append(
                field_error(
                    "allocation",
                    "not_found",
                    _("Name an allocation of a project you lead or take part in."),
                )
            )
    if errors or chosen_project is None or chosen_resource is None:
        raise InvalidInput(errors=errors)
    return RequestTargets(chosen_project, chosen_resource, chosen_allocation)


def allocation_for_job(*, actor: Actor, pk: int) -> Allocation:
    """Return allocation `pk` if the actor may run jobs under it; raise InvalidInput."""
    allocation = (
        scope(actor, "compute.submit_job", Allocation.objects.all())
        .select_related("resource", "project")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise InvalidInput(
            errors=[
                field_error(
                    "allocation",
                    "not_found",
                    _("Name an allocation of a project you lead or take part in."),
                )
            ]
        )
    return allocation


def country_for_project(*, code: str) -> Any:
    """Return the country with ISO code `code`; raise InvalidInput naming the field."""
    try:
        return country_get_by_code(code=code)
    except NotFound as missing:
        raise InvalidInput(
            errors=[field_error("country", "not_found", _("Use a country's ISO alpha-3 code."))]
        ) from missing


@dataclass(frozen=True)
class FeePreview:
    resource: Resource
    fee_per_unit: Decimal
    waived: bool
    reason: str


def fee_preview(*, actor: Actor, project: Project) -> list[FeePreview]:
    """Return, for each resource of the catalogue, what one unit would cost this project and
    why (the request form shows it before anything is asked)."""
    from aigov.compute.services.projects import fee_for

    previews = []
    for resource in resource_list(actor=actor):
        fee = fee_for(
            resource=resource, amount=Decimal(1), income_group=project.country.income_group
        )
        previews.append(FeePreview(resource, fee.amount, fee.waived, fee.reason_text))
    return previews


def can_submit_job(*, actor: Actor, allocation: Allocation) -> bool:
    return has(actor, "compute.submit_job", allocation)


def can_request_for(*, actor: Actor, project: Project) -> bool:
    return has(actor, "compute.request_allocation", project)


def has_unfinished_jobs(*, actor: Actor) -> bool:
    """Return whether any job the actor submitted is still queued or running."""
    return job_list(actor=actor, mine=True).filter(state__in=["queued", "running"]).exists()


def can_cancel_job(*, actor: Actor, job: Job) -> bool:
    return not job.is_finished and has(actor, "compute.cancel_job", job)


def can_set_policy(*, actor: Actor) -> bool:
    return has(actor, "compute.set_policy")


def can_import_resources(*, actor: Actor) -> bool:
    """Whether `actor` may describe resources of some node (the import page): the secretariat,
    or an operator of a node."""
    if has(actor, "compute.create_resource", None):
        return True
    pk = getattr(actor, "pk", None)
    return pk is not None and any(
        has(actor, "compute.create_resource", node)
        for node in capacity.node_list().filter(operators__pk=pk)
    )


def _by_keys(
    records: Any, key: str, values: list[str], field: str, message: Callable[[str], str]
) -> list[Any]:
    """Return the `records` whose `key` is one of `values`; raise InvalidInput on `field`, with
    `message(unknown values)`, when any is not found."""
    wanted = {value.strip() for value in values if value.strip()}
    found = list(records.filter(**{f"{key}__in": wanted}))
    unknown = sorted(wanted - {getattr(record, key) for record in found})
    if unknown:
        raise InvalidInput(errors=[field_error(field, "not_found", message(", ".join(unknown)))])
    return found


def sdg_targets_for_project(*, codes: list[str]) -> list[Any]:
    """Return the SDG targets with these codes ("3.d"); raise InvalidInput naming any unknown."""
    return _by_keys(
        sdg_target_list(),
        "code",
        codes,
        "sdg_targets",
        lambda unknown: _("These are not SDG targets: %(codes)s.") % {"codes": unknown},
    )


def organisation_for_project(*, actor: Actor, pk: int | None) -> Any:
    """Return organisation `pk` (None for none); raise InvalidInput naming the field."""
    if pk is None:
        return None
    organisation = organisation_list(actor=actor).filter(pk=pk).first()
    if organisation is None:
        raise InvalidInput(
            errors=[field_error("organisation", "not_found", _("Choose a listed organisation."))]
        )
    return organisation


def topics_for_project(*, slugs: list[str]) -> list[Any]:
    """Return the topics with these slugs; raise InvalidInput naming any unknown."""
    return _by_keys(
        topic_list(),
        "slug",
        slugs,
        "topics",
        lambda unknown: _("Unknown topics: %(topics)s.") % {"topics": unknown},
    )


def members_for_project(*, emails: list[str]) -> list[Any]:
    """Return the active accounts with these addresses (the project's team); raise InvalidInput
    naming the addresses that have none."""
    wanted = sorted({email.strip().lower() for email in emails if email.strip()})
    users = users_by_email(emails=wanted)
    unknown = [email for email in wanted if email not in users or not users[email].is_active]
    if unknown:
        raise InvalidInput(
            errors=[
                field_error(
                    "members",
                    "unknown_user",
                    _("No account has these addresses: %(emails)s.")
                    % {"emails": ", ".join(unknown)},
                )
            ]
        )
    return [users[email] for email in wanted]

"""Factories for the compute module: valid defaults, created through the services."""

import itertools
from decimal import Decimal
from typing import Any

from aigov.accounts.models import User
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import editor, make_node
from aigov.compute import services
from aigov.compute.models import Allocation, AllocationRequest, Job, Project, Resource
from aigov.taxonomy.models import Country

_numbers = itertools.count(1)


def make_operator() -> User:
    return UserFactory(role="node_operator")


def make_resource(*, node: Any = None, country: str = "KEN", **fields: Any) -> Resource:
    number = next(_numbers)
    if node is None:
        node = make_node(operators=[make_operator()], country=country)
    values: dict[str, Any] = {
        "slug": f"gpu-{number}",
        "name": f"GPU partition {number}",
        "kind": "gpu",
        "unit": "gpu_hour",
        "capacity": Decimal(1000),
        "period": "month",
        "scheduler": "local",
        "rate": Decimal("2.50"),
        "currency": "USD",
        "accelerator_model": "NVIDIA A100",
        "memory_gb": 80,
    }
    values.update(fields)
    return services.resource_create(actor=editor(), node=node, **values)


def make_project(*, lead: User | None = None, country: str = "MWI", **fields: Any) -> Project:
    number = next(_numbers)
    return services.project_create(
        actor=lead or UserFactory(),
        title=fields.pop("title", f"Project {number}"),
        country=Country.objects.get(iso3=country),
        purpose=fields.pop("purpose", "Flood forecasting for the Shire river basin."),
        **fields,
    )


def make_request(
    *, project: Project, resource: Resource, amount: Decimal = Decimal(10), **fields: Any
) -> AllocationRequest:
    return services.request_submit(
        actor=fields.pop("actor", project.lead),
        project=project,
        resource=resource,
        amount=amount,
        justification=fields.pop("justification", "Ensemble runs for the rainy season."),
        **fields,
    )


def make_allocation(
    *,
    project: Project | None = None,
    resource: Resource | None = None,
    amount: Decimal = Decimal(10),
) -> Allocation:
    project = project or make_project()
    resource = resource or make_resource()
    request = make_request(project=project, resource=resource, amount=amount)
    services.request_decide(actor=editor(), request=request, decision="approve")
    return Allocation.objects.get(request=request)


def make_job(*, allocation: Allocation, **fields: Any) -> Job:
    """A job row as a scheduler would hold it, without dispatching anything (no hold)."""
    values: dict[str, Any] = {
        "submitted_by": allocation.project.lead,
        "command": "true",
        "units": Decimal(1),
        "walltime_minutes": 1,
        "backend": allocation.resource.scheduler,
    }
    values.update(fields)
    return Job.objects.create(allocation=allocation, **values)

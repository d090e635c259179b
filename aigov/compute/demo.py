"""Demonstration compute (see aigov.core.demo for the rules every generator keeps): resources
on the demonstration capacity nodes, projects led by demonstration users in real countries of
each income group, requests in every state (submitted, approved, returned, rejected, and one
time-critical), the allocations the approvals opened, and a few completed local jobs with their
usage charged. Every record is marked `is_demo` and says it is generated; the jobs ran nowhere
(their output says so) and are recorded ended by the demonstration job itself.

`aigov demo clear` removes them with every movement on their accounts (all demonstration
records, so no real allocation's balance changes), then rebuilds each country's decayed usage
from the charges that remain, so the fair share no longer counts the demonstration jobs.
"""

import random
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.capacity import selectors as capacity
from aigov.compute import services
from aigov.compute.models import (
    Allocation,
    AllocationRequest,
    Job,
    Movement,
    Priority,
    Project,
    Resource,
)
from aigov.compute.scheduling import SchedulerReport
from aigov.core.demo import DEMO_EMAIL_DOMAIN, DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.core.translation import pick
from aigov.taxonomy.selectors import country_list, sdg_target_list, topic_list

INCOME_GROUPS = ["L", "LM", "UM", "H"]
ACCELERATORS = [("NVIDIA A100", 80, "312.00", "19.50"), ("NVIDIA L40S", 48, "362.00", "91.60")]
JOB_OUTPUT = "Demonstration job: generated; no command ran.\n"
PURPOSE = "Demonstration project, generated to try shared compute: no real work."


def _resources(actor: Actor, rng: random.Random, report: LoadReport) -> list[Resource]:
    counts = report.for_kind("compute resources")
    made = []
    for number, node in enumerate(capacity.node_list().filter(is_demo=True).order_by("slug")):
        for kind, unit, capacity_per_month in (
            ("gpu", "gpu_hour", 2000),
            ("cpu", "core_hour", 50000),
        ):
            if kind == "cpu" and number % 2:
                continue  # every other node offers CPUs too
            slug = f"{node.slug}-{kind}"
            existing = Resource.objects.filter(slug=slug).first()
            if existing is not None:
                counts.unchanged += 1
                made.append(existing)
                continue
            model, memory, fp16, fp32 = rng.choice(ACCELERATORS)
            gpu = kind == "gpu"
            made.append(
                services.resource_create(
                    actor=actor,
                    node=node,
                    slug=slug,
                    name=f"Demo {kind.upper()} partition of {pick(node.names, 'en').text}",
                    kind=kind,
                    unit=unit,
                    capacity=Decimal(capacity_per_month),
                    rate=Decimal(rng.choice(["1.50", "2.00", "2.50"]) if gpu else "0.02"),
                    accelerator_model=model if gpu else "",
                    accelerator_count=rng.choice([4, 8]) if gpu else None,
                    memory_gb=memory if gpu else None,
                    fp16_tflops=Decimal(fp16) if gpu else None,
                    fp32_tflops=Decimal(fp32) if gpu else None,
                    interconnect=rng.choice(["InfiniBand HDR", "100 GbE"]),
                    energy_source=rng.choice(["grid", "hydro", "renewable"]),
                    carbon_intensity=rng.choice([30, 250, 480]),
                    energy_per_unit_kwh=Decimal("0.400") if gpu else Decimal("0.010"),
                    is_demo=True,
                )
            )
            counts.created += 1
    return made


def _leads() -> list[User]:
    leads = list(
        User.objects.filter(is_demo=True, email__endswith=DEMO_EMAIL_DOMAIN).order_by("email")
    )
    if not leads:
        raise InvalidState(
            _("Load the accounts demonstration data first: demonstration projects need leads.")
        )
    return leads


def _request(actor: Actor, project: Project, resource: Resource, **fields: Any) -> Any:
    return services.request_submit(
        actor=actor,
        project=project,
        resource=resource,
        justification="Demonstration request, generated.",
        on_behalf_of=project.lead,
        **fields,
    )


def _completed_job(actor: Actor, rng: random.Random, allocation: Allocation) -> None:
    job = services.job_submit(
        actor=actor,
        allocation=allocation,
        command="echo demonstration",
        units=Decimal(2),
        walltime_minutes=60,
        on_behalf_of=allocation.project.lead,
    )
    services.job_record(
        actor=actor,
        job=job,
        report=SchedulerReport(
            state=Job.State.COMPLETED,
            external_id=f"local-{job.pk}",
            exit_code=0,
            elapsed_seconds=float(rng.randint(600, 3600)),
            output=JOB_OUTPUT,
        ),
    )


def _project(actor: Actor, rng: random.Random, number: int, group: str, lead: User) -> Project:
    country = rng.choice(list(country_list(income_group=group, un_member=True)))
    return services.project_create(
        actor=actor,
        lead=lead,
        title=f"Demo compute project {number} ({pick(country.names, 'en').text})",
        country=country,
        purpose=PURPOSE,
        sdg_targets=rng.sample(list(sdg_target_list()), 2),
        topics=rng.sample(list(topic_list()), 2),
        is_demo=True,
    )


def load_compute_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """Create the demonstration resources, projects, requests, allocations and jobs that do not
    exist yet (a project already made is left as it is, with its requests)."""
    gpus = [r for r in _resources(actor, rng, report) if r.kind == "gpu"]
    if not gpus:
        return  # no demonstration node to host them
    projects = report.for_kind("compute projects")
    leads = _leads()
    decide = services.request_decide
    for number, group in enumerate(INCOME_GROUPS, start=1):
        prefix = f"Demo compute project {number} ("
        if Project.objects.filter(is_demo=True, title__startswith=prefix).exists():
            projects.unchanged += 1
            continue
        project = _project(actor, rng, number, group, rng.choice(leads))
        projects.created += 1
        resource = gpus[(number - 1) % len(gpus)]
        approved = _request(actor, project, resource, amount=Decimal(rng.choice([50, 100])))
        decide(actor=actor, request=approved, decision="approve", note="Demonstration decision.")
        _completed_job(actor, rng, Allocation.objects.get(request=approved))
        states = [
            ("submitted", ""),
            ("return", "Demonstration: say how many runs you need."),
            ("reject", "Demonstration: the node is fully booked."),
        ]
        decision, note = states[(number - 1) % len(states)]
        other = _request(actor, project, gpus[number % len(gpus)], amount=Decimal(20))
        if decision != "submitted":
            decide(actor=actor, request=other, decision=decision, note=note)
        if group == "L":
            urgent = _request(
                actor,
                project,
                resource,
                amount=Decimal(30),
                priority=Priority.TIME_CRITICAL,
                time_critical_reason="Demonstration: flood forecasting before a forecast storm.",
            )
            decide(actor=actor, request=urgent, decision="approve", note="Demonstration.")
            _completed_job(actor, rng, Allocation.objects.get(request=urgent))


def rebuild_usage(*, actor: Actor) -> None:
    services.country_usage_rebuild(actor=actor)


def register() -> None:
    register_generator(
        DemoGenerator(
            name="compute",
            load=load_compute_demo,
            models=(Resource, Project, AllocationRequest, Allocation, Job, Movement),
            after_clear=rebuild_usage,
        )
    )

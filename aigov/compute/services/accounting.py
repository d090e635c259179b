"""Accounting of jobs: what schedulers report, recorded; an ended job's hold released and its
usage charged, and added to its country's decayed usage.

Every change to an allocation's account locks the allocation's row first, then the job's, in
this one order, so concurrent writers queue instead of deadlocking.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from aigov.accounts.access import Actor
from aigov.compute.models import Allocation, Job, Movement
from aigov.compute.scheduling import SchedulerReport
from aigov.compute.services.acting import require_or_demo
from aigov.compute.services.fairshare import usage_record
from aigov.core import audit

UNIT_STEP = Decimal("0.0001")


def locked_allocation(pk: int) -> Allocation:
    """Return allocation `pk` with its row locked for the rest of the transaction."""
    # Only the allocation's row: a FOR UPDATE over the join would lock the resource and the
    # project too, and queue every job of a resource behind one another.
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("resource", "project")
        .get(pk=pk)
    )


def usage_for(*, units: Decimal, walltime_minutes: int, elapsed_seconds: float) -> Decimal:
    """Return the units a job used: its width (units per hour of walltime) times the hours it
    ran, never more than it held (how Slurm bills a job's TRES by elapsed time)."""
    width = Decimal(units) * 60 / Decimal(walltime_minutes)
    used = width * Decimal(str(max(elapsed_seconds, 0.0))) / 3600
    return min(Decimal(units), used).quantize(UNIT_STEP, rounding=ROUND_HALF_UP)


@transaction.atomic
def job_record(*, actor: Actor, job: Job, report: SchedulerReport) -> Job:
    """Record what the scheduler reports; when the job has ended, release its hold, charge its
    usage and add it to its country's decayed usage. Return the job.

    A job that has already ended is returned unchanged (the scheduler may report it again).
    Raise NotAllowed.
    """
    # The demonstration job reports its own demonstration jobs' ends (they run nowhere).
    require_or_demo(actor, "compute.account_job", None, is_demo=job.is_demo)
    allocation = locked_allocation(job.allocation_id)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_finished:
        return job
    before = audit.snapshot(job)
    job.state = report.state
    job.external_id = report.external_id or job.external_id
    if report.started_at is not None or (report.state == Job.State.RUNNING and not job.started_at):
        job.started_at = report.started_at or timezone.now()
    if job.is_finished:
        job.finished_at = report.finished_at or timezone.now()
        job.exit_code = report.exit_code
        job.output = report.output
        job.elapsed_seconds = report.elapsed_seconds or 0.0
        job.usage = usage_for(
            units=job.units,
            walltime_minutes=job.walltime_minutes,
            elapsed_seconds=job.elapsed_seconds,
        )
        settle(allocation=allocation, job=job)
    job.save()
    audit.record(actor=actor, action=f"compute.job.{job.state}", obj=job, before=before)
    return job


def settle(*, allocation: Allocation, job: Job) -> None:
    """Release the job's hold and charge its usage (the caller holds the allocation's lock)."""
    assert job.usage is not None
    # A demonstration job's movements are demonstration records too, so `aigov demo clear`
    # removes the whole of a demonstration allocation's account and nothing of a real one.
    Movement.objects.create(
        allocation=allocation,
        kind=Movement.Kind.RELEASE,
        units=job.units,
        job=job,
        is_demo=job.is_demo,
    )
    if job.usage > 0:
        Movement.objects.create(
            allocation=allocation,
            kind=Movement.Kind.CHARGE,
            units=-job.usage,
            job=job,
            is_demo=job.is_demo,
        )
        usage_record(
            country_id=allocation.project.country_id,
            units=job.usage * allocation.resource.billing_weight,
            at=job.finished_at or timezone.now(),
        )

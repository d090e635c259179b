"""Writes of jobs and the movements on an allocation's account.

A job holds the units it asks for, in the same transaction that checks what remains, with the
allocation's row locked (`select_for_update()` on PostgreSQL; on SQLite every transaction takes
the database's write lock when it begins, settings.py `transaction_mode: IMMEDIATE`), so two
jobs submitted at the same moment can never overdraw. When the job ends, its hold is released
and the usage the scheduler accounted is charged, and the country's decayed usage is updated.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_required, require
from aigov.compute.models import Allocation, Job, Movement, Scheduler
from aigov.compute.services.accounting import UNIT_STEP, locked_allocation, settle
from aigov.compute.services.acting import acting_account, require_or_demo
from aigov.compute.services.fairshare import usage_record
from aigov.core import audit
from aigov.core.errors import Conflict, ErrorItem, InvalidInput, InvalidState, field_error
from aigov.core.tasks import enqueue

MAX_WALLTIME_MINUTES = 60 * 24 * 14


class WouldOverdraw(Conflict):
    """The job asks for more than the allocation has left; `remaining` says how much is left."""

    code = "would_overdraw"

    def __init__(self, *, remaining: Decimal, unit: str) -> None:
        self.remaining = remaining
        self.unit = unit
        super().__init__(
            _("This job would overdraw the allocation: %(remaining)s %(unit)s remain.")
            % {"remaining": remaining, "unit": unit},
            errors=[
                field_error(
                    "units",
                    "would_overdraw",
                    _("Ask for at most %(remaining)s units.") % {"remaining": remaining},
                )
            ],
        )


def balance(allocation: Allocation) -> Decimal:
    """Return what remains on the allocation's account: the sum of its movements."""
    total = Movement.objects.filter(allocation=allocation).aggregate(total=Sum("units"))["total"]
    return Decimal(total or 0)


def _number(value: Any, field: str, errors: list[ErrorItem]) -> Decimal:
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number <= 0 or number != number.quantize(UNIT_STEP):
        errors.append(
            field_error(field, "invalid", _("Give a positive number with at most four decimals."))
        )
        return Decimal(0)
    return number


@transaction.atomic
def job_submit(
    *,
    actor: Actor,
    allocation: Allocation,
    command: str,
    units: Decimal,
    walltime_minutes: int,
    on_behalf_of: Any = None,
) -> Job:
    """Hold `units` on the allocation and queue the job for its resource's scheduler; return it.
    The demonstration job submits on a demonstration allocation `on_behalf_of` a member.

    Raise NotAllowed, InvalidInput, InvalidState (outside the allocation's period) or
    WouldOverdraw (409, with what remains) — then nothing is held and nothing is dispatched.
    """
    allocation = locked_allocation(allocation.pk)
    require_or_demo(actor, "compute.submit_job", allocation, is_demo=allocation.is_demo)
    submitter = acting_account(actor, on_behalf_of, is_demo=allocation.is_demo)
    errors: list[ErrorItem] = []
    units = _number(units, "units", errors)
    if not (command or "").strip():
        errors.append(field_error("command", "required", _("Give the command to run.")))
    if not isinstance(walltime_minutes, int) or not 1 <= walltime_minutes <= MAX_WALLTIME_MINUTES:
        errors.append(
            field_error(
                "walltime_minutes",
                "invalid",
                _("Give the walltime in whole minutes, from 1 to %(most)d.")
                % {"most": MAX_WALLTIME_MINUTES},
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    today = timezone.localdate()
    if not allocation.starts_on <= today <= allocation.ends_on:
        raise InvalidState(_("This allocation is not open today."))
    remaining = balance(allocation)
    if units > remaining:
        raise WouldOverdraw(remaining=remaining, unit=allocation.resource.unit)
    job = Job.objects.create(
        allocation=allocation,
        submitted_by=submitter,
        command=command,
        units=units,
        walltime_minutes=walltime_minutes,
        backend=allocation.resource.scheduler,
        is_demo=allocation.is_demo,
    )
    Movement.objects.create(
        allocation=allocation, kind=Movement.Kind.HOLD, units=-units, job=job, is_demo=job.is_demo
    )
    audit.record(actor=actor, action="compute.job.submit", obj=job)
    from aigov.compute.tasks import dispatch_job

    enqueue(dispatch_job, job_id=job.pk)
    return job


@transaction.atomic
def job_cancel(*, actor: Actor, job: Job) -> Job:
    """Cancel a job that has not ended: ask its scheduler to stop it; a job that never started
    is settled at once (nothing charged). Return the job. Raise NotAllowed or InvalidState."""
    job = Job.objects.select_related("allocation__resource", "allocation__project").get(pk=job.pk)
    require(actor, "compute.cancel_job", job)
    if job.is_finished:
        raise InvalidState(_("This job has already ended."))
    if job.backend == Scheduler.LOCAL and job.state == Job.State.RUNNING:
        # The worker that runs it holds the process; its walltime stops it.
        raise InvalidState(_("A local job cannot be stopped once it runs; its walltime ends it."))
    from aigov.compute.backends import backend_for

    backend_for(job.backend).cancel(job)
    allocation = locked_allocation(job.allocation_id)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_finished:
        return job
    before = audit.snapshot(job)
    if job.state == Job.State.QUEUED and not job.started_at:
        job.state = Job.State.CANCELLED
        job.finished_at = timezone.now()
        job.usage = Decimal(0)
        job.elapsed_seconds = 0.0
        settle(allocation=allocation, job=job)
        job.save()
    audit.record(actor=actor, action="compute.job.cancel", obj=job, before=before)
    return job


@transaction.atomic
def movement_refund(*, actor: Actor, job: Job, units: Decimal, note: str) -> Movement:
    """Give back units charged for a job (a node's failure, say); return the movement.
    Raise NotAllowed or InvalidInput (more than was charged, or no note)."""
    require(actor, "compute.decide_request", job.allocation)
    account_required(actor)
    allocation = locked_allocation(job.allocation_id)
    errors: list[ErrorItem] = []
    units = _number(units, "units", errors)
    charged = -Decimal(
        Movement.objects.filter(job=job, kind__in=["charge", "refund"]).aggregate(
            total=Sum("units")
        )["total"]
        or 0
    )
    if units > charged:
        errors.append(
            field_error(
                "units",
                "too_much",
                _("Refund at most what was charged: %(charged)s.") % {"charged": charged},
            )
        )
    if not (note or "").strip():
        errors.append(field_error("note", "required", _("Say why the units are refunded.")))
    if errors:
        raise InvalidInput(errors=errors)
    movement = Movement.objects.create(
        allocation=allocation,
        kind=Movement.Kind.REFUND,
        units=units,
        job=job,
        note=note.strip(),
        is_demo=job.is_demo,
    )
    usage_record(
        country_id=allocation.project.country_id,
        units=-units * allocation.resource.billing_weight,
        at=timezone.now(),
    )
    audit.record(actor=actor, action="compute.movement.refund", obj=movement)
    return movement

"""Background work of the compute module: dispatching a job to its scheduler, and watching
the jobs that schedulers run (queued through `aigov.core.tasks.enqueue`; eager in the embedded
default, so a local job runs in the process that submitted it once its hold has committed)."""

import logging

from celery import shared_task

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.compute.backends import backend_for
from aigov.compute.models import Job
from aigov.compute.scheduling import SchedulerReport
from aigov.compute.selectors.records import job_get, jobs_to_watch
from aigov.compute.services.accounting import job_record

logger = logging.getLogger(__name__)


@shared_task
def dispatch_job(*, job_id: int) -> str:
    """Hand job `job_id` to its scheduler and record what it says; return the job's state."""
    actor = system_actor(Purpose.COMPUTE_DISPATCH)
    job = job_get(actor=actor, pk=job_id)
    if job.state != Job.State.QUEUED or job.external_id:
        return job.state
    backend = backend_for(job.backend)
    if job.backend == "local":
        job = job_record(
            actor=actor,
            job=job,
            report=SchedulerReport(state=Job.State.RUNNING, external_id=f"local-{job.pk}"),
        )
    try:
        report = backend.dispatch(job)
    except Exception as failure:
        logger.exception("Dispatching compute job %s failed.", job.pk)
        report = SchedulerReport(
            state=Job.State.FAILED, exit_code=None, elapsed_seconds=0.0, output=str(failure)
        )
    return job_record(actor=actor, job=job, report=report).state


@shared_task
def watch_jobs() -> int:
    """Ask the schedulers about every job they still run; return how many changed state."""
    actor = system_actor(Purpose.COMPUTE_DISPATCH)
    changed = 0
    for job in jobs_to_watch(actor=actor):
        try:
            report = backend_for(job.backend).poll(job)
        except Exception:
            # One scheduler that does not answer must not stop the others being watched.
            logger.exception("Asking the scheduler about compute job %s failed.", job.pk)
            continue
        if report.state != job.state:
            job_record(actor=actor, job=job, report=report)
            changed += 1
    return changed

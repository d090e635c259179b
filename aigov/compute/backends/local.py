"""The embedded default: each job runs as a real subprocess of the worker (a shell command in
a fresh working directory), with its walltime enforced; exit code, output and elapsed time are
recorded. Commands run as the server's own user: offer a `local` resource only where the
operators who approve its requests trust the requesters with a shell on this machine."""

import os
import signal
import subprocess
import tempfile
import time

from django.conf import settings
from django.utils import timezone

from aigov.compute.models import Job
from aigov.compute.scheduling import SchedulerReport

# What the shell reports for a process stopped by the walltime (SIGKILL), as Slurm's TIMEOUT.
TIMED_OUT_EXIT = 128 + signal.SIGKILL
SECONDS_PER_MINUTE = 60.0


class LocalBackend:
    name = "local"

    def dispatch(self, job: Job) -> SchedulerReport:
        started_at = timezone.now()
        began = time.monotonic()
        limit = settings.AIGOV_COMPUTE_OUTPUT_LIMIT
        with tempfile.TemporaryDirectory(prefix=f"aigov-job-{job.pk}-") as workdir:
            process = subprocess.Popen(  # noqa: S603  (the job's command, in a shell, by design)
                ["/bin/sh", "-c", job.command],
                cwd=workdir,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so the walltime stops it all
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir},
            )
            timed_out = False
            try:
                output, _ = process.communicate(timeout=job.walltime_minutes * SECONDS_PER_MINUTE)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                output, _ = process.communicate()
        elapsed = time.monotonic() - began
        text = output.decode("utf-8", errors="replace").replace("\x00", "")[-limit:]
        exit_code = TIMED_OUT_EXIT if timed_out else process.returncode
        return SchedulerReport(
            state=Job.State.COMPLETED if exit_code == 0 else Job.State.FAILED,
            external_id=f"local-{job.pk}",
            exit_code=exit_code,
            elapsed_seconds=elapsed,
            output=text,
            started_at=started_at,
            finished_at=timezone.now(),
        )

    def poll(self, job: Job) -> SchedulerReport:
        # The worker that runs a local job reports it when it ends; until then it is as stored.
        return SchedulerReport(state=job.state, external_id=job.external_id)

    def cancel(self, job: Job) -> None:
        # A queued local job has not started a process; one that runs is stopped by its walltime.
        return None

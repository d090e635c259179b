"""Slurm through its command line (`sbatch`, `squeue`, `sacct`, `scancel`): pyslurm does not
match Debian's Slurm 22.05, and the command line is what every Slurm installation has.

A job's script is written with `#SBATCH` lines (name, time limit, partition, output file) and
sent on standard input. The state comes from `sacct` (the scheduler's own accounting); where
accounting storage is not configured, from `squeue` while the job is known and `scontrol show
job` after it ends.
"""

import datetime
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from aigov.compute.models import Job
from aigov.compute.scheduling import SchedulerReport

STATES = {
    "PENDING": Job.State.QUEUED,
    "REQUEUED": Job.State.QUEUED,
    "CONFIGURING": Job.State.RUNNING,
    "RUNNING": Job.State.RUNNING,
    "COMPLETING": Job.State.RUNNING,
    "SUSPENDED": Job.State.RUNNING,
    "COMPLETED": Job.State.COMPLETED,
    "CANCELLED": Job.State.CANCELLED,
    "FAILED": Job.State.FAILED,
    "TIMEOUT": Job.State.FAILED,
    "NODE_FAIL": Job.State.FAILED,
    "OUT_OF_MEMORY": Job.State.FAILED,
    "BOOT_FAIL": Job.State.FAILED,
    "DEADLINE": Job.State.FAILED,
    "PREEMPTED": Job.State.FAILED,
}


class SlurmError(RuntimeError):
    """A Slurm command failed; the message names it and what it printed."""


def _run(command: list[str], *, stdin: str | None = None) -> str:
    program = shutil.which(command[0]) or command[0]
    try:
        done = subprocess.run(  # noqa: S603  (fixed programs; arguments from our own records)
            [program, *command[1:]],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except FileNotFoundError as missing:
        raise SlurmError(f"{command[0]} is not installed on this server.") from missing
    if done.returncode != 0:
        raise SlurmError(f"{' '.join(command)} failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout


def output_dir() -> Path:
    return Path(settings.AIGOV_COMPUTE_SLURM_OUTPUT_DIR)


def job_script(job: Job) -> str:
    """Return the batch script for `job`."""
    resource = job.allocation.resource
    hours, minutes = divmod(job.walltime_minutes, 60)
    lines = [
        "#!/bin/sh",
        f"#SBATCH --job-name=aigov-{job.pk}",
        f"#SBATCH --time={hours:d}:{minutes:02d}:00",
        f"#SBATCH --output={output_dir() / f'aigov-{job.pk}.out'}",
        "#SBATCH --open-mode=truncate",
    ]
    if resource.slurm_partition:
        lines.append(f"#SBATCH --partition={resource.slurm_partition}")
    if settings.AIGOV_COMPUTE_SLURM_ACCOUNTS:
        # The country's association, whose fair-share value `aigov compute push-fairshare` sets.
        lines.append(f"#SBATCH --account={job.allocation.project.country_id.lower()}")
    lines += ["", job.command, ""]
    return "\n".join(lines)


def _timestamp(value: str) -> datetime.datetime | None:
    if not value or value in {"Unknown", "None", "N/A"}:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _exit_code(value: str) -> int | None:
    # "0:0": exit status, then the signal that ended it.
    code, _, signal = value.partition(":")
    if not code.strip().isdigit():
        return None
    return int(code) or (128 + int(signal) if signal.strip().isdigit() and int(signal) else 0)


def _seconds(value: str) -> float | None:
    # RunTime: [days-]hours:minutes:seconds
    days, _, clock = value.rpartition("-")
    parts = clock.split(":")
    if not all(part.isdigit() for part in parts) or not 1 <= len(parts) <= 3:
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return float(seconds + (int(days) * 86400 if days.isdigit() else 0))


class SlurmBackend:
    name = "slurm"

    def dispatch(self, job: Job) -> SchedulerReport:
        output_dir().mkdir(parents=True, exist_ok=True)
        printed = _run(["sbatch", "--parsable"], stdin=job_script(job))
        job_id = printed.strip().split(";")[0]
        return SchedulerReport(state=Job.State.QUEUED, external_id=job_id)

    def poll(self, job: Job) -> SchedulerReport:
        report = self._sacct(job)
        if report is None:
            report = self._squeue(job) or self._scontrol(job)
        if report.state in {Job.State.COMPLETED, Job.State.FAILED, Job.State.CANCELLED}:
            return SchedulerReport(**{**report.__dict__, "output": self._output(job)})
        return report

    def cancel(self, job: Job) -> None:
        if job.external_id:
            _run(["scancel", job.external_id])

    def _sacct(self, job: Job) -> SchedulerReport | None:
        try:
            printed = _run(
                [
                    "sacct",
                    "-j",
                    job.external_id,
                    "-X",
                    "--noheader",
                    "--parsable2",
                    "--format=JobIDRaw,State,ExitCode,ElapsedRaw,Start,End",
                ]
            )
        except SlurmError:
            return None  # no accounting storage on this cluster
        for line in printed.splitlines():
            fields = line.split("|")
            if len(fields) < 6 or fields[0] != job.external_id:
                continue
            state = fields[1].split()[0] if fields[1] else "PENDING"
            return SchedulerReport(
                state=STATES.get(state, Job.State.RUNNING),
                external_id=job.external_id,
                exit_code=_exit_code(fields[2]),
                elapsed_seconds=float(fields[3]) if fields[3].isdigit() else None,
                started_at=_timestamp(fields[4]),
                finished_at=_timestamp(fields[5]),
            )
        return None

    def _squeue(self, job: Job) -> SchedulerReport | None:
        try:
            printed = _run(["squeue", "-h", "-j", job.external_id, "-o", "%T|%M"]).strip()
        except SlurmError:
            return None  # squeue forgets ended jobs ("Invalid job id specified")
        if not printed:
            return None
        state, _, elapsed = printed.splitlines()[0].partition("|")
        if STATES.get(state) in {Job.State.QUEUED, Job.State.RUNNING}:
            return SchedulerReport(
                state=STATES[state], external_id=job.external_id, elapsed_seconds=_seconds(elapsed)
            )
        return None

    def _scontrol(self, job: Job) -> SchedulerReport:
        printed = _run(["scontrol", "show", "job", "-o", job.external_id])
        fields = dict(pair.split("=", 1) for pair in printed.split() if "=" in pair)
        return SchedulerReport(
            state=STATES.get(fields.get("JobState", ""), Job.State.RUNNING),
            external_id=job.external_id,
            exit_code=_exit_code(fields.get("ExitCode", "")),
            elapsed_seconds=_seconds(fields.get("RunTime", "")),
            started_at=_timestamp(fields.get("StartTime", "")),
            finished_at=_timestamp(fields.get("EndTime", "")),
        )

    def _output(self, job: Job) -> str:
        path = output_dir() / f"aigov-{job.pk}.out"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text.replace("\x00", "")[-settings.AIGOV_COMPUTE_OUTPUT_LIMIT :]

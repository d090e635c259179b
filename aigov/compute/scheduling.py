"""What a scheduler says about a job, and the interface every backend offers (kept apart
from the services and the backends, which both read it)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from aigov.compute.models import Job


@dataclass(frozen=True)
class SchedulerReport:
    """What a scheduler says about a job."""

    state: str
    external_id: str = ""
    exit_code: int | None = None
    elapsed_seconds: float | None = None
    output: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None


class Backend(Protocol):
    name: str

    def dispatch(self, job: Job) -> SchedulerReport: ...

    def poll(self, job: Job) -> SchedulerReport: ...

    def cancel(self, job: Job) -> None: ...

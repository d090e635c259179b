"""The Slurm backend against a real single-node Slurm (`make slurm` starts it): jobs are
submitted with sbatch, watched, accounted and charged, cancelled with scancel; and the fair
share is pushed with sacctmgr (a recording stand-in: the test cluster has no slurmdbd)."""

import io
import os
import shutil
import stat
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.compute import selectors, services
from aigov.compute.models import Job, Movement
from aigov.compute.tasks import watch_jobs
from aigov.compute.tests.factories import make_allocation, make_project, make_resource
from aigov.core.errors import NotAllowed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("sbatch") is None,
        reason="Slurm is not installed (sbatch missing): `make slurm` installs and starts it",
    ),
]


@pytest.fixture(autouse=True)
def _slurm_conf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the Slurm commands at the cluster `make slurm` configured, unless one is set."""
    conf = Path(settings.VAR_DIR) / "slurm" / "slurm.conf"
    if "SLURM_CONF" not in os.environ and conf.exists():
        monkeypatch.setenv("SLURM_CONF", str(conf))


def _slurm_allocation(amount: Decimal = Decimal(10)):
    resource = make_resource(scheduler="slurm", slurm_cluster="aigov", slurm_partition="debug")
    return make_allocation(project=make_project(), resource=resource, amount=amount)


def _submit(allocation, capture, command: str, units: str = "1") -> Job:
    with capture(execute=True):
        job = services.job_submit(
            actor=allocation.project.lead,
            allocation=allocation,
            command=command,
            units=Decimal(units),
            walltime_minutes=1,
        )
    job.refresh_from_db()
    return job


def _watch_until_ended(job: Job, seconds: float = 90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        watch_jobs.apply().get()
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.5)  # a real scheduler's job takes real time
    raise AssertionError(f"Slurm job {job.external_id} did not end in {seconds} s: {job.state}")


def test_a_job_runs_on_slurm_and_its_usage_is_charged(django_capture_on_commit_callbacks):
    allocation = _slurm_allocation()
    job = _submit(allocation, django_capture_on_commit_callbacks, "sleep 2; echo from slurm")
    assert job.state in {"queued", "running"}
    assert job.external_id.isdigit()
    job = _watch_until_ended(job)
    assert job.state == "completed"
    assert job.exit_code == 0
    assert "from slurm" in job.output
    assert job.elapsed_seconds >= 2
    # 1 unit over a 1-minute walltime: 60 units an hour, for the seconds Slurm accounted.
    assert job.usage == services.usage_for(
        units=Decimal(1), walltime_minutes=1, elapsed_seconds=job.elapsed_seconds
    )
    assert job.usage > 0
    assert list(Movement.objects.filter(job=job).order_by("pk").values_list("kind", "units")) == [
        ("hold", Decimal(-1)),
        ("release", Decimal(1)),
        ("charge", -job.usage),
    ]


def test_a_failing_job_is_recorded_with_its_exit_code(django_capture_on_commit_callbacks):
    job = _submit(_slurm_allocation(), django_capture_on_commit_callbacks, "echo no >&2; exit 3")
    job = _watch_until_ended(job)
    assert job.state == "failed"
    assert job.exit_code == 3
    assert "no" in job.output


def test_a_running_job_is_cancelled_with_scancel(django_capture_on_commit_callbacks):
    allocation = _slurm_allocation()
    job = _submit(allocation, django_capture_on_commit_callbacks, "sleep 300")
    services.job_cancel(actor=allocation.project.lead, job=job)
    job = _watch_until_ended(job)
    assert job.state == "cancelled"
    account = services.balance(allocation)
    assert account == Decimal(10) - (job.usage or 0)


def test_push_fairshare_writes_every_country_share_to_each_cluster(tmp_path, monkeypatch):
    calls = tmp_path / "calls"
    stand_in = tmp_path / "sacctmgr"
    stand_in.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    _slurm_allocation()
    out = io.StringIO()
    call_command("compute", "push-fairshare", stdout=out)
    assert "wrote" in out.getvalue()
    written = calls.read_text().splitlines()
    shares = {row.country.lower(): row.share for row in selectors.fairshare()}
    assert "-i add account mwi cluster=aigov" in written
    for account, share in shares.items():
        value = max(1, round(share * 10_000))
        assert (
            f"-i modify account where name={account} cluster=aigov set fairshare={value}" in written
        )


def test_push_fairshare_is_refused_to_anyone_but_the_secretariat_and_operators():
    with pytest.raises(NotAllowed):
        services.push_fairshare(
            actor=UserFactory(role="node_operator"), shares={"MWI": 1.0}, clusters=["aigov"]
        )
    results = services.push_fairshare(
        actor=system_actor(Purpose.OPERATOR), shares={"MWI": 1.0}, clusters=["c"], dry_run=True
    )
    assert results[0].fairshare == 10_000

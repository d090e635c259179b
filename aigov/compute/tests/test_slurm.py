"""The Slurm backend against a real single-node Slurm with accounting (`make slurm` starts
munged, MariaDB, slurmdbd, slurmctld and slurmd): jobs are submitted with sbatch, watched,
accounted by `sacct` and charged, cancelled with scancel; the fair share is pushed with the real
sacctmgr and read back from slurmdbd's associations."""

import io
import os
import shutil
import subprocess
import time
import uuid
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


def _slurm_allocation(amount: Decimal = Decimal(10), cluster: str = "aigov"):
    resource = make_resource(scheduler="slurm", slurm_cluster=cluster, slurm_partition="debug")
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


def _slurm(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr or done.stdout}"
    return done.stdout


def _accounted(job: Job, seconds: float = 30) -> dict[str, str]:
    """What slurmdbd's accounting holds for `job` (read with sacct, apart from the backend).

    slurmctld sends a job's record to slurmdbd from a queue of its own, so an ended job can be
    missing from sacct for a moment: it is asked again until the record is there.
    """
    fields = ["JobIDRaw", "State", "ExitCode", "ElapsedRaw", "Account"]
    deadline = time.monotonic() + seconds
    while True:
        printed = _slurm(
            "sacct", "-j", job.external_id, "-X", "-n", "-P", f"--format={','.join(fields)}"
        )
        rows = [dict(zip(fields, line.split("|"), strict=True)) for line in printed.splitlines()]
        if rows or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert rows, f"sacct knows nothing of job {job.external_id}: accounting storage is not set up"
    return rows[-1]


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
    # The elapsed time charged is the one Slurm's accounting (slurmdbd, read by sacct) holds.
    accounted = _accounted(job)
    assert accounted["State"] == "COMPLETED"
    assert job.elapsed_seconds == float(accounted["ElapsedRaw"])
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
    assert _accounted(job)["ExitCode"] == "3:0"


def test_a_running_job_is_cancelled_with_scancel(django_capture_on_commit_callbacks):
    allocation = _slurm_allocation()
    job = _submit(allocation, django_capture_on_commit_callbacks, "sleep 300")
    deadline = time.monotonic() + 60
    while job.state != "running" and time.monotonic() < deadline:  # cancel it once it runs
        watch_jobs.apply().get()
        job.refresh_from_db()
        time.sleep(0.5)
    services.job_cancel(actor=allocation.project.lead, job=job)
    job = _watch_until_ended(job)
    assert job.state == "cancelled"
    assert _accounted(job)["State"].startswith("CANCELLED")
    account = services.balance(allocation)
    assert account == Decimal(10) - (job.usage or 0)


@pytest.fixture
def cluster():
    """A cluster of its own in slurmdbd for the accounts the test adds; removed after."""
    name = f"t{uuid.uuid4().hex[:10]}"
    _slurm("sacctmgr", "-i", "add", "cluster", name)
    yield name
    _slurm("sacctmgr", "-i", "delete", "cluster", name)


def _fairshares(cluster: str) -> dict[str, int]:
    printed = _slurm(
        "sacctmgr", "-n", "-P", "show", "assoc", "where", f"cluster={cluster}",
        "format=account,user,fairshare",
    )  # fmt: skip
    rows = (line.split("|") for line in printed.splitlines())
    return {account: int(share) for account, user, share in rows if not user and account != "root"}


def test_push_fairshare_creates_the_accounts_and_sets_their_shares_in_slurmdbd(cluster):
    _slurm_allocation(cluster=cluster)
    resource = make_resource(scheduler="slurm", slurm_cluster=cluster, slurm_partition="debug")
    make_allocation(project=make_project(country="NPL"), resource=resource, amount=Decimal(5))
    out = io.StringIO()
    call_command("compute", "push-fairshare", stdout=out)
    assert "wrote" in out.getvalue()
    expected = {
        row.country.lower(): max(1, round(row.share * 10_000)) for row in selectors.fairshare()
    }
    assert {"mwi", "npl"} <= set(expected)
    assert _fairshares(cluster) == expected
    # Changed on the cluster behind aigov's back, then pushed again (the accounts exist now):
    # the values are aigov's again.
    _slurm("sacctmgr", "-i", "modify", "account", "where", "name=npl", f"cluster={cluster}",
           "set", "fairshare=1")  # fmt: skip
    assert _fairshares(cluster)["npl"] == 1
    call_command("compute", "push-fairshare", "--cluster", cluster, stdout=io.StringIO())
    assert _fairshares(cluster) == expected


def test_a_job_runs_under_its_country_account(django_capture_on_commit_callbacks, settings):
    settings.AIGOV_COMPUTE_SLURM_ACCOUNTS = True
    allocation = _slurm_allocation()
    call_command("compute", "push-fairshare", "--cluster", "aigov", stdout=io.StringIO())
    job = _watch_until_ended(_submit(allocation, django_capture_on_commit_callbacks, "true"))
    assert job.state == "completed"
    assert _accounted(job)["Account"] == "mwi"


def test_push_fairshare_is_refused_to_anyone_but_the_secretariat_and_operators():
    with pytest.raises(NotAllowed):
        services.push_fairshare(
            actor=UserFactory(role="node_operator"), shares={"MWI": 1.0}, clusters=["aigov"]
        )
    results = services.push_fairshare(
        actor=system_actor(Purpose.OPERATOR), shares={"MWI": 1.0}, clusters=["c"], dry_run=True
    )
    assert results[0].fairshare == 10_000

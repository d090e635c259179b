"""The backends one by one: the local subprocess (exit code, output, walltime), the Slurm
batch script and the parsing of what Slurm prints, the Kubernetes Job manifest validated
offline against the Kubernetes schema."""

from decimal import Decimal

import kubernetes_validate
import pytest

from aigov.compute.backends import backend_for, local, slurm
from aigov.compute.backends.kubernetes import job_manifest
from aigov.compute.models import Job
from aigov.compute.tests.factories import make_allocation, make_project, make_resource

pytestmark = pytest.mark.django_db


def _job(allocation, command: str, *, units: str = "2", walltime: int = 30) -> Job:
    return Job.objects.create(
        allocation=allocation,
        submitted_by=allocation.project.lead,
        command=command,
        units=Decimal(units),
        walltime_minutes=walltime,
        backend=allocation.resource.scheduler,
    )


def test_local_backend_records_exit_code_output_and_time():
    job = _job(make_allocation(), "echo out; echo err >&2; exit 4")
    report = backend_for("local").dispatch(job)
    assert report.state == "failed"
    assert report.exit_code == 4
    assert "out" in report.output and "err" in report.output
    assert report.elapsed_seconds is not None and report.elapsed_seconds < 10
    assert report.started_at <= report.finished_at


def test_local_backend_stops_a_job_at_its_walltime(monkeypatch):
    # One "minute" of walltime lasts a fifth of a second here; the limit is what is tested.
    monkeypatch.setattr(local, "SECONDS_PER_MINUTE", 0.2)
    job = _job(make_allocation(), "echo started; sleep 30; echo never", walltime=1)
    report = backend_for("local").dispatch(job)
    assert report.state == "failed"
    assert report.exit_code == local.TIMED_OUT_EXIT
    assert "started" in report.output and "never" not in report.output
    assert report.elapsed_seconds < 5


def test_slurm_script_names_time_partition_and_output(settings):
    settings.AIGOV_COMPUTE_SLURM_ACCOUNTS = True
    resource = make_resource(scheduler="slurm", slurm_cluster="c1", slurm_partition="gpu")
    allocation = make_allocation(project=make_project(country="KEN"), resource=resource)
    job = _job(allocation, "python train.py", walltime=90)
    script = slurm.job_script(job)
    assert script.startswith("#!/bin/sh\n")
    assert "#SBATCH --time=1:30:00" in script
    assert "#SBATCH --partition=gpu" in script
    assert "#SBATCH --account=ken" in script
    assert f"aigov-{job.pk}.out" in script
    assert script.rstrip().endswith("python train.py")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("0:0", 0), ("3:0", 3), ("0:9", 137), ("0:15", 143), ("", None)],
)
def test_slurm_exit_codes(printed, expected):
    assert slurm._exit_code(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("00:00:07", 7.0), ("01:02:03", 3723.0), ("2-00:00:01", 172801.0), ("5:09", 309.0)],
)
def test_slurm_run_times(printed, expected):
    assert slurm._seconds(printed) == expected


def test_kubernetes_job_manifest_is_a_valid_batch_v1_job():
    resource = make_resource(scheduler="kubernetes", kubernetes_namespace="aigov-jobs")
    job = _job(make_allocation(resource=resource), "nvidia-smi", units="4", walltime=120)
    manifest = job_manifest(job)
    kubernetes_validate.validate(manifest, kubernetes_validate.latest_version(), strict=True)
    assert manifest["metadata"]["namespace"] == "aigov-jobs"
    spec = manifest["spec"]
    assert spec["activeDeadlineSeconds"] == 7200
    assert spec["backoffLimit"] == 0
    container = spec["template"]["spec"]["containers"][0]
    assert container["command"] == ["/bin/sh", "-c", "nvidia-smi"]
    # 4 GPU-hours over 2 hours of walltime: 2 GPUs.
    assert container["resources"]["limits"] == {"nvidia.com/gpu": "2"}


def test_an_invalid_manifest_is_caught_by_the_validator():
    resource = make_resource(scheduler="kubernetes", kubernetes_namespace="aigov-jobs")
    manifest = job_manifest(_job(make_allocation(resource=resource), "true"))
    manifest["spec"]["backoffLimit"] = "none"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(manifest, kubernetes_validate.latest_version(), strict=True)


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="No compute backend"):
        backend_for("pbs")


def test_a_scheduler_that_does_not_answer_does_not_stop_the_watch(caplog):
    from aigov.compute.tasks import watch_jobs

    resource = make_resource(scheduler="slurm", slurm_cluster="gone")
    job = _job(make_allocation(resource=resource), "true")
    Job.objects.filter(pk=job.pk).update(external_id="no-such-job")
    assert watch_jobs.apply().get() == 0
    job.refresh_from_db()
    assert job.state == "queued"
    assert f"compute job {job.pk} failed" in caplog.text

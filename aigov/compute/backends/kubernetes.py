"""Kubernetes: each job is a `batch/v1` Job in the resource's namespace, created through the
official `kubernetes` client. The client reads the usual configuration: inside a cluster the
pod's service account, elsewhere `~/.kube/config` or the file `KUBECONFIG` names (README,
"Kubernetes").
"""

import math
from typing import Any

from django.conf import settings
from django.utils import timezone

from aigov.compute.models import Job, Kind
from aigov.compute.scheduling import SchedulerReport

GPU_RESOURCE = "nvidia.com/gpu"


def job_name(job: Job) -> str:
    return f"aigov-job-{job.pk}"


def job_manifest(job: Job) -> dict[str, Any]:
    """Return the batch/v1 Job manifest for `job`: one pod, never restarted, stopped at its
    walltime (`activeDeadlineSeconds`), with the GPUs its width asks for."""
    resource = job.allocation.resource
    width = max(1, math.ceil(float(job.units) * 60 / job.walltime_minutes))
    limits: dict[str, str] = {}
    if resource.kind == Kind.GPU:
        limits[GPU_RESOURCE] = str(width)
    elif resource.kind == Kind.CPU:
        limits["cpu"] = str(width)
    labels = {"app.kubernetes.io/managed-by": "aigov", "aigov.org/job": str(job.pk)}
    container: dict[str, Any] = {
        "name": "job",
        "image": settings.AIGOV_COMPUTE_KUBERNETES_IMAGE,
        "command": ["/bin/sh", "-c", job.command],
    }
    if limits:
        container["resources"] = {"limits": limits}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": job_name(job),
            "namespace": resource.kubernetes_namespace,
            "labels": labels,
        },
        "spec": {
            "backoffLimit": 0,
            "activeDeadlineSeconds": job.walltime_minutes * 60,
            "ttlSecondsAfterFinished": 86400,
            "template": {
                "metadata": {"labels": labels},
                "spec": {"restartPolicy": "Never", "containers": [container]},
            },
        },
    }


def _clients() -> tuple[Any, Any]:
    from kubernetes import client, config

    try:
        config.load_incluster_config()
    except config.ConfigException:
        config.load_kube_config()
    return client.BatchV1Api(), client.CoreV1Api()


class KubernetesBackend:
    name = "kubernetes"

    def dispatch(self, job: Job) -> SchedulerReport:
        batch, _core = _clients()
        manifest = job_manifest(job)
        batch.create_namespaced_job(namespace=manifest["metadata"]["namespace"], body=manifest)
        return SchedulerReport(state=Job.State.QUEUED, external_id=job_name(job))

    def poll(self, job: Job) -> SchedulerReport:
        batch, core = _clients()
        namespace = job.allocation.resource.kubernetes_namespace
        status = batch.read_namespaced_job_status(job_name(job), namespace).status
        started = status.start_time
        finished = status.completion_time
        if status.succeeded:
            state = Job.State.COMPLETED
        elif status.failed:
            state = Job.State.FAILED
            finished = finished or timezone.now()
        elif status.active:
            state = Job.State.RUNNING
        else:
            state = Job.State.QUEUED
        elapsed = (finished - started).total_seconds() if started and finished else None
        output = ""
        if state in {Job.State.COMPLETED, Job.State.FAILED}:
            pods = core.list_namespaced_pod(namespace, label_selector=f"job-name={job_name(job)}")
            for pod in pods.items:
                output += core.read_namespaced_pod_log(pod.metadata.name, namespace)
        return SchedulerReport(
            state=state,
            external_id=job_name(job),
            exit_code=0 if state == Job.State.COMPLETED else (1 if status.failed else None),
            elapsed_seconds=elapsed,
            output=output[-settings.AIGOV_COMPUTE_OUTPUT_LIMIT :],
            started_at=started,
            finished_at=finished,
        )

    def cancel(self, job: Job) -> None:
        batch, _core = _clients()
        batch.delete_namespaced_job(
            job_name(job),
            job.allocation.resource.kubernetes_namespace,
            propagation_policy="Background",
        )

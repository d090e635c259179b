"""One interface to the schedulers that run jobs: `local` (a subprocess on this server),
`slurm` (the sbatch/squeue/sacct/scancel command line) and `kubernetes` (batch/v1 Jobs).

`dispatch(job)` hands the job over and returns what the scheduler says (the local backend runs
it to the end, so its report is final); `poll(job)` asks again; `cancel(job)` stops it.
"""

from aigov.compute.scheduling import Backend


def backend_for(name: str) -> Backend:
    """Return the backend called `name` (a resource's scheduler)."""
    if name == "local":
        from aigov.compute.backends.local import LocalBackend

        return LocalBackend()
    if name == "slurm":
        from aigov.compute.backends.slurm import SlurmBackend

        return SlurmBackend()
    if name == "kubernetes":
        from aigov.compute.backends.kubernetes import KubernetesBackend

        return KubernetesBackend()
    raise ValueError(f"No compute backend called {name!r}.")


__all__ = ["Backend", "backend_for"]

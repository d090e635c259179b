"""Fair-share benchmark (issue 20): 193 countries, 20 nodes, 1,000,000 job records.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses to run on any
other. It loads the taxonomy's reference data and builds, straight into the tables: 20 nodes in
20 countries with one GPU resource each, one project and one open allocation per UN Member State
(193) on a node drawn at random, and 1,000,000 ended jobs (AIGOV_BENCH_COMPUTE_JOBS) spread over
the allocations, each with its usage and an end in the last 60 days. The per-country decayed
usage the charges keep (`CountryUsage`) is filled from the same jobs, as the charges would have
left it.

It then times:

- `compute_fairshare`: `selectors.fairshare()`, the read behind `GET /api/compute/fairshare`
  (one row per country, the holders, the contributions), target 100 ms;
- against the baseline `selectors.fairshare_baseline()`: every job read and decayed in Python,
  what the fair share costs without the aggregate (checked to give the same shares, usage and
  factors);
- the route itself, `GET /api/compute/fairshare`, for the public, warm and cold.
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

import _common as common

JOBS = int(os.environ.get("AIGOV_BENCH_COMPUTE_JOBS", "1000000"))
NODES = 20
TARGET_MS = 100  # the target for the fair share
BASELINE_RUNS = 3  # the baseline reads every job: a few runs give its median
BATCH = 20_000
SEED = 20_261_207


def build(rng: random.Random) -> None:
    """Load the taxonomy; create the nodes, resources, projects, allocations and jobs."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from aigov.accounts.models import User
    from aigov.capacity.models import Node
    from aigov.compute.models import (
        Allocation,
        AllocationRequest,
        CountryUsage,
        Job,
        Movement,
        Project,
        Resource,
    )
    from aigov.compute.services import decayed
    from aigov.taxonomy.models import Country

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    members = list(Country.objects.filter(is_un_member=True).order_by("iso3"))
    lead = User.objects.create(email="bench-researcher@example.org")
    hosts = rng.sample(members, NODES)
    nodes = Node.objects.bulk_create(
        [
            Node(
                slug=f"bench-node-{number}",
                names={"en": f"Node {number}"},
                kind=Node.Kind.NATIONAL_CENTRE,
                region=host.regional_group or "African",
                country=host,
            )
            for number, host in enumerate(hosts)
        ]
    )
    resources = Resource.objects.bulk_create(
        [
            Resource(
                node=node,
                slug=f"bench-gpu-{number}",
                name=f"GPUs {number}",
                kind="gpu",
                unit="gpu_hour",
                capacity=Decimal(rng.choice([500, 1000, 5000, 20000])),
                rate=Decimal("2.00"),
            )
            for number, node in enumerate(nodes)
        ]
    )
    today = timezone.localdate()
    ends = today + datetime.timedelta(days=365)
    projects = Project.objects.bulk_create(
        [
            Project(title=f"Project of {country.iso3}", lead=lead, country=country, purpose="Bench")
            for country in members
        ]
    )
    chosen = [rng.choice(resources) for _ in projects]
    requests = AllocationRequest.objects.bulk_create(
        [
            AllocationRequest(
                project=project,
                resource=resource,
                requested_by=lead,
                amount=Decimal(100_000),
                starts_on=today,
                ends_on=ends,
                justification="Bench",
                status="approved",
                fee_amount=Decimal(0),
                fee_currency="USD",
                fee_reason="full",
            )
            for project, resource in zip(projects, chosen, strict=True)
        ]
    )
    allocations = Allocation.objects.bulk_create(
        [
            Allocation(
                project=request.project,
                resource=request.resource,
                request=request,
                starts_on=today,
                ends_on=ends,
            )
            for request in requests
        ]
    )
    Movement.objects.bulk_create(
        [Movement(allocation=a, kind="grant", units=Decimal(100_000)) for a in allocations]
    )
    now = timezone.now()
    half_life = 7.0
    usage: dict[str, float] = {}
    made = 0
    while made < JOBS:
        rows = []
        for _ in range(min(BATCH, JOBS - made)):
            allocation = rng.choice(allocations)
            used = Decimal(rng.randint(1, 2_000)) / 100
            finished = now - datetime.timedelta(seconds=rng.randrange(60 * 86_400))
            rows.append(
                Job(
                    allocation=allocation,
                    submitted_by=lead,
                    command="python train.py",
                    units=used,
                    walltime_minutes=60,
                    backend="local",
                    state="completed",
                    exit_code=0,
                    usage=used,
                    elapsed_seconds=3600.0,
                    finished_at=finished,
                )
            )
            country = allocation.project.country_id
            usage[country] = usage.get(country, 0.0) + decayed(
                float(used), since=finished, until=now, half_life_days=half_life
            )
        Job.objects.bulk_create(rows, batch_size=5_000)
        made += len(rows)
        if made % 100_000 == 0 or made == JOBS:
            print(f"compute: {made:,} of {JOBS:,} jobs", file=sys.stderr, flush=True)
    CountryUsage.objects.bulk_create(
        [
            CountryUsage(country_id=code, decayed_usage=value, as_of=now)
            for code, value in usage.items()
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def same_answer(fast: list[Any], slow: list[Any]) -> bool:
    by_country = {row.country: row for row in slow}
    return len(fast) == len(slow) and all(
        abs(row.share - by_country[row.country].share) < 1e-9
        and abs(row.usage - by_country[row.country].usage) < 1e-6
        and abs(row.factor - by_country[row.country].factor) < 1e-6
        for row in fast
    )


def measure(db: str) -> None:
    from django.utils import timezone

    from aigov.compute.selectors import fairshare, fairshare_baseline

    now = timezone.now()
    fast, slow = fairshare(as_of=now), fairshare_baseline(as_of=now)
    assert len(fast) == 193, len(fast)
    assert same_answer(fast, slow), "the aggregate and the baseline disagree"
    timings = common.timed(fairshare, common.RUNS)
    baseline = common.timed(fairshare_baseline, BASELINE_RUNS)
    common.emit_timings(
        "compute_fairshare",
        db,
        timings,
        baseline,
        target=TARGET_MS,
        countries=len(fast),
        nodes=NODES,
        jobs=JOBS,
    )
    common.emit_path(
        "compute_fairshare_api",
        db,
        "/api/compute/fairshare",
        common.PUBLIC,
        baseline=statistics.median(baseline),
        target=TARGET_MS,
    )


def main() -> None:
    common.refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    build(random.Random(SEED))
    common.emit("compute_build", db, time.perf_counter() - started, "s", jobs=JOBS)
    measure(db)


if __name__ == "__main__":
    main()

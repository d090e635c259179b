"""What every benchmark shares: the guard, the JSON line, timings, and pages timed as a person
gets them (not a benchmark).

A page or API route is timed through Django's test client, which runs the whole stack (every
middleware, the view, the template, the JSON encoding), for a reader: the public (no one signed
in) or a signed-in account (a session for pages, an API token for /api/ routes, as scripts
use). Warm: the same client asks again and again in this process. Cold: a fresh process
(bench/_cold.py) answers its first request, as a newly started worker does: modules imported on
first use, templates compiled, translations loaded, a new database connection.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOST = "localhost"  # in the default ALLOWED_HOSTS
RUNS = int(os.environ.get("AIGOV_BENCH_RUNS", "20"))
COLD_RUNS = int(os.environ.get("AIGOV_BENCH_COLD_RUNS", "3"))
BENCH_DIR = Path(__file__).resolve().parent


def refuse_unless_bench_database() -> None:
    """Exit unless bench/run.py started us on the throw-away database it created."""
    if os.environ.get("AIGOV_BENCH") != "1":
        print("Run me through bench/run.py: it creates the throw-away database.", file=sys.stderr)
        sys.exit(2)


def emit(bench: str, db: str, value: float, unit: str, **extra: Any) -> None:
    """Print one measurement as a JSON line: bench, db, value, unit, then baseline/ratio/target
    and, for a page or an API route, its `path`."""
    print(
        json.dumps({"bench": bench, "db": db, "value": round(value, 2), "unit": unit, **extra}),
        flush=True,
    )


def emit_against(
    bench: str,
    db: str,
    value: float,
    unit: str,
    *,
    baseline: float,
    target: float | None,
    **extra: Any,
) -> None:
    """Print a measurement beside its same-run baseline: ratio is value / baseline."""
    emit(
        bench,
        db,
        value,
        unit,
        baseline=round(baseline, 2),
        ratio=round(value / baseline, 4) if baseline else None,
        target=target,
        **extra,
    )


def emit_timings(
    bench: str,
    db: str,
    timings: list[float],
    baseline: list[float],
    *,
    target: float | None,
    **extra: Any,
) -> None:
    """Print `<bench>` (the median of `timings`, ms, with `extra`) and `<bench>_p95`, each
    beside the same statistic of the baseline's timings."""
    emit_against(
        bench,
        db,
        statistics.median(timings),
        "ms",
        baseline=statistics.median(baseline),
        target=target,
        **extra,
    )
    emit_against(
        f"{bench}_p95",
        db,
        percentile(timings, 0.95),
        "ms",
        baseline=percentile(baseline, 0.95),
        target=target,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(run: Callable[[], Any], runs: int) -> list[float]:
    """Return the milliseconds each of `runs` calls of `run` took."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1_000)
    return timings


@dataclass(frozen=True)
class Reader:
    """Who opens a page: `label` names it in the bench line; `email` signs a session in (for
    pages), `token` is a raw API token (for /api/ routes). Neither: the public."""

    label: str
    email: str = ""
    token: str = ""


PUBLIC = Reader("public")


def reader_for(label: str, user: Any) -> Reader:
    """Return a reader signed in as `user`, with a read-only API token of theirs."""
    from aigov.accounts.services import token_create

    issued = token_create(actor=user, user=user, name="bench")
    return Reader(label, email=user.email, token=issued.raw)


def client_for(reader: Reader) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if reader.email:
        client.force_login(get_user_model().objects.get(email=reader.email))
    return client


def get(client: Any, reader: Reader, path: str) -> Any:
    """Ask for `path` as `reader`; fail unless the answer is 200."""
    headers = {}
    if reader.token and path.startswith("/api/"):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {reader.token}"
    response = client.get(path, **headers)
    if response.status_code != 200:
        raise AssertionError(f"{path} as {reader.label}: {response.status_code}")
    return response


def cold_timings(path: str, reader: Reader, runs: int = COLD_RUNS) -> list[float]:
    """Return the milliseconds of the first request of `runs` fresh processes (bench/_cold.py)."""
    timings = []
    for _ in range(runs):
        # This interpreter and a file of this directory, with the caller's own arguments.
        finished = subprocess.run(  # noqa: S603
            [sys.executable, str(BENCH_DIR / "_cold.py"), path, reader.email, reader.token],
            capture_output=True,
            text=True,
            check=True,
        )
        timings.append(float(json.loads(finished.stdout.strip().splitlines()[-1])["ms"]))
    return timings


@dataclass(frozen=True)
class PageFigures:
    warm: list[float]
    cold: list[float]
    size: int  # bytes of the answer's body
    queries: int  # database queries of one warm request


def measure_path(path: str, reader: Reader, *, runs: int = RUNS) -> PageFigures:
    """Time `path` as `reader`: warm in this process (after one request), cold in fresh ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reader)
    response = get(client, reader, path)
    with CaptureQueriesContext(connection) as captured:
        get(client, reader, path)
    queries = len(captured)  # now: the next request empties the log it reads
    warm = timed(lambda: get(client, reader, path), runs)
    return PageFigures(
        warm=warm, cold=cold_timings(path, reader), size=len(response.content), queries=queries
    )


def emit_path(
    bench: str,
    db: str,
    path: str,
    reader: Reader,
    *,
    baseline: float,
    target: float | None,
    runs: int = RUNS,
) -> PageFigures:
    """Time `path` as `reader` and print two lines: `<bench>_<reader>` (warm p95, with its p50,
    bytes and queries) and `<bench>_<reader>_cold` (median of the cold requests), both beside
    `baseline` (ms: the same run's plain way of computing what the page shows)."""
    figures = measure_path(path, reader, runs=runs)
    name = f"{bench}_{reader.label}"
    emit_against(
        name,
        db,
        percentile(figures.warm, 0.95),
        "ms",
        baseline=baseline,
        target=target,
        path=path,
        p50=round(statistics.median(figures.warm), 2),
        bytes=figures.size,
        queries=figures.queries,
    )
    emit_against(
        f"{name}_cold",
        db,
        statistics.median(figures.cold),
        "ms",
        baseline=baseline,
        target=target,
        path=path,
        runs=len(figures.cold),
    )
    return figures

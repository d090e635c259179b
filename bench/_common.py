"""What every benchmark shares: the guard, the JSON line, the percentile (not a benchmark)."""

import json
import os
import sys
from typing import Any


def refuse_unless_bench_database() -> None:
    """Exit unless bench/run.py started us on the throw-away database it created."""
    if os.environ.get("AIGOV_BENCH") != "1":
        print("Run me through bench/run.py: it creates the throw-away database.", file=sys.stderr)
        sys.exit(2)


def emit(bench: str, db: str, value: float, unit: str, **extra: Any) -> None:
    """Print one measurement as a JSON line: bench, db, value, unit, then baseline/ratio/target."""
    print(
        json.dumps({"bench": bench, "db": db, "value": round(value, 2), "unit": unit, **extra}),
        flush=True,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

"""Run every benchmark in bench/ on a fresh, throw-away database: SQLite, then PostgreSQL.

`make bench` runs this. Each module bench/<name>.py (all but this one) runs in its own process
against a database created for it and dropped afterwards:

- SQLite: a file in a temporary directory (AIGOV_VAR_DIR and DATABASE_URL point there);
- PostgreSQL, when TEST_POSTGRES_URL is set: a database named `aigov_bench` (or
  AIGOV_BENCH_DB_NAME, so that two runs on one server do not drop each other's) created on
  that server (the URL's own database is only used to create and drop it, never written to).

The API's rate limits are raised for the run (API_THROTTLE_ANON and API_THROTTLE_AUTH, unless
set): the benchmarks ask one route hundreds of times a minute from one address, and a 429 is
not what they measure. The limits are still checked on every request, as in production.

Each module prints one JSON object per measurement on standard output, which this runner passes
through unchanged; progress and errors go to standard error.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BENCH_DATABASE = os.environ.get("AIGOV_BENCH_DB_NAME", "aigov_bench")
BENCH_RATE_LIMIT = "1000000/m"


def _modules() -> list[Path]:
    return sorted(
        path
        for path in BENCH_DIR.glob("*.py")
        if path.name != "run.py" and not path.name.startswith("_")
    )


def _run(command: list[str], env: dict[str, str]) -> None:
    # The commands are this interpreter and files of this repository, never outside input.
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _bench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DATABASE))


def _collect_static(static_home: str) -> None:
    """Collect the static files once, as `make run` does: pages name the hashed files of the
    manifest (WhiteNoise's storage), and rendering one without it is an error."""
    env = {**os.environ, "AIGOV_VAR_DIR": static_home, "PYTHONPATH": str(ROOT)}
    print("== collecting the static files", file=sys.stderr, flush=True)
    _run([sys.executable, "-m", "aigov.cli", "collectstatic", "--noinput", "--verbosity", "0"], env)


def _run_module(
    module: Path, database: str, database_url: str, var_dir: str, static_home: str
) -> None:
    Path(var_dir, "static").symlink_to(Path(static_home, "static"), target_is_directory=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AIGOV_VAR_DIR": var_dir,
        "AIGOV_BENCH": "1",
        "BENCH_DB": database,
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
        "PYTHONPATH": str(ROOT),
        "API_THROTTLE_ANON": os.environ.get("API_THROTTLE_ANON", BENCH_RATE_LIMIT),
        "API_THROTTLE_AUTH": os.environ.get("API_THROTTLE_AUTH", BENCH_RATE_LIMIT),
    }
    started = time.monotonic()
    print(
        f"== {module.stem} on {database}: migrating a fresh database", file=sys.stderr, flush=True
    )
    _run([sys.executable, "-m", "aigov.cli", "migrate", "--noinput", "--verbosity", "0"], env)
    _run([sys.executable, str(module)], env)
    print(
        f"== {module.stem} on {database}: {time.monotonic() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )


def main() -> int:
    postgres_url = os.environ.get("TEST_POSTGRES_URL", "")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", BENCH_DATABASE):
        print("AIGOV_BENCH_DB_NAME must be a lower-case SQL name.", file=sys.stderr)
        return 2
    if postgres_url and urlsplit(postgres_url).path.strip("/") == BENCH_DATABASE:
        print(f"TEST_POSTGRES_URL must not name {BENCH_DATABASE}: it is dropped.", file=sys.stderr)
        return 2
    wanted = sys.argv[1:]  # `bench/run.py landscape` runs only that benchmark
    unknown = sorted(set(wanted) - {module.stem for module in _modules()})
    if unknown:
        print(f"No benchmark named {', '.join(unknown)}.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="aigov-bench-static-") as static_home:
        _collect_static(static_home)
        for module in (m for m in _modules() if not wanted or m.stem in wanted):
            _bench_module(module, postgres_url, static_home)
    return 0


def _bench_module(module: Path, postgres_url: str, static_home: str) -> None:
    """Run one benchmark on SQLite, then on PostgreSQL when TEST_POSTGRES_URL is set."""
    with tempfile.TemporaryDirectory(prefix="aigov-bench-") as var_dir:
        _run_module(module, "sqlite", f"sqlite:///{var_dir}/bench.sqlite3", var_dir, static_home)
    if not postgres_url:
        print("TEST_POSTGRES_URL is not set: PostgreSQL skipped.", file=sys.stderr)
        return
    _postgres_admin(postgres_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    _postgres_admin(postgres_url, f"CREATE DATABASE {BENCH_DATABASE} ENCODING 'UTF8'")
    try:
        with tempfile.TemporaryDirectory(prefix="aigov-bench-") as var_dir:
            _run_module(module, "postgresql", _bench_url(postgres_url), var_dir, static_home)
    finally:
        _postgres_admin(postgres_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


if __name__ == "__main__":
    sys.exit(main())

"""Concurrent commitments and disbursements lose nothing and never overdraw (issue 21): on
PostgreSQL with threads in this process, on SQLite with threads over a file database in a
child process (see race.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from aigov.fund.tests.race import run_races

WRITERS = 20


def _check(result: dict[str, Any]) -> None:
    # 1,000 USD available, 100 USD grants: ten fit, ten are refused with 409.
    assert result["commitments"] == {"done": 10, "conflict": WRITERS - 10}, result
    assert result["grants_committed"] == 10
    # One 1,000 USD grant, 75 USD disbursements: thirteen fit (975), the rest are refused.
    assert result["disbursements"] == {"done": 13, "conflict": WRITERS - 13}, result
    assert result["disbursed_rows"] == result["grant_disbursed"] == "975.00"
    # Cash: 2,000 received, 975 paid out; the running balance equals the sum of the legs.
    assert result["cash_balance"] == result["cash_from_legs"] == "1025.00"
    assert result["balanced"] and result["same_as_legs"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads in this process need PostgreSQL; SQLite runs in a child process")
    _check(run_races(WRITERS))


def test_concurrent_writers_on_a_sqlite_file(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite race (PostgreSQL runs the threads in this process)")
    root = Path(settings.BASE_DIR)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/race.sqlite3",
        "AIGOV_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
        "PYTHONPATH": str(root),
    }
    # This interpreter, the project's own command and module: no outside input.
    subprocess.run(
        [sys.executable, "-m", "aigov.cli", "migrate", "--noinput", "-v0"],
        env=env,
        cwd=root,
        check=True,
    )
    finished = subprocess.run(
        [sys.executable, "-m", "aigov.fund.tests.race", str(WRITERS)],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    _check(json.loads(finished.stdout.strip().splitlines()[-1]))

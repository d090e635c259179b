"""The production environment: built from requirements/base.lock alone, it runs a real worker.

The test suite's own environment (dev.lock) holds more packages than production gets, so it can
hide a missing runtime dependency (kombu's Redis transport needs `packaging`, which once only
dev.lock had). Here a fresh virtual environment gets base.lock with its hashes and the project,
then `celery -A aigov worker` runs a real task sent through the local Redis.

The environment is built once per content of base.lock and pyproject.toml and kept under
var/prod-env/ (a cold build takes a minute or two; PyICU compiles).
"""

import fcntl
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCK = ROOT / "requirements" / "base.lock"
CACHE = ROOT / "var" / "prod-env"
BROKER = "redis://127.0.0.1:6379/5"
WORKER_START_TIMEOUT = 120
TASK_TIMEOUT = 60

# Run by the production environment's Python: the web side queues the task. No result is
# read back (settings may store none); the worker's delivery is the proof.
SENDER = """
import sys
import django
django.setup()
from aigov.core.tasks import deliver_email
deliver_email.apply_async(
    kwargs={"subject": "From base.lock", "body": "Sent through Redis.",
            "from_email": "aigov@example.org", "to": ["operator@example.org"]},
    queue=sys.argv[1],
)
"""

pytestmark = pytest.mark.slow


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _run(command: list[str], **kwargs) -> None:
    finished = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if finished.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{finished.stdout}\n{finished.stderr}")


def production_environment() -> Path:
    """Return the directory of a virtual environment holding base.lock and the project."""
    key = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    target = CACHE / key[:16]
    done = target / ".complete"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same environment waits
        if done.exists():
            return target
        for stale in CACHE.iterdir():
            if stale.is_dir():
                shutil.rmtree(stale)
        # The base interpreter, not this test environment's: nothing of dev.lock leaks in.
        python = getattr(sys, "_base_executable", sys.executable)
        _run([python, "-m", "venv", str(target)])
        pip = [str(target / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        # As `make install` does: the pip that ensurepip bundles mishandles extras in
        # hash-checking mode (fonttools[woff] for weasyprint).
        _run([*pip, "install", "--quiet", "--upgrade", "pip"], timeout=300)
        _run([*pip, "install", "--quiet", "--require-hashes", "-r", str(LOCK)], timeout=900)
        _run([*pip, "install", "--quiet", "--no-deps", "-e", str(ROOT)], timeout=300)
        done.touch()
    return target


@pytest.fixture
def worker_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a production process: the lock's packages, nothing of this run's."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
        "AIGOV_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "production-environment-test-" + "x" * 30,
        "REDIS_URL": BROKER,
    }


@pytest.fixture
def worker(worker_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """Start `celery -A aigov worker` from the production environment; yield its queue."""
    if not _redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379 to carry the task")
    environment = production_environment()
    queue = f"production-env-test-{uuid.uuid4().hex}"
    log_path = tmp_path / "worker.log"
    command = [str(environment / "bin" / "celery"), "-A", "aigov", "worker", "--pool", "solo"]
    command += ["--queues", queue, "--hostname", f"{queue}@%h", "--loglevel", "INFO"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=tmp_path, env=worker_env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while b" ready." not in log_path.read_bytes():
            if process.poll() is not None:
                pytest.fail(f"the worker exited ({process.returncode}):\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield queue
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown, as systemd stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _normalised(names: str) -> str:
    return re.sub(r"[-_.]+", "-", names.lower())


def test_a_worker_from_base_lock_runs_a_task_sent_through_redis(worker, worker_env, tmp_path):
    environment = production_environment()
    sent = subprocess.run(
        [str(environment / "bin" / "python"), "-c", SENDER, worker],
        cwd=tmp_path,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=TASK_TIMEOUT,
    )
    assert sent.returncode == 0, sent.stderr
    # The worker delivers it into the file mail backend of AIGOV_VAR_DIR, then logs success.
    log_path = tmp_path / "worker.log"
    succeeded = re.compile(r"Task aigov\.core\.tasks\.deliver_email\[[-0-9a-f]+\] succeeded")
    deadline = time.monotonic() + TASK_TIMEOUT
    while not succeeded.search(log_path.read_text()):
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    delivered = [path.read_text() for path in (tmp_path / "mail").iterdir()]
    assert len(delivered) == 1
    assert "Subject: From base.lock" in delivered[0]


def test_the_production_environment_holds_only_the_lock():
    """Nothing outside base.lock (pip itself aside) is installed: the lock alone must do."""
    environment = production_environment()
    listed = subprocess.run(
        [str(environment / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    lock = _normalised(LOCK.read_text())
    installed = {_normalised(line.split("==")[0]) for line in listed}
    extra = sorted(
        name for name in installed - {"pip", "setuptools", "aigov"} if f"\n{name}==" not in lock
    )
    assert extra == []
    assert "\npackaging==" in lock and "packaging" in installed

"""A real aigov server and Debian's Chromium, for tests that only a browser can make.

The server is gunicorn in its own process against its own fresh database (a temporary SQLite
file, or a PostgreSQL database of its own when the run's DATABASE_URL is PostgreSQL), set up with
the production commands. Each xdist worker gets its own server and database.
"""

import contextlib
import email
import email.policy
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import dj_database_url
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BIN = Path(sys.executable).parent
AIGOV = str(BIN / "aigov")
GUNICORN = str(BIN / "gunicorn")
PROJECT_ROOT = Path(__file__).resolve().parents[4]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long browser-test passphrase"
SERVER_START_TIMEOUT = 60


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass
class LiveServer:
    """A running aigov: its address, and the environment its commands run in."""

    url: str
    env: dict[str, str]
    var_dir: Path

    def aigov(self, *args: str, stdin: str | None = None) -> str:
        """Run an `aigov` command against this server's database; return its standard output."""
        completed = subprocess.run(
            [AIGOV, *args], env=self.env, input=stdin, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise AssertionError(
                f"aigov {' '.join(args)} failed:\n{completed.stdout}{completed.stderr}"
            )
        return completed.stdout

    def create_user(self, *, email: str, role: str, country: str | None = None) -> str:
        """Create a user with a role through the CLI; return the password to sign in with."""
        args = ["accounts", "create-user", "--email", email, "--role", role, "--password-stdin"]
        if country:
            args += ["--country", country]
        self.aigov(*args, stdin=f"{PASSWORD}\n")
        return PASSWORD

    def create_token(self, *, email: str, scope: str = "read") -> str:
        return self.aigov(
            "accounts", "create-token", "--email", email, "--scope", scope
        ).splitlines()[-1]

    def mail_to(self, address: str) -> list[EmailMessage]:
        """Return the messages the file e-mail backend wrote for an address, oldest first."""
        mail_dir = self.var_dir / "mail"
        if not mail_dir.exists():
            return []
        messages = []
        for path in sorted(mail_dir.iterdir(), key=lambda p: p.stat().st_mtime_ns):
            # The file backend appends messages to one file per connection, separated by a rule.
            for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                if address in str(message["To"]):
                    messages.append(message)
        return messages


def _free_listening_socket() -> socket.socket:
    """Bind and listen here, so the port exists before gunicorn starts and cannot be taken."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.set_inheritable(True)
    return listener


def _postgres_url(url: str, *, database: str) -> str:
    """Return the run's PostgreSQL URL pointed at another database on the same server."""
    parts = dj_database_url.parse(url)
    password = f":{parts['PASSWORD']}" if parts.get("PASSWORD") else ""
    host = parts.get("HOST") or "127.0.0.1"
    port = parts.get("PORT") or 5432
    return f"postgresql://{parts.get('USER') or 'postgres'}{password}@{host}:{port}/{database}"


@contextlib.contextmanager
def server_database(label: str) -> Iterator[str | None]:
    """Create an empty PostgreSQL database for a server when the run uses PostgreSQL.

    Yields its URL, or None for SQLite (the server then uses a file in its own data directory).
    `label` tells the databases of several servers in one run apart.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg
    from psycopg import sql

    # Named after the run's own database too, so runs against different databases can overlap.
    run_database = dj_database_url.parse(url)["NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"aigov_{label}_{run_database}_{worker}"
    admin_url = _postgres_url(url, database="postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _postgres_url(url, database=name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(drop)


@pytest.fixture(scope="session")
def browser_database_url() -> Iterator[str | None]:
    """The database of the session's server: PostgreSQL when the run uses it, else None."""
    with server_database("browser") as url:
        yield url


@pytest.fixture(scope="session")
def aigov_server(
    tmp_path_factory: pytest.TempPathFactory, browser_database_url: str | None
) -> Iterator[LiveServer]:
    """Start gunicorn on a fresh, migrated database with the reference data loaded.

    The data directory (mail, gunicorn.log) is left to pytest's temporary-directory retention,
    so a failed run can be read afterwards.
    """
    var_dir = tmp_path_factory.mktemp("aigov_var")
    with running_server(var_dir, browser_database_url) as server:
        yield server


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own holding the demonstration data, so that it reaches no other test's
    server (`aigov_server` has the reference data alone)."""
    var_dir = tmp_path_factory.mktemp("aigov_demo_var")
    with (
        server_database("every_page") as database_url,
        running_server(var_dir, database_url, before_search=[("demo", "load")]) as server,
    ):
        yield server


@contextlib.contextmanager
def running_server(
    var_dir: Path, database_url: str | None, *, before_search: Sequence[Sequence[str]] = ()
) -> Iterator[LiveServer]:
    """Run gunicorn on `database_url` (a SQLite file in `var_dir` when None), migrated, with
    the reference data loaded and the `aigov` commands `before_search` run before the search
    index is built; stop it on leaving."""
    # The server must not inherit the test run's database, data directory or SMTP settings.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "AIGOV_VAR_DIR", "EMAIL_HOST"}
    }
    env.update(
        AIGOV_VAR_DIR=str(var_dir),
        SECRET_KEY="browser-tests-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        API_THROTTLE_ANON="100000/m",
        API_THROTTLE_AUTH="100000/m",
        # Tests write to the server's database from their own process, whose writes do not
        # move the server's page-cache generation (a file in its AIGOV_VAR_DIR).
        AIGOV_PAGE_CACHE="false",
        DJANGO_SETTINGS_MODULE="aigov.settings",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    # Static files under hashed names with compressed copies, as `make run` serves them.
    (var_dir / "static").symlink_to(
        _collected_static(var_dir.parent, env), target_is_directory=True
    )

    with _free_listening_socket() as listener:
        server = LiveServer(
            url=f"http://127.0.0.1:{listener.getsockname()[1]}", env=env, var_dir=var_dir
        )
        # Links in mail are on the public address (AIGOV_PUBLIC_URL): here, this server.
        env["AIGOV_PUBLIC_URL"] = server.url
        server.aigov("migrate", "--noinput", "-v0")
        server.aigov("load-reference", "-v0")
        for command in before_search:
            server.aigov(*command)
        # `aigov search` arrives with the search module; until then there is no index to build.
        search_help = subprocess.run([AIGOV, "help", "search"], env=env, capture_output=True)
        if search_help.returncode == 0:
            server.aigov("search", "rebuild")

        log_path = var_dir / "gunicorn.log"
        command = [GUNICORN, "aigov.wsgi", "--bind", f"fd://{listener.fileno()}"]
        command += ["--workers", "2", "--threads", "4", "--access-logfile", "-"]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                env=env,
                cwd=PROJECT_ROOT,
                pass_fds=[listener.fileno()],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    # Only gunicorn holds the socket now: if it dies, waiting connections are refused at once.
    try:
        _wait_until_serving(server.url, process, log_path)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _collected_static(parent: Path, env: dict[str, str]) -> Path:
    """Run `aigov collectstatic` once per test run (per xdist worker); return where it collected.

    Every server's data directory links its `static` here: compressing the files takes a while,
    and they are the same for every server.
    """
    collect_var = parent / "collected_static"
    static_root = collect_var / "static"
    if not (static_root / "staticfiles.json").exists():
        completed = subprocess.run(
            [AIGOV, "collectstatic", "--noinput", "-v0"],
            env={**env, "AIGOV_VAR_DIR": str(collect_var)},
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise AssertionError(f"collectstatic failed:\n{completed.stdout}{completed.stderr}")
    return static_root


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Return once the home page answers; fail with the server log if gunicorn exits first.

    The kernel queues the connection on the already-listening socket, so one request waits for
    gunicorn to boot; the bounded loop only rides out a worker restarting during boot.
    """
    for _attempt in range(3):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/en/", timeout=SERVER_START_TIMEOUT) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            continue
    raise RuntimeError(f"aigov did not start on {url}:\n{log_path.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, aigov_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies, no cache) whose relative URLs go to the server."""
    browser_context = browser.new_context(base_url=aigov_server.url)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def serious_axe_violations(page: Page) -> list[str]:
    """Run axe-core (from node_modules) on the page; return its serious and critical findings."""
    # Evaluated through the DevTools protocol, not added as a <script>: the site's
    # Content-Security-Policy refuses inline script, as it should.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]

"""Throughput benchmark: the real server under 32 concurrent clients, beside nginx.

Run through bench/run.py (`make bench`, or `bench/run.py load`), which gives it a fresh,
migrated database; it refuses to run on any other. It loads the reference data, starts gunicorn
as `make run` does (2 workers, 4 threads each), and for each of five addresses — the home page, a
list page, a detail page and two API lists — drives it from 32 clients on loopback (HTTP/1.1
keep-alive, gzip accepted, no cookies: anonymous visitors) for a bounded time:

- the application with its page cache off (what every request cost before: the "today" figure);
- the application as configured (the page cache on);
- nginx, as configured in deploy/nginx/aigov.conf, as a caching reverse proxy in front of the
  same gunicorn (TLS left out: the clients speak plain HTTP to both);
- nginx serving the same bytes from files (the baseline: what the cores can do at all).

The clients are two processes of 16 connections each, driven by `selectors` without a thread per
connection; they share the machine's cores with the servers, which lowers every figure alike.
Each line: {"bench": "load_<page>[_proxy|_uncached]", "db", "path", "value": requests per second,
"unit": "req/s", "baseline": nginx's requests per second for the same bytes, "ratio", "target",
"better": "higher", "p50", "p95", "p99" (milliseconds)}. Targets: the application at least ten
times its page-cache-off rate, nginx's proxy cache at least half of nginx's own rate.
"""

import multiprocessing
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "/en/",
    "list": "/en/taxonomy/countries/",
    "detail": "/en/countries/KEN/",
    "api_countries": "/api/taxonomy/countries",
    "api_standards": "/api/standards/",
}
CLIENTS = 32
PROCESSES = 2
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "2"))
WARM_UP_SECONDS = 0.5
APPLICATION_TARGET = 10  # times the page-cache-off rate
PROXY_TARGET = 0.5  # times nginx's own rate
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "aigov.conf"
HOST = "aigov.example.org"


# --- the clients ---------------------------------------------------------------------------


def _request(path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: gzip\r\n"
        "Accept: text/html,application/json\r\nUser-Agent: aigov-bench\r\n\r\n"
    ).encode("ascii")


class _Connection:
    """One keep-alive connection sending one request after another."""

    def __init__(self, port: int, request: bytes) -> None:
        self.port = port
        self.request = request
        self.socket: socket.socket | None = None
        self.buffer = b""
        self.started = 0.0

    def open(self, selector: selectors.BaseSelector) -> None:
        self.socket = socket.create_connection(("127.0.0.1", self.port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket.setblocking(False)
        selector.register(self.socket, selectors.EVENT_READ, self)

    def send(self) -> None:
        assert self.socket is not None
        self.buffer = b""
        self.started = time.perf_counter()
        self.socket.sendall(self.request)

    def close(self, selector: selectors.BaseSelector) -> None:
        if self.socket is not None:
            selector.unregister(self.socket)
            self.socket.close()
            self.socket = None

    def complete(self) -> tuple[int, bool] | None:
        """Return (status, server keeps the connection) once a whole response is in."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].decode("latin-1").lower()
        length = re.search(r"\r\ncontent-length: *(\d+)", head)
        body = int(length.group(1)) if length else 0
        if len(self.buffer) < end + 4 + body:
            return None
        status = int(head.split(" ", 2)[1])
        return status, "\r\nconnection: close" not in head


def _drive(port: int, path: str, connections: int, seconds: float, results: Any) -> None:
    """One client process: `connections` connections for `seconds`; send back the latencies."""
    selector = selectors.DefaultSelector()
    request = _request(path)
    pool = [_Connection(port, request) for _ in range(connections)]
    for connection in pool:
        connection.open(selector)
        connection.send()
    latencies: list[float] = []
    failures = 0
    warm_until = time.perf_counter() + WARM_UP_SECONDS
    stop = warm_until + seconds
    while (now := time.perf_counter()) < stop:
        for key, _events in selector.select(timeout=0.5):
            connection = key.data
            data = connection.socket.recv(262_144)
            if not data:  # the server closed: open again and resend
                connection.close(selector)
                connection.open(selector)
                connection.send()
                continue
            connection.buffer += data
            done = connection.complete()
            if done is None:
                continue
            status, keep = done
            finished = time.perf_counter()
            if finished >= warm_until:
                if status == 200:
                    latencies.append(finished - connection.started)
                else:
                    failures += 1
            if not keep:
                connection.close(selector)
                connection.open(selector)
            connection.send()
        del now
    for connection in pool:
        connection.close(selector)
    results.put((latencies, failures))


def measure(port: int, path: str) -> dict[str, float]:
    """Drive `path` on `port` from CLIENTS connections; return req/s and p50/p95/p99 in ms."""
    for _ in range(4):  # every worker has started and answered once (a cache, if any, holds it)
        fetch(port, path)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    per_process = CLIENTS // PROCESSES
    workers = [
        context.Process(target=_drive, args=(port, path, per_process, SECONDS, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    latencies: list[float] = []
    failures = 0
    for _ in workers:
        found, failed = results.get(timeout=SECONDS + 60)
        latencies += found
        failures += failed
    for worker in workers:
        worker.join(timeout=10)
    if failures or not latencies:
        raise RuntimeError(f"{path} on port {port}: {failures} answers were not 200 OK")
    milliseconds = [value * 1000 for value in latencies]
    return {
        "rps": len(latencies) / SECONDS,
        "p50": statistics.median(milliseconds),
        "p95": percentile(milliseconds, 0.95),
        "p99": percentile(milliseconds, 0.99),
    }


# --- the servers ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.1)


@contextmanager
def _process(command: list[str], env: dict[str, str], port: int, what: str) -> Iterator[None]:
    # Our own commands: this interpreter's gunicorn and Debian's nginx, with files we wrote.
    process = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait_for(port, process, what)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn(port: int, *, page_cache: bool) -> Iterator[None]:
    """The application as `make run` serves it (2 workers, 4 threads each, access log on)."""
    env = {
        **os.environ,
        "AIGOV_PAGE_CACHE": "1" if page_cache else "0",
        # 32 clients share one address; the bench measures throughput, not the limiter.
        "API_THROTTLE_ANON": "100000000/m",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "aigov.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    with _process(command, env, port, "gunicorn"):
        yield


def _nginx_conf(prefix: Path, http_block: str) -> Path:
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log off;\n{temp_paths}\n"
        f"    include /etc/nginx/mime.types;\n{http_block}\n}}\n"
    )
    return conf


def proxy_site(prefix: Path, port: int, upstream: int) -> str:
    """deploy/nginx/aigov.conf on plain HTTP: the same cache settings, TLS left out."""
    text = SITE.read_text(encoding="utf-8")
    moves = {
        "/var/cache/nginx/aigov": str(prefix / "cache"),
        "/var/lib/aigov/static/": f"{prefix / 'static'}/",
        "/var/www/letsencrypt": str(prefix / "acme"),
        "listen 80;": f"listen 127.0.0.1:{_free_port()};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port};",
        "server 127.0.0.1:8000 ": f"server 127.0.0.1:{upstream} ",
    }
    for original, moved in moves.items():
        if original not in text:
            raise RuntimeError(f"deploy/nginx/aigov.conf no longer holds {original!r}")
        text = text.replace(original, moved)
    kept = [
        line
        for line in text.splitlines()
        if not line.strip().startswith(("ssl_", "listen [::]", "add_header Strict-Transport"))
    ]
    return "\n".join(kept)


@contextmanager
def nginx(prefix: Path, http_block: str, port: int) -> Iterator[None]:
    prefix.mkdir(parents=True, exist_ok=True)
    conf = _nginx_conf(prefix, http_block)
    command = [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    with _process(command, dict(os.environ), port, "nginx"):
        yield


def static_site(prefix: Path, port: int, answers: dict[str, tuple[bytes, dict[str, str]]]) -> str:
    """An nginx server answering each path with the bytes and headers the application sent."""
    locations = []
    for number, (path, (body, headers)) in enumerate(answers.items()):
        file = prefix / f"answer-{number}"
        file.write_bytes(body)
        extra = "".join(
            f'        add_header {name} "{value}";\n'
            for name, value in headers.items()
            if name.lower() in {"content-encoding", "vary", "content-language"}
        )
        content_type = headers.get("Content-Type", "text/html")
        locations.append(
            f'    location = {path} {{\n        default_type "{content_type}";\n'
            f"        types {{ }}\n{extra}        root {prefix};\n"
            f"        try_files /{file.name} =404;\n    }}\n"
        )
    return f"server {{\n    listen 127.0.0.1:{port};\n{''.join(locations)}}}\n"


def fetch(port: int, path: str) -> tuple[bytes, dict[str, str]]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": HOST, "Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return body, dict(response.getheaders())


# --- the run -------------------------------------------------------------------------------


def main() -> None:
    refuse_unless_bench_database()
    started = time.perf_counter()
    db = os.environ.get("BENCH_DB", "sqlite")
    print("load: loading the reference data", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, "-m", "aigov.cli", "load-reference", "--verbosity", "0"],
        check=True,
        cwd=ROOT,
    )
    os.environ.setdefault("ALLOWED_HOSTS", f"{HOST},127.0.0.1,localhost")
    figures: dict[str, dict[str, dict[str, float]]] = {page: {} for page in PAGES}
    answers: dict[str, tuple[bytes, dict[str, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="aigov-load-") as folder:
        prefix = Path(folder)
        app_port, proxy_port, static_port = _free_port(), _free_port(), _free_port()
        with gunicorn(app_port, page_cache=False):
            for page, path in PAGES.items():
                print(f"load: {page}, page cache off", file=sys.stderr, flush=True)
                figures[page]["uncached"] = measure(app_port, path)
        with gunicorn(app_port, page_cache=True):
            for page, path in PAGES.items():
                answers[path] = fetch(app_port, path)
                print(f"load: {page}, application", file=sys.stderr, flush=True)
                figures[page]["application"] = measure(app_port, path)
            with nginx(
                prefix / "proxy", proxy_site(prefix / "proxy", proxy_port, app_port), proxy_port
            ):
                for page, path in PAGES.items():
                    print(f"load: {page}, nginx proxy cache", file=sys.stderr, flush=True)
                    figures[page]["proxy"] = measure(proxy_port, path)
        with nginx(prefix / "static", static_site(prefix, static_port, answers), static_port):
            for page, path in PAGES.items():
                print(f"load: {page}, nginx static", file=sys.stderr, flush=True)
                figures[page]["nginx"] = measure(static_port, path)
    for page, path in PAGES.items():
        found = figures[page]
        baseline = found["nginx"]["rps"]
        lines = [
            (f"load_{page}", "application", APPLICATION_TARGET * found["uncached"]["rps"]),
            (f"load_{page}_proxy", "proxy", PROXY_TARGET * baseline),
            (f"load_{page}_uncached", "uncached", None),
        ]
        for bench, kind, target in lines:
            measured = found[kind]
            extra = {} if target is None else {"target": round(target, 1)}
            emit(
                bench,
                db,
                measured["rps"],
                "req/s",
                path=path,
                baseline=round(baseline, 1),
                ratio=round(measured["rps"] / baseline, 4),
                better="higher",
                p50=round(measured["p50"], 2),
                p95=round(measured["p95"], 2),
                p99=round(measured["p99"], 2),
                **extra,
            )
    print(f"load: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

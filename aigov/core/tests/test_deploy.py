"""deploy/: each file passes its real validator, and nginx behaves as the site says.

- systemd units: `systemd-analyze verify` on a temporary root holding the units, the system's
  own unit files and stand-ins for the programs they start (any warning fails);
- the nginx site: `nginx -t` inside a temporary prefix with a self-signed certificate, then a
  real nginx in front of a counting upstream (micro-cache, bypasses, headers, body limit);
- compose.yaml: the Compose Specification's JSON schema (vendored by check-jsonschema), and
  `docker compose config` where the compose plugin is installed.

`make test` installs nginx and systemd-analyze from Debian (`make deploy-tools`); without them
those tests skip, naming what is missing.
"""

import datetime
import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
SITE = DEPLOY / "nginx" / "aigov.conf"
COMPOSE = DEPLOY / "compose.yaml"
README = (ROOT / "README.md").read_text(encoding="utf-8")

SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_systemd_analyze = pytest.mark.skipif(
    not SYSTEMD_ANALYZE, reason="systemd-analyze is missing: run `make deploy-tools`"
)
needs_nginx = pytest.mark.skipif(not NGINX, reason="nginx is missing: run `make deploy-tools`")


# --- systemd ---------------------------------------------------------------------------------


def _unit_settings(unit: Path) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def _verify_units(units: list[Path], root: Path) -> subprocess.CompletedProcess[str]:
    """Run systemd-analyze verify on `units` inside a throw-away root."""
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    installed = root / "etc/systemd/system"
    installed.mkdir(parents=True)
    for unit in units:
        shutil.copy(unit, installed / unit.name)
        # The programs a unit starts must exist and be executable: stand-ins, in the root only.
        for key in ("ExecStart", "ExecReload", "ExecStartPre", "ExecStop"):
            for command in _unit_settings(unit).get(key, []):
                program = root / command.lstrip("-@:+!").split()[0].lstrip("/")
                program.parent.mkdir(parents=True, exist_ok=True)
                program.write_text("#!/bin/sh\n")
                program.chmod(0o755)
    return subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", f"--root={root}"]
        + [f"/etc/systemd/system/{unit.name}" for unit in units],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_kit_has_a_web_a_worker_and_an_upgrade_unit():
    assert [unit.name for unit in UNITS] == [
        "aigov-upgrade.service",
        "aigov-web.service",
        "aigov-worker.service",
    ]


@needs_systemd_analyze
def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    verified = _verify_units(UNITS, tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout + verified.stderr == ""


@needs_systemd_analyze
def test_systemd_analyze_verify_catches_a_planted_mistake(tmp_path):
    broken = tmp_path / "aigov-broken.service"
    text = (DEPLOY / "systemd" / "aigov-web.service").read_text()
    broken.write_text(text.replace("Restart=on-failure", "Restart=sometimes\nRestartSecs=5"))
    verified = _verify_units([broken], tmp_path / "root")
    assert "Restart" in verified.stderr
    assert "Unknown key 'RestartSecs'" in verified.stderr


@pytest.mark.parametrize("name", ["aigov-web.service", "aigov-worker.service"])
def test_long_running_units_run_as_the_service_user_and_restart(name):
    settings = _unit_settings(DEPLOY / "systemd" / name)
    assert settings["User"] == ["aigov"]
    assert settings["EnvironmentFile"] == ["/etc/aigov/aigov.env"]
    assert settings["Environment"] == ["AIGOV_VAR_DIR=/var/lib/aigov"]
    assert settings["Restart"][0] in {"on-failure", "always"}
    assert settings["StateDirectory"] == ["aigov"]


def test_the_worker_unit_starts_the_celery_app():
    start = _unit_settings(DEPLOY / "systemd" / "aigov-worker.service")["ExecStart"][0]
    assert start.startswith("/opt/aigov/.venv/bin/celery -A aigov worker")


def test_the_environment_file_names_only_documented_settings():
    example = (DEPLOY / "aigov.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, re.MULTILINE)
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AIGOV_PUBLIC_URL"} <= set(names)
    undocumented = [name for name in names if f"`{name}`" not in README]
    assert undocumented == []


# --- nginx -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aigov.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("aigov.example.org")]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class NginxPrefix:
    """The site, its paths moved into a temporary prefix, inside a minimal nginx.conf."""

    def __init__(self, prefix: Path, site_text: str, upstream_port: int = 8000) -> None:
        self.prefix = prefix
        self.http_port, self.https_port = _free_port(), _free_port()
        self.static = prefix / "static"
        self.static.mkdir()
        cert, key = _self_signed_certificate(prefix)
        moves = {
            "/etc/letsencrypt/live/aigov.example.org/fullchain.pem": str(cert),
            "/etc/letsencrypt/live/aigov.example.org/privkey.pem": str(key),
            "/var/cache/nginx/aigov": str(prefix / "cache"),
            "/var/lib/aigov/static/": f"{self.static}/",
            "/var/www/letsencrypt": str(prefix / "acme"),
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            # IPv6 may be missing in a container; the IPv4 listeners carry the test.
            "listen [::]:80;": "",
            "listen [::]:443 ssl http2;": "",
            "server 127.0.0.1:8000 ": f"server 127.0.0.1:{upstream_port} ",
        }
        for original, moved in moves.items():
            assert original in site_text, f"the site no longer holds {original!r}"
            site_text = site_text.replace(original, moved)
        site = prefix / "aigov.conf"
        site.write_text(site_text)
        temp_paths = "\n".join(
            f"    {kind}_temp_path {prefix / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root, workers would switch to `nobody`, who cannot enter pytest's folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(
            f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
            f"error_log {prefix / 'error.log'} warn;\n"
            "events { worker_connections 64; }\n"
            f"http {{\n    access_log off;\n{temp_paths}\n"
            "    include /etc/nginx/mime.types;\n"
            f"    include {site};\n}}\n"
        )

    def command(self, *args: str) -> list[str]:
        return [str(NGINX), "-p", str(self.prefix), "-c", str(self.conf), *args]


@needs_nginx
def test_the_nginx_site_passes_nginx_t(tmp_path):
    prefix = NginxPrefix(tmp_path, SITE.read_text())
    tested = subprocess.run(prefix.command("-t"), capture_output=True, text=True, timeout=30)
    assert tested.returncode == 0, tested.stderr
    assert "test is successful" in tested.stderr
    assert "[warn]" not in tested.stderr, tested.stderr


@needs_nginx
def test_nginx_t_catches_a_planted_mistake(tmp_path):
    broken = SITE.read_text().replace("client_max_body_size 45m;", "client_max_body_size 45mb;")
    prefix = NginxPrefix(tmp_path, broken)
    tested = subprocess.run(prefix.command("-t"), capture_output=True, text=True, timeout=30)
    assert tested.returncode != 0
    assert "client_max_body_size" in tested.stderr


class Upstream(ThreadingHTTPServer):
    """Stands in for gunicorn: counts requests per path and keeps the headers it received."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.headers_seen: dict[str, dict[str, str]] = {}
        super().__init__(("127.0.0.1", 0), _UpstreamHandler)


class _UpstreamHandler(BaseHTTPRequestHandler):
    server: Upstream

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.server.headers_seen[self.path] = dict(self.headers.items())
        language = self.headers.get("Accept-Language", "")
        body = f"page {self.path} #{self.server.hits[self.path]} {language}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        # As aigov.core.pagecache does, in Django's order: browsers must revalidate, and what
        # every anonymous visitor gets alike may be kept by the proxy.
        self.send_header("Cache-Control", "no-cache")
        if not self.path.startswith(("/en/not-shared/", "/api/health")):
            self.send_header("X-Accel-Expires", "5")
        if self.path.startswith("/api/"):
            self.send_header("Vary", "Accept-Language, Cookie")
        if self.path.startswith("/en/sets-cookie/"):
            self.send_header("Set-Cookie", "csrftoken=fresh; Path=/")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:  # quiet: the assertions say what happened
        pass


@pytest.fixture
def live_nginx(tmp_path: Path) -> Iterator[tuple[NginxPrefix, Upstream]]:
    if not NGINX:
        pytest.skip("nginx is missing: run `make deploy-tools`")
    upstream = Upstream()
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    prefix = NginxPrefix(tmp_path, SITE.read_text(), upstream_port=upstream.server_address[1])
    process = subprocess.Popen(prefix.command("-g", "daemon off;"))
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", prefix.https_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = tmp_path / "error.log"
                    pytest.fail(f"nginx did not start: {log.read_text() if log.exists() else ''}")
                time.sleep(0.1)
        yield prefix, upstream
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def _request(
    port: int, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    connection.request(method, path, headers={"Host": "aigov.example.org", **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_anonymous_pages_are_micro_cached_and_signed_in_ones_are_not(live_nginx):
    prefix, upstream = live_nginx
    port = prefix.https_port
    first = _request(port, "/en/standards/")
    second = _request(port, "/en/standards/")
    assert (first.status, second.status) == (200, 200)
    assert first.getheader("X-Cache-Status") == "MISS"
    assert second.getheader("X-Cache-Status") == "HIT"
    assert second.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert upstream.hits["/en/standards/"] == 1

    for headers in (
        {"Cookie": "sessionid=abc"},
        {"Authorization": "Bearer token"},
        {"Cookie": "messages=saved"},
    ):
        bypassed = _request(port, "/en/standards/", headers=headers)
        assert bypassed.getheader("X-Cache-Status") == "BYPASS", headers
    assert upstream.hits["/en/standards/"] == 4


def test_only_what_the_application_marks_as_shared_is_kept(live_nginx):
    prefix, upstream = live_nginx
    port = prefix.https_port
    for path in ("/en/not-shared/", "/en/sets-cookie/"):
        _request(port, path)
        second = _request(port, path)
        assert second.getheader("X-Cache-Status") != "HIT", path
        assert upstream.hits[path] == 2, path
    # nginx keeps X-Accel-Expires to itself.
    assert _request(port, "/en/standards/").getheader("X-Accel-Expires") is None


def test_the_api_is_kept_per_language_and_hears_who_asked(live_nginx):
    prefix, upstream = live_nginx
    port = prefix.https_port
    french = _request(port, "/api/taxonomy/countries", headers={"Accept-Language": "fr"})
    english = _request(port, "/api/taxonomy/countries", headers={"Accept-Language": "en"})
    again = _request(port, "/api/taxonomy/countries", headers={"Accept-Language": "fr"})
    assert [r.getheader("X-Cache-Status") for r in (french, english, again)] == [
        "MISS",
        "MISS",
        "HIT",
    ]
    assert upstream.hits["/api/taxonomy/countries"] == 2
    for _ in range(2):
        assert _request(port, "/api/health").status == 200
    assert upstream.hits["/api/health"] == 2  # the health probe is never kept
    seen = upstream.headers_seen["/api/health"]
    assert seen["Host"] == "aigov.example.org"
    assert seen["X-Forwarded-Proto"] == "https"
    assert seen["X-Forwarded-For"] == "127.0.0.1"
    assert seen["X-Forwarded-Host"] == "aigov.example.org"


def test_static_files_come_from_disk_and_large_bodies_are_refused(live_nginx):
    prefix, upstream = live_nginx
    (prefix.static / "aigov").mkdir()
    (prefix.static / "aigov" / "aigov.css").write_text("body { margin: 0; }")
    styles = _request(prefix.https_port, "/static/aigov/aigov.css")
    assert styles.status == 200
    assert styles.getheader("Content-Type") == "text/css"
    assert not [path for path in upstream.hits if path.startswith("/static/")]

    too_large = _request(
        prefix.https_port,
        "/en/capacity/",
        method="POST",
        headers={"Content-Length": str(46 * 1024 * 1024)},
    )
    assert too_large.status == 413
    assert upstream.hits["/en/capacity/"] == 0


def test_hashed_static_files_are_kept_a_year_and_others_an_hour(live_nginx):
    prefix, upstream = live_nginx
    styles = b"body { margin: 0; }" * 20
    compressed_styles = gzip.compress(styles)
    (prefix.static / "aigov").mkdir()
    (prefix.static / "aigov" / "aigov.0123456789ab.css").write_bytes(styles)
    (prefix.static / "aigov" / "aigov.0123456789ab.css.gz").write_bytes(compressed_styles)
    (prefix.static / "aigov" / "aigov.css").write_bytes(styles)

    hashed = _request(prefix.https_port, "/static/aigov/aigov.0123456789ab.css")
    assert hashed.status == 200
    assert hashed.getheader("Content-Length") == str(len(styles))
    assert hashed.getheader("Content-Type") == "text/css"
    assert hashed.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    compressed = _request(
        prefix.https_port,
        "/static/aigov/aigov.0123456789ab.css",
        headers={"Accept-Encoding": "gzip"},
    )
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert compressed.getheader("Content-Length") == str(len(compressed_styles))

    plain = _request(prefix.https_port, "/static/aigov/aigov.css")
    assert plain.status == 200
    assert plain.getheader("Cache-Control") == "max-age=3600"
    assert _request(prefix.https_port, "/static/aigov/aigov.fedcba987654.css").status == 404
    assert not [path for path in upstream.hits if path.startswith("/static/")]


def test_plain_http_moves_to_https(live_nginx):
    prefix, _ = live_nginx
    connection = http.client.HTTPConnection("127.0.0.1", prefix.http_port, timeout=10)
    connection.request("GET", "/en/?q=1", headers={"Host": "aigov.example.org"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://aigov.example.org/en/?q=1"
    connection.close()


# --- compose ---------------------------------------------------------------------------------


def _check_compose_schema(path: Path) -> subprocess.CompletedProcess[str]:
    schema = ["--builtin-schema", "vendor.compose-spec"]
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_file_validates_against_the_compose_specification():
    checked = _check_compose_schema(COMPOSE)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_compose_schema_check_catches_a_planted_mistake(tmp_path):
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("\nservices:", "\nservice:"))
    assert _check_compose_schema(broken).returncode != 0


def test_compose_runs_web_worker_postgres_and_redis_after_the_upgrade():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "upgrade", "web", "worker"}
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "upgrade": {"condition": "service_completed_successfully"}
        }
        assert services[name]["env_file"] == "aigov.env"
        assert services[name]["volumes"] == ["aigov-var:/var/lib/aigov"]
    assert services["upgrade"]["command"] == ["aigov", "upgrade"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "aigov", "worker"]
    environment = services["web"]["environment"]
    # The cache and the queue in separate Redis databases.
    assert environment["REDIS_URL"] != environment["REDIS_QUEUE_URL"]
    build = services["web"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == (
        DEPLOY / "Dockerfile"
    )


def test_the_image_installs_the_hashed_lock_and_no_front_end_dev_tools():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements/base.lock" in dockerfile
    assert "npm ci --omit=dev" in dockerfile
    for source in re.findall(r"^COPY (\S+)", dockerfile, re.MULTILINE):
        assert source == "." or (ROOT / source).exists(), source


def _docker_compose_available() -> bool:
    docker = shutil.which("docker")
    if not docker:
        return False
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(
    not _docker_compose_available(), reason="the docker compose plugin is not installed"
)
def test_docker_compose_config_accepts_the_file(tmp_path):
    shutil.copytree(DEPLOY, tmp_path / "deploy")
    shutil.copy(DEPLOY / "aigov.env.example", tmp_path / "deploy" / "aigov.env")
    checked = subprocess.run(
        ["docker", "compose", "-f", str(tmp_path / "deploy" / "compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, "POSTGRES_PASSWORD": "test"},
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr

"""Deployment security (issue 17, part 11): a clean `check --deploy` in production settings,
a Content-Security-Policy without inline script, links in mail on the public address, and a
gunicorn control socket per server."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "aigov.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://aigov.example.org",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "AIGOV_PUBLIC_URL": "https://aigov.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/6",  # read, not connected to, by the check
}


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_")) and key not in {"DEBUG", "REDIS_URL"}
    }
    environment.update(
        PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        AIGOV_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/en/")
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-eval'" not in policy["default-src"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers():
    found = []
    for template in sorted(ROOT.glob("aigov/**/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, re.compile(r"javascript:")):
            found += [f"{template.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not found, found


@pytest.mark.django_db(transaction=True)
def test_password_reset_links_use_the_public_address(client, settings):
    from django.core import mail

    from aigov.accounts import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AIGOV_PUBLIC_URL = "https://aigov.example.org"
    services.user_create(
        actor=services.system_actor(), email="forgot@example.org", password="an old passphrase 1"
    )
    client.post("/en/accounts/password/reset/", {"email": "forgot@example.org"})
    client.post("/en/accounts/password/reset/", {"email": "unknown@example.org"})
    bodies = "\n".join(message.body for message in mail.outbox)
    links = re.findall(r"https?://[^\s/]+", bodies)
    assert links and set(links) == {"https://aigov.example.org"}, links
    assert "https://aigov.example.org/en/accounts/password/reset/key/" in bodies
    assert "testserver" not in bodies


def test_make_run_gives_gunicorn_no_shared_control_socket():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    gunicorn = next(line for line in makefile.splitlines() if "gunicorn aigov.wsgi" in line)
    assert "--no-control-socket" in gunicorn

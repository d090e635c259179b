"""Signing in through the real pages in browser tests, with a TOTP second factor when needed.

Secretariat members must have TOTP before they may use the site, so `sign_in_as` gives them an
authenticator with a secret known to the test, and enters its code after the password.
"""

import base64
import hashlib
import hmac
import struct
import time
import uuid

from playwright.sync_api import Page

from aigov.core.tests.browser.plugin import LiveServer

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # a test secret, known to the tests only
ROLES_WITH_TOTP = frozenset({"secretariat"})


def totp(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """Return the RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret at a moment (now)."""
    moment = time.time() if at is None else at
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(moment // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def add_totp(server: LiveServer, *, email: str, secret: str = TOTP_SECRET) -> None:
    """Give the user `email` a TOTP authenticator with `secret`."""
    server.aigov(
        "shell",
        "-c",
        "from allauth.mfa.models import Authenticator\n"
        "from django.contrib.auth import get_user_model\n"
        f"user = get_user_model().objects.get(email='{email}')\n"
        "Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,"
        f" data={{'secret': '{secret}'}})\n",
    )


def sign_in_as(
    page: Page,
    server: LiveServer,
    *,
    role: str,
    email: str | None = None,
    country: str | None = None,
) -> str:
    """Create a user with `role`, sign them in on `page` (password, then TOTP); return the e-mail.

    The e-mail is made unique when none is given.
    """
    email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    password = server.create_user(email=email, role=role, country=country)
    if role in ROLES_WITH_TOTP:
        add_totp(server, email=email)
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    # A code computed just before a 30-second boundary may be stale on arrival: try the next.
    for _attempt in range(2):
        if page.locator("input[name=code]").count() == 0:
            break
        page.locator("input[name=code]").fill(totp())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    assert page.locator("input[name=code]").count() == 0, page.locator("main").inner_text()
    return email

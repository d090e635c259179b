"""The address of the client behind a request: one answer for rate limits and the audit log.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
the operator says proxies stand in front of the server (`TRUSTED_PROXIES`, default 0). Each
trusted proxy appends the address it saw, so with N trusted proxies the client is the N-th
entry from the right; anything further left was sent by the client and is ignored. With no
trusted proxy, or a header that is missing or not an address, the client is `REMOTE_ADDR`.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address as this server can vouch for it."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    entries = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not entries:
        return remote
    # Fewer entries than proxies means the request came in past the outer ones: the first
    # entry is then the one the innermost proxy appended.
    candidate = entries[-min(proxies, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

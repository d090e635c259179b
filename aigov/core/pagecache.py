"""The page cache: what anonymous visitors get, kept whole until the next write.

Pages and API answers that every anonymous visitor gets alike are stored, per address, query,
language, compression and htmx request, in the `pages` cache (Redis when REDIS_URL is set, each
process's memory otherwise) and answered from there without running the middleware, the view
or a query. A stored answer carries an ETag and a Last-Modified date, and a request that already
holds it (If-None-Match, If-Modified-Since) gets 304 Not Modified.

What is never stored: anything for a signed-in visitor or an API token (a session cookie or an
Authorization header, even an invalid one), a request with pending messages, any method but
GET, any answer but 200, an answer that sets a cookie (a form's CSRF token sets one: the sign-in
page, every page with a POST form), an answer marked private or no-store, an answer that varies
on a request header the key does not hold, and the health probe.

Invalidation: every stored answer belongs to a generation, and any write moves the generation
on (`bump`, on every model save or delete: an audited service write always saves its audit
entry). The generation lives where every worker sees it: in Redis with REDIS_URL, else in a
small file in AIGOV_VAR_DIR (one host). It moves on when the write happens and again when its
transaction commits, so a page drawn from the data before the commit is never served after it.
Answers also expire after AIGOV_PAGE_CACHE_SECONDS, for changes made without a model save
(bulk SQL) and for pages that depend on the clock.

Cached answers are not counted by the API's rate limits: they cost no work to protect.
"""

import gzip
import hashlib
import os
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

GENERATION_KEY = "aigov:pages:generation"
GENERATION_FILE = "page-cache-generation"
# Request headers a stored answer may vary on: the key holds each of them.
_KEYED_VARY = {"cookie", "accept-language", "accept-encoding", "hx-request"}
# Models whose rows no page shows to anonymous visitors: saving them is no write to pages.
_BOOKKEEPING = {"sessions.session", "core.idempotentrequest"}
_NEVER = ("/api/health", "/admin/")


def _pages() -> Any:
    return caches["pages"]


def _uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _generation_file() -> str:
    return os.path.join(settings.VAR_DIR, GENERATION_FILE)


def generation() -> str:
    """Return the current generation: it changes on every write."""
    if _uses_redis():
        return str(caches["default"].get(GENERATION_KEY, 0))
    try:
        with open(_generation_file(), "rb") as file:
            return file.read().decode("ascii", "replace")
    except FileNotFoundError:
        return ""


def _move_generation_on() -> None:
    if _uses_redis():
        cache = caches["default"]
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, secrets.randbelow(2**62), timeout=None)
        return
    path = _generation_file()
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}"
    with open(temporary, "wb") as file:
        file.write(secrets.token_hex(8).encode("ascii"))
    os.replace(temporary, path)


def _after_commit() -> None:
    _move_generation_on()


def bump(using: str = "default") -> None:
    """Move the generation on now and, inside a transaction, once more when it commits."""
    _move_generation_on()
    connection = connections[using]
    if connection.in_atomic_block and not any(
        entry[1] is _after_commit for entry in connection.run_on_commit
    ):
        transaction.on_commit(_after_commit, using=using)


def _on_write(sender: type[Model], using: str = "default", **kwargs: Any) -> None:
    if sender._meta.label_lower not in _BOOKKEEPING:
        bump(using)


def connect_signals() -> None:
    """Move the generation on at every model save and delete (called from CoreConfig.ready)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"aigov.pagecache.{signal!r}")


def _is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def _key(request: HttpRequest) -> str | None:
    """Return the cache key of an anonymous GET, or None when it must reach the application."""
    if request.method != "GET" or not settings.AIGOV_PAGE_CACHE or "pages" not in settings.CACHES:
        return None
    path = request.path
    if path.startswith((*_NEVER, settings.STATIC_URL)) or not _is_anonymous(request):
        return None
    # The host as sent: an answer is only ever stored for a host that ALLOWED_HOSTS accepted
    # (any other gets 400, which is not kept), so an unknown host can only miss.
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    parts = [
        request.scheme or "",
        host,
        get_language_from_request(request, check_path=True),
        "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "",
        request.META.get("HTTP_HX_REQUEST", ""),
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is not None
        or not _is_anonymous(request)
    ):
        return False
    control = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if control & {"private", "no-store", "no-cache"}:
        return False
    varies = {name.lower() for name in cc_delim_re.split(response.get("Vary", "")) if name}
    return varies <= _KEYED_VARY


def _mark_shared(response: HttpResponseBase, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers ask again each time (and get 304 while nothing changed); a reverse proxy may
    # keep the answer for a few seconds (X-Accel-Expires, read by nginx, never forwarded).
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Expires"] = str(settings.AIGOV_PAGE_CACHE_PROXY_SECONDS)


def _etag(response: HttpResponse) -> str:
    """A weak ETag of what the page says: every worker gives the same one for the same page,
    though the compressed bytes differ (Django's gzip adds random bytes against BREACH)."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return 'W/"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


class PageCacheMiddleware:
    """Answer anonymous GETs from the page cache; store the answers that may be shared.

    First in MIDDLEWARE: a stored answer already holds every header the other middleware added
    (security headers, CSP, Content-Language, Vary, compression) when it was made.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        current = generation()
        stored = _pages().get(key)
        if stored is not None and stored[0] == current:
            return self._answer(request, stored)
        response = self.get_response(request)
        if not isinstance(response, HttpResponse) or not _storable(request, response):
            return response
        etag = _etag(response)
        now = time.time()
        _mark_shared(response, etag, now)
        # The whole response is kept (as Django's own cache middleware keeps it): answering
        # from it sets one header, not every one again.
        _pages().set(key, (current, etag, now, response), timeout=settings.AIGOV_PAGE_CACHE_SECONDS)
        return (
            get_conditional_response(request, etag=etag, last_modified=int(now), response=response)
            or response
        )

    @staticmethod
    def _answer(request: HttpRequest, stored: tuple[Any, ...]) -> HttpResponseBase:
        _generation, etag, stored_at, response = stored
        response["X-Page-Cache"] = "hit"
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(stored_at), response=response
        )
        return conditional or response

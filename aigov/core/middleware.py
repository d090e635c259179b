"""Request middleware of the core: NUL characters, client addresses in the audit log, and
idempotent API creates.

NUL characters, which PostgreSQL text cannot hold, are kept away from the database. Python
strings may hold NUL (U+0000) but PostgreSQL text may not: a NUL reaching a query fails
inside the database (a 500, and an aborted transaction) instead of being answered. No record of
ours can contain one, so:

- an address with NUL answers 404;
- in a query string each NUL becomes U+FFFD, the replacement character: a filter or a search
  with it then matches nothing, as it would have, and pages and lists answer as usual;
- a JSON body with NUL in a key or string is refused by the API's parser (aigov.core.api) with
  a 422 naming each field, after authentication, so an anonymous writer still gets 401.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.core.clients import client_address

NUL = "\x00"
REPLACEMENT = "\ufffd"


def problem(
    *, status: int, code: str, title: str, errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    """Return an RFC 7807 problem document (the API's error shape) from middleware, which
    answers before the API's own error handlers can."""
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "code": code,
        "detail": "",
        "errors": errors or [],
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")


def nul_places(value: Any, path: tuple[Any, ...] = ()) -> list[str]:
    """Return where `value` (parsed JSON) holds a NUL, in keys or strings, as dotted paths."""
    if isinstance(value, str):
        return [".".join(map(str, path))] if NUL in value else []
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            where = (*path, key)
            found += [".".join(map(str, where))] if NUL in str(key) else nul_places(item, where)
        return found
    if isinstance(value, list):
        return [place for n, item in enumerate(value) for place in nul_places(item, (*path, n))]
    return []


class NulGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            raise Http404
        if NUL in request.META.get("QUERY_STRING", "") or any(
            NUL in key or NUL in value for key, values in request.GET.lists() for value in values
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace(NUL, REPLACEMENT), [v.replace(NUL, REPLACEMENT) for v in values]
                )
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # an immutable QueryDict, as Django makes
        return self.get_response(request)


class AuditlogClientMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address of aigov.core.clients.

    The original takes the first X-Forwarded-For entry as sent, which any client can forge.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request) or None

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        # The forwarded port is as trustworthy as the forwarded address: only behind a proxy.
        if int(getattr(settings, "TRUSTED_PROXIES", 0)) <= 0:
            return None
        return AuditlogMiddleware._get_remote_port(request)


IDEMPOTENCY_KEY_LIFETIME = timedelta(hours=24)
_MAX_REPLAYED_BODY = 1_000_000


class IdempotencyMiddleware:
    """Answer a retried API POST that carries the same `Idempotency-Key` with the first answer.

    A client whose response was lost (a killed server, a dropped link) may send the POST again
    with the same key: the same actor sending the same body gets the first status and body
    back instead of a second record; the same key with another body is a 422. Only successful
    answers are kept, so a corrected request may reuse the key of a refused one. Keys are kept
    for a day in the database, so every worker sees them. Runs after authentication (the key
    belongs to the actor) and after the token-scope and CSRF checks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not 0 < len(key) <= 255 or not key.isprintable():
            return problem(
                status=422,
                code="invalid_idempotency_key",
                title=_("The Idempotency-Key header must be 1 to 255 printable characters."),
            )
        claimed = self._claim(request, key)
        if isinstance(claimed, HttpResponse):
            return claimed
        response = self.get_response(request)
        kept = (
            200 <= response.status_code < 300
            and not response.streaming
            and len(response.content) <= _MAX_REPLAYED_BODY
        )
        if kept:
            claimed.status = response.status_code
            claimed.content_type = response.get("Content-Type", "")
            claimed.body = response.content
            claimed.save(update_fields=["status", "content_type", "body"])
        else:
            claimed.delete()
        return response

    @staticmethod
    def _claim(request: HttpRequest, key: str) -> Any:
        from aigov.core.models import IdempotentRequest

        user = request.user
        actor = (
            f"user:{user.pk}"
            if getattr(user, "is_authenticated", False)
            else f"client:{client_address(request)}"
        )
        fingerprint = _fingerprint(request)
        IdempotentRequest.objects.filter(
            created_at__lt=timezone.now() - IDEMPOTENCY_KEY_LIFETIME
        ).delete()
        try:
            with transaction.atomic():
                return IdempotentRequest.objects.create(
                    actor=actor, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            first = IdempotentRequest.objects.filter(actor=actor, key=key).first()
        if first is not None and first.fingerprint != fingerprint:
            return problem(
                status=422,
                code="idempotency_key_reused",
                title=_("This Idempotency-Key was used for another request; use a new key."),
            )
        if first is None or first.status is None:
            response = problem(
                status=409,
                code="idempotency_in_progress",
                title=_("A request with this Idempotency-Key is still running; retry in a moment."),
            )
            response["Retry-After"] = "1"
            return response
        replay = HttpResponse(
            bytes(first.body), status=first.status, content_type=first.content_type
        )
        replay["Idempotent-Replayed"] = "true"
        return replay


def _fingerprint(request: HttpRequest) -> str:
    """Return a digest of what the request asks for: method, path, query, type and body."""
    digest = hashlib.sha256()
    content_type = request.META.get("CONTENT_TYPE", "")
    for part in (request.method or "", request.get_full_path(), content_type):
        digest.update(part.encode() + b"\0")
    if content_type.startswith("multipart/form-data"):
        # Uploads are parsed (to temporary files when large) rather than read into memory.
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()

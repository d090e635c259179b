"""Is aigov able to serve? The database, the cache and the task queue's broker, probed live.

`GET /api/health` (for load balancers and monitoring) and `aigov health` (for operators) both
answer from `check_health()`. Redis is pinged directly with a short timeout and no retries,
so a dead or hanging Redis is reported in about a second instead of after the client's
retries, and a cache that falls back to local memory cannot hide it. In the embedded default
(no REDIS_URL) tasks run in-process: the queue reports "eager", which counts as healthy.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

logger = logging.getLogger(__name__)

# Seconds a probe may wait to connect or for an answer.
PROBE_TIMEOUT = 1.0
HEALTHY = {"ok", "eager"}
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@dataclass(frozen=True)
class Health:
    """Each check's state ("ok", "eager" or "error: <kind>") and the full reasons of failures."""

    checks: dict[str, str]
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(state in HEALTHY for state in self.checks.values())

    def as_dict(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "error", "checks": dict(self.checks)}


def ping_redis(url: str) -> None:
    """Send PING to the Redis at `url`; raise on refusal, timeout or a wrong answer."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=PROBE_TIMEOUT,
        socket_timeout=PROBE_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        if client.ping() is not True:
            raise ConnectionError("Redis did not answer PING")
    finally:
        client.close()


def _redis_locations(cache_settings: dict[str, Any]) -> list[str]:
    location = cache_settings.get("LOCATION") or ""
    urls = location if isinstance(location, list | tuple) else str(location).split(",")
    return [url.strip() for url in urls if url.strip().startswith(REDIS_SCHEMES)]


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("the database answered SELECT 1 wrongly")
    return "ok"


def check_cache() -> str:
    for url in _redis_locations(settings.CACHES["default"]):
        ping_redis(url)
    key = f"aigov:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    stored = cache.get(key)
    cache.delete(key)
    if stored != "1":
        raise RuntimeError("the cache did not return what was stored in it")
    return "ok"


def check_queue() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(REDIS_SCHEMES):
        ping_redis(broker)
        return "ok"
    from kombu import Connection

    with Connection(broker, connect_timeout=PROBE_TIMEOUT) as broker_connection:
        broker_connection.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}


def check_health() -> Health:
    """Run every check; a failing check is reported by the kind of error, never raised."""
    checks: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for name, probe in CHECKS.items():
        try:
            checks[name] = probe()
        except Exception as error:  # noqa: BLE001  (any failure is the answer, not a crash)
            # The kind of error is public; the message (hosts, ports) goes to the log only.
            checks[name] = f"error: {type(error).__name__}"
            reasons[name] = f"{type(error).__name__}: {error}"
            logger.warning("health check %s failed: %s", name, reasons[name])
    return Health(checks=checks, reasons=reasons)


router = Router(tags=["health"])


class HealthOut(Schema):
    status: str = Field(description='"ok" when every check passes, "error" otherwise.')
    checks: dict[str, str] = Field(
        description=(
            'Each of "database", "cache" and "queue": "ok", "eager" (tasks run in-process, no '
            'broker), or "error: <kind of error>".'
        )
    )


@router.get(
    "",
    response={200: HealthOut, 503: HealthOut},
    # Never rate limited: the limits live in the cache this endpoint must report on.
    throttle=[],
    summary="Health of the database, the cache and the task queue",
    description="200 when all checks pass, 503 naming the failing check. Public, not cached.",
    operation_id="health",
)
def health(request: HttpRequest, response: HttpResponse) -> Status[dict[str, Any]]:
    result = check_health()
    response["Cache-Control"] = "no-store"
    return Status(200 if result.ok else 503, result.as_dict())

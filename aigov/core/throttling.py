"""API rate limits counted in the shared cache, with one atomic increment per request.

Every worker process and thread counts into the same counters (Redis with REDIS_URL, the
database cache table otherwise), so two workers do not double a limit. The counter of a client
is a sliding window made of two fixed ones: the requests of the current window plus those of the
previous one, weighted by how much of it still lies within the last `duration` seconds. Each
request is one atomic increment (Redis INCR; a locked row of the database cache), so requests
arriving together on several workers are each counted once. A refused request is taken back
off the counter: clients that keep knocking are let in again as their earlier requests age.

ninja shares one throttle object between all threads of a process, so the state of a request
(what `wait()` reports) is kept per thread.
"""

import threading
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class SharedRateThrottle(SimpleRateThrottle):
    """SimpleRateThrottle's interface; subclasses say whom a request counts against."""

    def __init__(self, rate: str | None = None) -> None:
        super().__init__(rate)
        self._state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None or self.num_requests is None or self.duration is None:
            return True
        now = self.timer()  # type: ignore[misc]  # ninja's class attribute: time.time
        window, elapsed = divmod(now, self.duration)
        current, previous = f"{key}:{int(window)}", f"{key}:{int(window) - 1}"
        count = _increment(current, timeout=2 * self.duration)
        weight = 1 - elapsed / self.duration
        earlier = cache.get(previous, 0) * weight
        self._state.wait = self.duration - elapsed
        if earlier + count <= self.num_requests:
            return True
        _take_back(current)
        return False

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


def _increment(key: str, *, timeout: int) -> int:
    """Add one to the counter `key` (creating it at 1) and return its new value, atomically."""
    try:
        return int(cache.incr(key))
    except ValueError:
        if cache.add(key, 1, timeout=timeout):
            return 1
        return int(cache.incr(key))  # another request created it first


def _take_back(key: str) -> Any:
    try:
        return cache.decr(key)
    except ValueError:
        return None  # expired meanwhile: nothing to take back

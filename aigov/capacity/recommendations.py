"""The catalogue's recommendations, kept in the cache until the catalogue changes.

Ranking every visible offering for a learner's language, region and role took 127 ms at
50,000 offerings, and every view of the catalogue page asked for it. Recommendations are now
computed once per question — who may see what (the permission filter's own SQL), language,
region, audience, weights — and kept in the cache (Redis where configured, the database cache
otherwise: shared by every worker process) as the offering keys with their start times.

They stay right while the catalogue does not change, because the only change time brings is
that an offering starts, and what starts leaves the list (it may only let the next one in):

- every write that can change a score (an offering created or changed, a node's region)
  calls `catalogue_changed()`, which replaces the catalogue's stamp — at once and again once
  the transaction commits, so no reader keeps a ranking of the old catalogue under the new
  stamp; a kept ranking with another stamp is computed again;
- a kept ranking one of whose offerings has started since is computed again;
- the offerings are read afresh, through the permission filter, on every view: one that was
  deleted or hidden in the meantime makes the ranking be computed again.

Rankings are kept at most `KEEP_SECONDS`, whatever happens.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

STAMP_KEY = "capacity:catalogue:stamp"
KEY_PREFIX = "capacity:recommended:"
KEEP_SECONDS = 3600


def catalogue_changed() -> None:
    """Say that the catalogue changed: every kept recommendation is computed again."""
    cache.set(STAMP_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(STAMP_KEY, uuid.uuid4().hex, None))


def question_key(*parts: Any) -> str:
    """The cache key of one question (its parts as JSON, hashed)."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()


Ranked = list[tuple[int, float | None]]  # offering key, its start (a POSIX time) or None


def kept_or_computed(
    key: str, *, now: datetime.datetime | None, compute: Callable[[], Ranked]
) -> tuple[Ranked, bool]:
    """Return the ranking kept under `key` if it still holds, else `compute()` it and keep it.

    The second value says whether it was computed now."""
    found = cache.get_many([STAMP_KEY, key])
    stamp = found.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        cache.add(STAMP_KEY, stamp, None)
        stamp = cache.get(STAMP_KEY, stamp)
    kept = found.get(key)
    if kept is not None and kept["stamp"] == stamp and not _started(kept["ranked"], now):
        return list(kept["ranked"]), False
    ranked = compute()
    cache.set(key, {"stamp": stamp, "ranked": ranked}, KEEP_SECONDS)
    return ranked, True


def forget(key: str) -> None:
    cache.delete(key)


def _started(ranked: Ranked, now: datetime.datetime | None) -> bool:
    if now is None:
        return False
    moment = now.timestamp()
    return any(starts is not None and starts <= moment for _pk, starts in ranked)

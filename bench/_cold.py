"""One cold request: a fresh process answers its first request (not a benchmark).

`python bench/_cold.py PATH EMAIL TOKEN` (EMAIL and TOKEN may be empty: the public) prints
{"ms", "status", "bytes"} as one JSON line. Started by _common.cold_timings, under bench/run.py's
environment (the throw-away database). Signing in happens before the clock starts and the
database connection it opened is closed, so the timed request opens its own, as a new worker's
first request does.
"""

import json
import sys
import time

from _common import Reader, client_for, get, refuse_unless_bench_database


def main() -> None:
    refuse_unless_bench_database()
    path, email, token = sys.argv[1:4]
    import django

    django.setup()
    from django.db import connections

    reader = Reader("cold", email=email, token=token)
    client = client_for(reader)
    connections.close_all()
    started = time.perf_counter()
    response = get(client, reader, path)
    elapsed = (time.perf_counter() - started) * 1_000
    size = len(response.content)
    answer = {"ms": round(elapsed, 2), "status": response.status_code, "bytes": size}
    print(json.dumps(answer))


if __name__ == "__main__":
    main()

"""Progress lines for long commands (loads, imports, index rebuilds), on standard error."""

import sys

from django.core.management.base import OutputWrapper


class ProgressPrinter:
    """A `progress(stage, done, total)` callback that prints about one line per tenth of the work.

    On a terminal the line is rewritten in place; in logs (CI, pipes) each step is its own line,
    so slow machines show they are alive without flooding the output. Silent when not verbose.
    """

    def __init__(self, stream: OutputWrapper, *, verbose: bool) -> None:
        self.stream = stream
        self.verbose = verbose
        self.last_shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = max(1, total // 10)
        if not self.verbose or (done < total and done - self.last_shown.get(stage, 0) < step):
            return
        self.last_shown[stage] = done
        ending = "\r" if sys.stderr.isatty() and done < total else "\n"
        self.stream.write(f"  {stage}: {done}/{total}", ending=ending)

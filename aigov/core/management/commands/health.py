"""`aigov health`: the /api/health answer on the command line, with the reasons of failures."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aigov.core.health import check_health


class Command(BaseCommand):
    help = (
        "Check the database, the cache and the task queue's broker; print the same JSON as "
        "GET /api/health, the reason of each failure on stderr, and exit 1 when one fails."
    )
    # Must answer when the system checks themselves would fail on a broken service.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        result = check_health()
        self.stdout.write(json.dumps(result.as_dict(), indent=2))
        for name, reason in result.reasons.items():
            self.stderr.write(f"{name}: {reason}")
        if not result.ok:
            failing = ", ".join(name for name in result.reasons)
            raise CommandError(f"unhealthy: {failing}", returncode=1)

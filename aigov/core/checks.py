"""System checks for deployment settings that are easy to get wrong."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register(deploy=True)
def check_queue(app_configs: Any, **kwargs: Any) -> list[CheckWarning]:
    if not settings.REDIS_URL:
        return [
            CheckWarning(
                "REDIS_URL is not set: background tasks run inside web requests.",
                hint="Set REDIS_URL and run a worker (celery -A aigov worker) in production.",
                id="aigov.W001",
            )
        ]
    return []

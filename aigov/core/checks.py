"""System checks for deployment settings that are easy to get wrong."""

from typing import Any

from django.conf import settings
from django.core.checks import Error as CheckError
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


@register()
def check_scoring_weights(app_configs: Any, **kwargs: Any) -> list[CheckError]:
    """AIGOV_SCORING_WEIGHTS may only override weights that modules declare."""
    from aigov.core.weights import check_configured

    return [CheckError(problem, id="aigov.E010") for problem in check_configured()]

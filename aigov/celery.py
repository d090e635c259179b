"""Celery application.

With REDIS_URL set, tasks go to Redis and a worker (`celery -A aigov worker`) runs them; without
it (the embedded default) settings make every task run eagerly in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")

app = Celery("aigov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

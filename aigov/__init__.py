"""aigov: an open, self-hostable platform for global AI governance and AI capacity building."""

from .celery import app as celery_app

__all__ = ["celery_app"]

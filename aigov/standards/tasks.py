"""Background tasks of the standards module: telling followers what changed."""

from celery import shared_task


@shared_task
def notify_followers(*, change_id: int) -> int:
    """Send the followers of a changed standard (or of its topics) one message each."""
    from aigov.standards.notifications import notify_status_change

    return notify_status_change(change_id=change_id)

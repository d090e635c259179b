"""Reads of what waits for the secretariat in the dialogue (the inbox's queues): incident
reports not yet taken up, practices to review and statements awaiting publication."""

from django.db.models import QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.dialogue.models import IncidentReport, Practice, Statement


def incident_reports_awaiting_review(*, actor: Actor) -> QuerySet[IncidentReport]:
    """Return the filed reports still at "submitted" that `actor` may take up (the secretariat
    moves them on), oldest first; none for anyone else. Published versions are copies the
    secretariat made, never waiting."""
    if not has(actor, "dialogue.manage_incidents"):
        return IncidentReport.objects.none()
    submitted = IncidentReport.objects.filter(
        status=IncidentReport.Status.SUBMITTED, published_from__isnull=True
    )
    return (
        scope(actor, "dialogue.view_incidentreport", submitted)
        .only("pk", "title", "created_at", "is_demo")
        .order_by("created_at", "pk")
    )


def practices_awaiting_review(*, actor: Actor) -> QuerySet[Practice]:
    """Return the submitted practices `actor` may accept or decline, oldest first; none for
    those who do not review practices."""
    if not has(actor, "dialogue.review_practice"):
        return Practice.objects.none()
    submitted = Practice.objects.filter(status=Practice.Status.SUBMITTED)
    return scope(actor, "dialogue.view_practice", submitted).order_by("created_at", "pk")


def statements_awaiting_publication(*, actor: Actor) -> QuerySet[Statement]:
    """Return the submissions awaiting publication that `actor` may publish (those who run the
    sessions), oldest first; none for anyone else."""
    if not has(actor, "dialogue.manage_sessions"):
        return Statement.objects.none()
    submitted = Statement.objects.filter(status=Statement.Status.SUBMITTED)
    return (
        scope(actor, "dialogue.view_statement", submitted)
        .select_related("session")
        .order_by("created_at", "pk")
    )

"""Reads of practices."""

from django.db.models import Prefetch, QuerySet

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.dialogue.models import Practice, Session
from aigov.dialogue.selectors.links import _policies, _standards


def practice_list(*, actor: Actor, session: Session | None = None) -> QuerySet[Practice]:
    """Return the practices `actor` may see (accepted ones, own ones; all for the secretariat)."""
    practices = scope(actor, "dialogue.view_practice", Practice.objects.all())
    if session is not None:
        practices = practices.filter(sessions=session)
    return (
        practices.select_related("country")
        .prefetch_related(
            "sessions",
            Prefetch("policies", queryset=_policies(actor)),
            Prefetch("standards", queryset=_standards(actor)),
        )
        .order_by("-created_at", "-pk")
    )


def practice_get(*, actor: Actor, pk: int) -> Practice:
    """Return one practice `actor` may see; raise NotFound for a missing or hidden one."""
    practice = practice_list(actor=actor).filter(pk=pk).first()
    if practice is None:
        raise NotFound()
    return practice

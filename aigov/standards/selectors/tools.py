"""Reads of the register of self-assessment tools."""

from django.db.models import Prefetch, Q, QuerySet

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.standards.models import AssessmentTool
from aigov.standards.selectors.register import _standards_visible_to


def assessment_tool_list(
    *,
    actor: Actor,
    kind: str | None = None,
    standard: int | None = None,
    language: str | None = None,
    q: str | None = None,
) -> QuerySet[AssessmentTool]:
    """Return the self-assessment tools `actor` may see, filtered; standards prefetched.

    `standard` is a standard's id; `language` a BCP 47 tag the tool is available in. Only the
    standards the actor may see are prefetched.
    """
    tools = scope(actor, "standards.view_tool", AssessmentTool.objects.all())
    if kind:
        tools = tools.filter(kind=kind)
    if standard is not None:
        tools = tools.filter(standards__pk=standard)
    if language:
        # JSON containment is not on SQLite; the tag list is short and quoted, so a text match
        # on the quoted tag finds exactly that tag on both databases.
        tools = tools.filter(languages__icontains=f'"{language}"')
    if q:
        tools = tools.filter(
            Q(name__icontains=q) | Q(provider__icontains=q) | Q(summaries__icontains=q)
        )
    return tools.prefetch_related(
        Prefetch(
            "standards",
            queryset=_standards_visible_to(actor).select_related("body").order_by("reference"),
        )
    ).order_by("name", "slug")


def assessment_tool_get(*, actor: Actor, slug: str) -> AssessmentTool:
    """Return one tool with the standards it covers; raise NotFound."""
    tool = assessment_tool_list(actor=actor).filter(slug=slug).first()
    if tool is None:
        raise NotFound()
    return tool

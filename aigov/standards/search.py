"""What the standards module puts in the one search: standards, concepts and tools (public)."""

from django.utils.translation import gettext_lazy as _

from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.standards.models import AssessmentTool, Concept, Standard


def _standard(standard: Standard) -> SearchDocument:
    return SearchDocument(
        titles=standard.titles,
        bodies=standard.summaries,
        aliases=[standard.reference],
        path=f"/standards/{standard.pk}/",
        is_demo=standard.is_demo,
    )


def _concept(concept: Concept) -> SearchDocument:
    bodies: dict[str, str] = {}
    for definition in concept.definitions.all():
        language = definition.language
        bodies[language] = f"{bodies.get(language, '')} {definition.text}".strip()
    return SearchDocument(
        titles=concept.labels,
        bodies=bodies,
        aliases=[concept.slug],
        path=f"/standards/concepts/{concept.slug}/",
    )


def _tool(tool: AssessmentTool) -> SearchDocument:
    return SearchDocument(
        titles={"en": tool.name},
        bodies=tool.summaries,
        aliases=[tool.provider, tool.slug],
        path=f"/standards/tools/{tool.slug}/",
        is_demo=tool.is_demo,
    )


def register() -> None:
    register_searchable(
        SearchableType(
            "standards.standard", _("Standard"), Standard, Standard.objects.all, _standard
        )
    )
    register_searchable(
        SearchableType(
            "standards.concept",
            _("Defined concept"),
            Concept,
            lambda: Concept.objects.prefetch_related("definitions"),
            _concept,
        )
    )
    register_searchable(
        SearchableType(
            "standards.tool",
            _("Self-assessment tool"),
            AssessmentTool,
            AssessmentTool.objects.all,
            _tool,
        )
    )

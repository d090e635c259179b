"""Writes of the register of self-assessment tools."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.search import index as search_index
from aigov.standards.models import AssessmentTool, Standard
from aigov.standards.services.shared import _invalid
from aigov.taxonomy.selectors import language_list

TOOL_FIELDS = ("name", "provider", "kind", "url", "languages", "licence", "summaries")


def language_tags(languages: list[str]) -> tuple[list[str], list[str]]:
    """Return the tags the taxonomy knows (in its spelling, sorted) and those it does not."""
    known = {tag.lower(): tag for tag in language_list().values_list("tag", flat=True)}
    unknown = [tag for tag in languages if tag.lower() not in known]
    return sorted({known[tag.lower()] for tag in languages if tag.lower() in known}), unknown


def _check_languages(languages: list[str]) -> list[str]:
    tags, unknown = language_tags(languages)
    if unknown:
        raise _invalid(
            "languages",
            "unknown_language",
            _("Unknown language tags: %(tags)s.") % {"tags": ", ".join(unknown)},
        )
    return tags


def _set_tool_standards(tool: AssessmentTool, standards: list[Standard]) -> dict[str, Any]:
    current = set(tool.standards.values_list("pk", flat=True))
    target = {standard.pk for standard in standards}
    if current == target:
        return {}
    tool.standards.set(target)
    return {"standards": {"before": sorted(current), "after": sorted(target)}}


@transaction.atomic
def assessment_tool_register(
    *,
    actor: Actor,
    slug: str,
    standards: list[Standard] | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> AssessmentTool:
    """Register a self-assessment tool and the standards it covers.

    Raise NotAllowed (secretariat only), InvalidInput for unknown languages, or ValidationError
    naming the field (a slug already taken included).
    """
    require(actor, "standards.change_tool")
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "languages" in fields:
        fields["languages"] = _check_languages(fields["languages"])
    tool = AssessmentTool(slug=slug, is_demo=is_demo, **fields)
    tool.full_clean()
    tool.save()
    audit.record(
        actor=actor,
        action="standards.tool.create",
        obj=tool,
        extra=_set_tool_standards(tool, standards or []),
    )
    transaction.on_commit(lambda: search_index.refresh(tool))
    return tool


@transaction.atomic
def assessment_tool_update(
    *, actor: Actor, tool: AssessmentTool, standards: list[Standard] | None = None, **fields: Any
) -> bool:
    """Change the given fields of a tool and (if given) its standards; return whether any did.

    Raise NotAllowed, InvalidInput or ValidationError as assessment_tool_register does.
    """
    require(actor, "standards.change_tool", tool)
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "languages" in fields:
        fields["languages"] = _check_languages(fields["languages"])
    locked = AssessmentTool.objects.select_for_update().get(pk=tool.pk)
    before = audit.snapshot(locked)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
    linked = _set_tool_standards(locked, standards) if standards is not None else {}
    if changed or linked:
        audit.record(
            actor=actor, action="standards.tool.update", obj=locked, before=before, extra=linked
        )
        transaction.on_commit(lambda: search_index.refresh(locked))
    return bool(changed or linked)

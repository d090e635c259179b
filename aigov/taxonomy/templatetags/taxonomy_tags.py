"""Template helpers that name taxonomy terms stored by code: M49 regions, topic slugs and
country codes."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.context import Context

from aigov.core.collation import join_list, sorted_by_name
from aigov.core.translation import pick
from aigov.taxonomy.regions import region_name
from aigov.taxonomy.selectors import country_list, topic_list

register = template.Library()

_TOPICS = "aigov.taxonomy.topic_names"
_COUNTRIES = "aigov.taxonomy.country_names"


@register.filter
def m49_region(english: str | None) -> str:
    """Name an M49 region or sub-region (stored by its English name) in the reader's language."""
    return region_name(english) if english else ""


def _names_once(context: Context, key: str, read: Any) -> dict[str, Any]:
    """Return the names `read()` gives, read once per template render (the render context)."""
    names: dict[str, Any] = context.render_context.get(key) or {}
    if not names:
        names = context.render_context[key] = dict(read())
    return names


@register.simple_tag(takes_context=True)
def topic_names(context: Context, slugs: Iterable[str] | None) -> str:
    """Name the topics of a list of slugs in the reader's language, in the reader's order,
    joined as the reader's lists are; a slug no topic has is shown as it is.

    The topics are read once per page, however many lists it names.
    """
    names = _names_once(context, _TOPICS, lambda: topic_list().values_list("slug", "names"))
    shown = [pick(names[slug]).text if slug in names else slug for slug in slugs or []]
    return join_list(sorted_by_name(shown, str))


@register.simple_tag(takes_context=True)
def country_names(context: Context, codes: Iterable[str] | None) -> str:
    """Name the countries of a list of ISO alpha-3 codes in the reader's language, in the
    order given (a nationality list names the primary one first), joined as the reader's
    lists are; a code no country has is shown as it is. Read once per page."""
    names = _names_once(context, _COUNTRIES, lambda: country_list().values_list("iso3", "names"))
    return join_list(pick(names[code]).text if code in names else code for code in codes or [])

"""Template helpers: translated content, language names, lists in the reader's order and
punctuation, and demonstration marks."""

import functools
from collections.abc import Iterable
from typing import Any

import langcodes
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi, get_language_info

from aigov.core import collation
from aigov.core.pagination import query_with
from aigov.core.translation import Translation, pick

register = template.Library()


@register.filter
def translated(values: dict[str, str] | None) -> SafeString:
    """Render a translated field; text in a fallback language carries its own lang and dir."""
    return in_its_language(pick(values))


@register.filter
def in_its_language(chosen: Translation) -> SafeString:
    """Render text already picked; in a fallback language it carries its own lang and dir."""
    if not chosen.is_fallback:
        return format_html("{}", chosen.text)
    try:
        bidi = get_language_info(chosen.language)["bidi"]
    except KeyError:
        bidi = False
    direction = "rtl" if bidi else "ltr"
    if direction == ("rtl" if get_language_bidi() else "ltr"):
        return format_html('<span lang="{}">{}</span>', chosen.language, chosen.text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', chosen.language, direction, chosen.text
    )


@register.filter
def translated_text(values: dict[str, str] | None) -> str:
    """Return the plain text of a translated field (for attributes and titles)."""
    return pick(values).text


@functools.lru_cache(maxsize=4096)
def _language_name(tag: str, reader: str) -> str:
    if not langcodes.tag_is_valid(tag):
        return tag
    return langcodes.Language.get(tag).display_name(reader)


@register.filter
def language_name(tag: str | None) -> str:
    """Name a BCP 47 tag in the reader's language (CLDR names, as the taxonomy's languages).

    A tag that is not valid BCP 47 is shown as it is.
    """
    if not tag:
        return ""
    return _language_name(str(tag), get_language() or "en")


@register.filter
def language_names(tags: Iterable[str] | None) -> str:
    """Name a list of BCP 47 tags in the reader's language, joined as the reader's lists are."""
    reader = get_language() or "en"
    names = [_language_name(str(tag), reader) for tag in tags or [] if tag]
    return collation.join_list(collation.sorted_by_name(names, str), reader)


@register.filter(needs_autoescape=True)
def join_list(items: Iterable[Any] | None, autoescape: bool = True) -> SafeString:
    """Join items with the reader's list separator ("، " in Arabic, "、" in Chinese)."""
    escape = conditional_escape if autoescape else str
    # Safe: each item is escaped (or already safe HTML), and the separators are plain text.
    return mark_safe(collation.join_list(escape(item) for item in items or []))  # noqa: S308


@register.simple_tag
def list_separator() -> str:
    """The reader's list separator, for lists a template writes item by item (links)."""
    return collation.list_separator()


@register.filter
def join_names(records: Iterable[Any] | None) -> SafeString:
    """Join the translated names of records (each as `translated` shows it) with the reader's
    list separator, in the order given."""
    return join_list(translated(record.names) for record in records or [])


@register.filter
def by_name(records: Iterable[Any] | None) -> list[Any]:
    """Sort records with translated `names` by the name the reader sees, in the reader's order."""
    return collation.sorted_by_names(records or [])


@register.filter
def shows_machine_translation(records: Iterable[Any] | None) -> bool:
    """Whether the name the reader sees of any of `records` is a machine translation (their
    `names_provenance` says so), so the page can say it."""
    for record in records or []:
        chosen = pick(record.names)
        provenance = getattr(record, "names_provenance", None) or {}
        if not chosen.is_fallback and provenance.get(chosen.language) == "machine":
            return True
    return False


@register.inclusion_tag("core/_demo_badge.html")
def demo_badge(record: Any) -> dict[str, Any]:
    return {"is_demo": bool(getattr(record, "is_demo", False))}


@register.simple_tag(takes_context=True)
def with_query(context: dict[str, Any], **changes: Any) -> str:
    """Return this page's query string with `changes` made (see `query_with`), e.g. a link to
    the same list with another filter: `href="{% with_query group="EEG" page="" %}"`."""
    return query_with(context.get("request"), **changes)


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(
    context: dict[str, Any], page: Any, parameter: str = "page", label: str = "", anchor: str = ""
) -> dict[str, Any]:
    """Draw the links to the previous and next pages of `page` (from `page_of`), keeping the
    request's other parameters; `anchor` is a fragment to land on (a section of the page)."""
    request = context.get("request")
    fragment = f"#{anchor}" if anchor else ""

    def link(number: int) -> str:
        return query_with(request, **{parameter: number}) + fragment

    return {
        "page": page,
        "label": label,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }

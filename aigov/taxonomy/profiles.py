"""Country profiles: what every module holds about one country, gathered by registration.

The profile (`/<lang>/countries/<iso3>/`, `GET /api/countries/{iso3}/profile`) is the page an
official opens first. The taxonomy owns the page but may not import the modules above it, so
each module registers its sections from its own `country_profile.py`, in its AppConfig.ready():

    register_country_section(
        "landscape.policies",  # "<module>.<what>"
        _("Policies and institutions"),
        policies,  # policies(actor, country, limit) -> SectionContent
        order=20,
    )

A provider reads through its module's selectors, which start from `access.scope`, so a section
lists and counts only what the reader may see: a visitor is never told that a confidential
record exists, not even by a count.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from aigov.core.translation import pick
from aigov.taxonomy.models import Country


@dataclass(frozen=True)
class ProfileItem:
    """One record in a section: its title in the reader's language and where it is.

    `note` is a short second line (dates, status); `language` is the language of `title` when it
    is not the reader's (a fallback), so the page can mark it with `lang`.
    """

    title: str
    url: str
    note: str = ""
    language: str = ""
    is_demo: bool = False


def profile_item(
    titles: dict[str, str] | str, url: str, note: str = "", *, is_demo: bool = False
) -> ProfileItem:
    """Return an item titled by a translated field (in the reader's language, with fallback)
    or by plain text (a name that has no translations)."""
    if isinstance(titles, str):
        return ProfileItem(title=titles, url=url, note=note, is_demo=is_demo)
    text = pick(titles)
    return ProfileItem(
        title=text.text,
        url=url,
        note=note,
        language=text.language if text.is_fallback else "",
        is_demo=is_demo,
    )


@dataclass(frozen=True)
class SectionContent:
    """What a provider returns: how many records the reader may see, the first few of them, the
    module's own list filtered to the country (empty when it has no such filter), and a line
    saying who sees more, for a reader shown less than others are (empty otherwise)."""

    count: int
    items: list[ProfileItem]
    more_url: str = ""
    note: str = ""


# The actor is a user or a visitor (aigov.accounts.access.Actor); the taxonomy sits below
# accounts and cannot name the type.
Provider = Callable[[Any, Country, int], SectionContent]


@dataclass(frozen=True)
class CountrySection:
    key: str  # "<module>.<what>", unique, e.g. "dialogue.incidents"
    module: str
    title: Any  # a lazy translated string
    provider: Provider
    order: int


_sections: dict[str, CountrySection] = {}


def register_country_section(key: str, title: Any, provider: Provider, *, order: int) -> None:
    """Add a section to every country profile; `key` is "<module>.<what>", unique (registering
    a key again replaces its section)."""
    _sections[key] = CountrySection(
        key=key, module=key.split(".")[0], title=title, provider=provider, order=order
    )


def section_of(
    rows: QuerySet[Any] | Sequence[Any],
    limit: int,
    item: Callable[[Any], ProfileItem],
    *,
    more_url: str = "",
    note: str = "",
) -> SectionContent:
    """Return the section listing `rows`: counted (in the database, for a queryset), the first
    `limit` of them made into items by `item`."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    return SectionContent(
        count=count, items=[item(row) for row in rows[:limit]], more_url=more_url, note=note
    )


def list_url(name: str, **query: str) -> str:
    """Return the address of the list page `name` (a URL name) filtered by `query`."""
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def country_sections() -> list[CountrySection]:
    """Return the registered sections in the order the profile shows them."""
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))

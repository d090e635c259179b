"""What the taxonomy puts in the one search: countries, SDGs and their targets, risk areas."""

import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from aigov.core.search.normalise import normalise
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.taxonomy.models import Country, RiskArea, SdgTarget, SustainableDevelopmentGoal


def _country(country: Country) -> SearchDocument:
    codes = [country.iso3, country.iso2] if country.iso2 else [country.iso3]
    return SearchDocument(
        titles=country.names,
        bodies=country.formal_names,
        aliases=[*country.aliases, *codes],
        path=f"/countries/{country.iso3}/",
    )


_MIN_PREFIX = 2  # characters: a single letter names no country
_SPELLINGS_TTL = 60.0  # seconds a process keeps the folded names before reading them again


@dataclass(frozen=True)
class _Spellings:
    read_at: float
    country_count: int
    # Per country: its names (every language) and other spellings, and its formal names.
    rows: tuple[tuple[str, frozenset[str], frozenset[str]], ...]


_spellings: list[_Spellings] = []


def _country_spellings() -> _Spellings:
    """Return every country's names folded as the index folds them, kept for a minute.

    Folding some two thousand names takes tens of milliseconds, too long for every search; the
    names change only when the reference data is reloaded (and a new country changes the count).
    """
    count = Country.objects.count()
    now = time.monotonic()
    kept = _spellings[0] if _spellings else None
    if kept and kept.country_count == count and now - kept.read_at < _SPELLINGS_TTL:
        return kept
    rows = Country.objects.values_list("iso3", "names", "formal_names", "aliases")
    fresh = _Spellings(
        read_at=now,
        country_count=count,
        rows=tuple(
            (
                iso3,
                frozenset(normalise(name) for name in [*names.values(), *aliases]),
                frozenset(normalise(name) for name in formal_names.values()),
            )
            for iso3, names, formal_names, aliases in rows.order_by("iso3")
        ),
    )
    _spellings[:] = [fresh]
    return fresh


def countries_named(text: str) -> list[str]:
    """Return the ISO alpha-3 codes of the countries `text` (normalised) names, best first.

    First those with a name (in any language), formal name or other spelling that is `text`;
    then those with a name or other spelling that begins with it, shortest such name first.
    """
    if not text:
        return []
    exact: list[str] = []
    beginning: list[tuple[int, str]] = []
    may_begin = len(text.replace(" ", "")) >= _MIN_PREFIX
    for iso3, spellings, formal_names in _country_spellings().rows:
        if text in spellings or text in formal_names:
            exact.append(iso3)
        elif may_begin:
            lengths = [len(spelling) for spelling in spellings if spelling.startswith(text)]
            if lengths:
                beginning.append((min(lengths), iso3))
    return exact + [iso3 for _length, iso3 in sorted(beginning)]


def _goal(goal: SustainableDevelopmentGoal) -> SearchDocument:
    return SearchDocument(
        titles={lang: f"SDG {goal.number}: {name}" for lang, name in goal.names.items()},
        bodies=goal.full_titles,
        path=f"/taxonomy/sdgs/{goal.number}/",
    )


def _target(target: SdgTarget) -> SearchDocument:
    return SearchDocument(
        titles={lang: f"{target.code} {text}" for lang, text in target.titles.items()},
        path=f"/taxonomy/sdgs/{target.goal_id}/#target-{target.code}",
    )


def _risk_area(area: RiskArea) -> SearchDocument:
    return SearchDocument(
        titles=area.names, bodies=area.examples, path=f"/taxonomy/risks/#{area.slug}"
    )


def register() -> None:
    register_searchable(
        SearchableType(
            "taxonomy.country",
            _("Country"),
            Country,
            Country.objects.all,
            _country,
            named=countries_named,
        )
    )
    register_searchable(
        SearchableType(
            "taxonomy.sdg",
            _("Sustainable Development Goal"),
            SustainableDevelopmentGoal,
            SustainableDevelopmentGoal.objects.all,
            _goal,
        )
    )
    register_searchable(
        SearchableType(
            "taxonomy.sdg_target", _("SDG target"), SdgTarget, SdgTarget.objects.all, _target
        )
    )
    register_searchable(
        SearchableType(
            "taxonomy.risk_area", _("Risk area"), RiskArea, RiskArea.objects.all, _risk_area
        )
    )

"""What the taxonomy puts in the one search: countries, SDGs and their targets, risk areas."""

from django.utils.translation import gettext_lazy as _

from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.taxonomy.models import Country, RiskArea, SdgTarget, SustainableDevelopmentGoal


def _country(country: Country) -> SearchDocument:
    codes = [country.iso3, country.iso2] if country.iso2 else [country.iso3]
    return SearchDocument(
        titles=country.names,
        bodies=country.formal_names,
        aliases=[*country.aliases, *codes],
        path=f"/taxonomy/countries/{country.iso3}/",
    )


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
        SearchableType("taxonomy.country", _("Country"), Country, Country.objects.all, _country)
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

"""The taxonomy's datasets for `aigov export`: countries (export only).

Countries are reference data: they come from `aigov load-reference` with their sources, never
from an import, so this dataset has no importer.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from aigov.core.exchange import Dataset, Exporter, register_dataset
from aigov.taxonomy.models import Country
from aigov.taxonomy.selectors import country_list

# English (the fallback language) first, then the other UN languages as the site lists them.
NAME_LANGUAGES = ("en", "ar", "zh-hans", "fr", "ru", "es")
COUNTRY_COLUMNS = (
    "iso3",
    "iso2",
    "m49",
    *(f"name_{language}" for language in NAME_LANGUAGES),
    "is_un_member",
    "regional_group",
    "income_group",
    "is_ldc",
)


def countries_visible_to(*, actor: Any) -> QuerySet[Country]:
    """Return every country and jurisdiction: reference data is public."""
    return country_list()


def country_export_row(country: Country) -> dict[str, Any]:
    """Return the columns of one country; a name missing in a language is left empty."""
    row: dict[str, Any] = {"iso3": country.iso3, "iso2": country.iso2, "m49": country.m49}
    row.update({f"name_{language}": country.names.get(language, "") for language in NAME_LANGUAGES})
    row.update(
        {
            "is_un_member": country.is_un_member,
            "regional_group": country.regional_group,
            "income_group": country.income_group,
            "is_ldc": country.is_ldc,
        }
    )
    return row


def register() -> None:
    register_dataset(
        Dataset(
            slug="countries",
            label=gettext_lazy("Countries and jurisdictions"),
            exporter=Exporter(
                columns=COUNTRY_COLUMNS, records=countries_visible_to, row=country_export_row
            ),
        )
    )

"""The data module's section of a country profile: the datasets that cover the country, as the
reader may see them (drafts stay with their deciders)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.data import selectors
from aigov.data.models import Dataset
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def _dataset(dataset: Dataset) -> profiles.ProfileItem:
    return profiles.profile_item(
        dataset.title,
        dataset.get_absolute_url(),
        dataset.get_access_display(),
        is_demo=dataset.is_demo,
    )


def datasets(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The datasets covering the country."""
    rows = selectors.dataset_list(actor=actor, country=country.iso3)
    more = f"{reverse('data:dataset-list')}?country={country.iso3}"
    return profiles.section_of(rows, limit, _dataset, more_url=more)


def register() -> None:
    profiles.register_country_section(
        "data.datasets", _("Datasets covering the country"), datasets, order=85
    )

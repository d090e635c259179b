"""What the data module puts in the one search: datasets and trusts. A dataset is found by its
description only where its page shows it (drafts stay with their deciders); a restricted
dataset's sample and files never enter the index, so no snippet can show them."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.data.models import Dataset, DataTrust
from aigov.data.selectors import dataset_list, trust_list


def _dataset(dataset: Dataset) -> SearchDocument:
    described = " ".join(
        part for part in (dataset.description, dataset.publisher, dataset.license) if part
    )
    return SearchDocument(
        titles={"en": dataset.title},
        bodies={"en": described},
        path=f"/data/datasets/{dataset.pk}/",
        is_demo=dataset.is_demo,
    )


def _trust(trust: DataTrust) -> SearchDocument:
    return SearchDocument(
        titles={"en": trust.name},
        bodies={"en": " ".join(part for part in (trust.trustee.name, trust.governing_rules))},
        aliases=[trust.slug],
        path=f"/data/trusts/{trust.slug}/",
        is_demo=trust.is_demo,
    )


def _datasets_visible_to(actor: Actor) -> QuerySet[Dataset]:
    return dataset_list(actor=actor)


def register() -> None:
    register_searchable(
        SearchableType(
            "data.dataset",
            _("Dataset"),
            Dataset,
            lambda: Dataset.objects.all(),
            _dataset,
            visible_to=_datasets_visible_to,
        )
    )
    register_searchable(
        SearchableType(
            "data.trust",
            _("Data trust"),
            DataTrust,
            lambda: DataTrust.objects.select_related("trustee"),
            _trust,
            visible_to=lambda actor: trust_list(actor=actor),
        )
    )

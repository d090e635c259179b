"""Every read of the data module (re-exported by sub-domain)."""

from aigov.data.selectors.access import (
    access_request_decidable,
    access_request_get,
    access_request_list,
    entitlement_get,
    entitlement_list,
    entitlement_revocable,
    requests_to_decide,
)
from aigov.data.selectors.catalogue import (
    Facet,
    dataset_croissant,
    dataset_facets,
    dataset_file_get,
    dataset_files,
    dataset_files_readable,
    dataset_get,
    dataset_is_managed,
    dataset_list,
    dataset_sample,
    trust_get,
    trust_get_for_publishing,
    trust_list,
    trust_parties,
)
from aigov.data.selectors.gaps import GapRow, gaps

__all__ = [
    "Facet",
    "GapRow",
    "access_request_decidable",
    "access_request_get",
    "access_request_list",
    "dataset_croissant",
    "dataset_facets",
    "dataset_file_get",
    "dataset_files",
    "dataset_files_readable",
    "dataset_get",
    "dataset_is_managed",
    "dataset_list",
    "dataset_sample",
    "entitlement_get",
    "entitlement_list",
    "entitlement_revocable",
    "gaps",
    "requests_to_decide",
    "trust_get",
    "trust_get_for_publishing",
    "trust_list",
    "trust_parties",
]

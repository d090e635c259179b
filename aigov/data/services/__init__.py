"""Every write of the data module (re-exported by sub-domain)."""

from aigov.data.services.access import (
    access_request_decide,
    access_request_submit,
    dataset_policy,
    entitlement_revoke,
)
from aigov.data.services.catalogue import (
    dataset_create,
    dataset_file_link,
    dataset_file_upload,
    dataset_import_croissant,
    dataset_version_add,
    licence_normalise,
    trust_create,
)
from aigov.data.services.needs import need_register

__all__ = [
    "access_request_decide",
    "access_request_submit",
    "dataset_create",
    "dataset_file_link",
    "dataset_file_upload",
    "dataset_import_croissant",
    "dataset_policy",
    "dataset_version_add",
    "entitlement_revoke",
    "licence_normalise",
    "need_register",
    "trust_create",
]

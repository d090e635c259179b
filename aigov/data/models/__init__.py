from aigov.data.models.access import AccessRequest, Agreement, Decision, Entitlement
from aigov.data.models.catalogue import Dataset, DatasetFile, DatasetVersion, DataTrust

__all__ = [
    "AccessRequest",
    "Agreement",
    "DataTrust",
    "Dataset",
    "DatasetFile",
    "DatasetVersion",
    "Decision",
    "Entitlement",
]

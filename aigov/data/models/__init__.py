from aigov.data.models.access import AccessRequest, Agreement, DataNeed, Decision, Entitlement
from aigov.data.models.catalogue import Dataset, DatasetFile, DatasetVersion, DataTrust

__all__ = [
    "AccessRequest",
    "Agreement",
    "DataNeed",
    "DataTrust",
    "Dataset",
    "DatasetFile",
    "DatasetVersion",
    "Decision",
    "Entitlement",
]

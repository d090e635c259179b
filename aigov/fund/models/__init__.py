"""The fund's records: books (ledger), donors and contributions, calls and grants."""

from aigov.fund.models.contributions import (
    Contribution,
    Contributor,
    EvidenceDocument,
    Pledge,
    evidence_storage_name,
)
from aigov.fund.models.grants import (
    Application,
    Call,
    Disbursement,
    Expenditure,
    Grant,
    GrantReport,
    Result,
    Review,
    Tranche,
)
from aigov.fund.models.ledger import (
    ZERO,
    Account,
    AccountBalance,
    ExchangeRate,
    Fund,
    Leg,
    Transaction,
    YearClosing,
)

__all__ = [
    "ZERO",
    "Account",
    "AccountBalance",
    "Application",
    "Call",
    "Contribution",
    "Contributor",
    "Disbursement",
    "EvidenceDocument",
    "ExchangeRate",
    "Expenditure",
    "Fund",
    "Grant",
    "GrantReport",
    "Leg",
    "Pledge",
    "Result",
    "Review",
    "Tranche",
    "Transaction",
    "YearClosing",
    "evidence_storage_name",
]

"""Every write of the fund: one database transaction each, audited."""

from aigov.fund.services.closing import year_close
from aigov.fund.services.contributions import (
    contribution_record,
    contribution_record_with_evidence,
    contributor_create,
    evidence_document_attach,
    pledge_record,
)
from aigov.fund.services.grants import (
    application_decide,
    application_submit,
    available_balance,
    call_close,
    call_open,
    disbursement_record,
    grant_commit,
    grant_report_submit,
    review_submit,
)
from aigov.fund.services.ledger import (
    Chart,
    RatesImported,
    exchange_rates_import,
    fund_create,
    fund_set_target,
    transaction_reverse,
)

__all__ = [
    "Chart",
    "RatesImported",
    "application_decide",
    "application_submit",
    "available_balance",
    "call_close",
    "call_open",
    "contribution_record",
    "contribution_record_with_evidence",
    "contributor_create",
    "disbursement_record",
    "evidence_document_attach",
    "exchange_rates_import",
    "fund_create",
    "fund_set_target",
    "grant_commit",
    "grant_report_submit",
    "pledge_record",
    "review_submit",
    "transaction_reverse",
    "year_close",
]

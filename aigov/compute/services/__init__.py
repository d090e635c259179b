"""Every write of the compute module, each in one transaction and audited."""

from aigov.compute.scheduling import SchedulerReport
from aigov.compute.services.accounting import job_record, usage_for
from aigov.compute.services.fairshare import (
    PushResult,
    country_usage_rebuild,
    decayed,
    policy_current,
    policy_set,
    push_fairshare,
    usage_record,
)
from aigov.compute.services.jobs import (
    WouldOverdraw,
    balance,
    job_cancel,
    job_submit,
    movement_refund,
)
from aigov.compute.services.landscape import top500_import
from aigov.compute.services.projects import (
    Decision,
    Fee,
    fee_for,
    project_create,
    request_decide,
    request_resubmit,
    request_submit,
)
from aigov.compute.services.resources import resource_create, resource_update

__all__ = [
    "Decision",
    "Fee",
    "PushResult",
    "SchedulerReport",
    "WouldOverdraw",
    "balance",
    "country_usage_rebuild",
    "decayed",
    "fee_for",
    "job_cancel",
    "job_record",
    "job_submit",
    "movement_refund",
    "policy_current",
    "policy_set",
    "project_create",
    "push_fairshare",
    "request_decide",
    "request_resubmit",
    "request_submit",
    "resource_create",
    "resource_update",
    "top500_import",
    "usage_for",
    "usage_record",
]

"""Writes of projects, allocation requests and their review (ColdFront's project → allocation
→ resource), with the fee each request carries and why."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, account_required, require
from aigov.compute.models import (
    PERIOD_MONTHS,
    Allocation,
    AllocationRequest,
    FeeReason,
    Movement,
    Period,
    Priority,
    Project,
    Resource,
)
from aigov.compute.permissions import forget
from aigov.compute.services.acting import acting_account, require_or_demo
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, error_items, field_error

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Fee:
    """What a request costs and why (issue 20, item 4)."""

    amount: Decimal
    currency: str
    waived: bool
    reason: FeeReason

    @property
    def reason_text(self) -> str:
        return str(self.reason.label)


def upper_middle_reduction() -> Decimal:
    """Return the configured part of the fee spared to upper-middle-income countries (0 to 1)."""
    try:
        reduction = Decimal(str(settings.AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION))
    except InvalidOperation as invalid:
        raise ValueError("AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION must be a number.") from invalid
    if not Decimal(0) <= reduction <= Decimal(1):
        raise ValueError("AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION must be between 0 and 1.")
    return reduction


def fee_for(*, resource: Resource, amount: Decimal, income_group: str) -> Fee:
    """Return the fee for `amount` units of `resource` asked from a country of `income_group`
    (World Bank code): units times rate, waived for low and lower-middle income, reduced by the
    configured part for upper-middle income."""
    full = (Decimal(amount) * resource.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    if income_group == "L":
        return Fee(Decimal("0.00"), resource.currency, True, FeeReason.WAIVED_LOW)
    if income_group == "LM":
        return Fee(Decimal("0.00"), resource.currency, True, FeeReason.WAIVED_LOWER_MIDDLE)
    if income_group == "UM":
        reduced = (full * (1 - upper_middle_reduction())).quantize(CENT, rounding=ROUND_HALF_UP)
        return Fee(reduced, resource.currency, False, FeeReason.REDUCED_UPPER_MIDDLE)
    return Fee(full, resource.currency, False, FeeReason.FULL)


def _clean(record: Any, errors: list[ErrorItem], exclude: list[str] | None = None) -> None:
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as invalid:
        errors.extend(error_items(invalid))


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    title: str,
    country: Any,
    purpose: str,
    organisation: Any = None,
    sdg_targets: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    members: Iterable[Any] = (),
    is_demo: bool = False,
    lead: Any = None,
) -> Project:
    """Create a project led by the actor (or, written by the demonstration job, by the
    demonstration user `lead`); return it. Raise NotAllowed or InvalidInput."""
    require_or_demo(actor, "compute.create_project", None, is_demo=is_demo)
    lead = acting_account(actor, lead, is_demo=is_demo)
    errors: list[ErrorItem] = []
    if not (title or "").strip():
        errors.append(field_error("title", "required", _("Give the project a title.")))
    if not (purpose or "").strip():
        errors.append(field_error("purpose", "required", _("Say what the compute is for.")))
    if country is None:
        errors.append(field_error("country", "required", _("Choose the project's country.")))
    project = Project(
        title=(title or "").strip(),
        lead=lead,
        country=country,
        organisation=organisation,
        purpose=(purpose or "").strip(),
        is_demo=is_demo,
    )
    if not errors:
        _clean(project, errors)
    if errors:
        raise InvalidInput(errors=errors)
    project.save()
    project.sdg_targets.set(list(sdg_targets))
    project.topics.set(list(topics))
    project.members.set([member for member in members if member.pk != lead.pk])
    forget(actor)
    audit.record(
        actor=actor,
        action="compute.project.create",
        obj=project,
        extra={"members": sorted(member.pk for member in project.members.all())},
    )
    return project


def _default_end(starts_on: datetime.date, period: str) -> datetime.date:
    return starts_on + datetime.timedelta(days=30 * PERIOD_MONTHS[Period(period)] - 1)


@transaction.atomic
def request_submit(
    *,
    actor: Actor,
    project: Project,
    resource: Resource,
    amount: Decimal,
    justification: str,
    priority: str = Priority.STANDARD,
    time_critical_reason: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    allocation: Allocation | None = None,
    kind: str = AllocationRequest.RequestKind.NEW,
    on_behalf_of: Any = None,
) -> AllocationRequest:
    """Ask for `amount` units of `resource` for `project`; return the request with its fee.

    A renewal or a change names the `allocation` it extends. The demonstration job asks for a
    demonstration project `on_behalf_of` its demonstration lead. Raise NotAllowed or
    InvalidInput.
    """
    require_or_demo(actor, "compute.request_allocation", project, is_demo=project.is_demo)
    requester = acting_account(actor, on_behalf_of, is_demo=project.is_demo)
    errors: list[ErrorItem] = []
    if not resource.is_active:
        errors.append(
            field_error("resource", "inactive", _("This resource takes no new requests."))
        )
    if kind == AllocationRequest.RequestKind.NEW and allocation is not None:
        errors.append(field_error("allocation", "invalid", _("A new request names no allocation.")))
    if kind != AllocationRequest.RequestKind.NEW and (
        allocation is None
        or allocation.project_id != project.pk
        or allocation.resource_id != resource.pk
    ):
        errors.append(
            field_error(
                "allocation",
                "required",
                _("Name this project's allocation of this resource to renew or change."),
            )
        )
    today = timezone.localdate()
    if allocation is None:
        starts = starts_on or today
    elif kind == AllocationRequest.RequestKind.RENEWAL:
        # A renewal carries on from the day after the allocation ends.
        starts = starts_on or allocation.ends_on + datetime.timedelta(days=1)
    else:
        starts = starts_on or allocation.starts_on
    ends = ends_on or (
        allocation.ends_on
        if allocation and kind == "change"
        else _default_end(starts, resource.period)
    )
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError):
        errors.append(field_error("amount", "invalid", _("Give the amount as a number.")))
        amount = Decimal(0)
    fee = fee_for(resource=resource, amount=amount, income_group=project.country.income_group)
    record = AllocationRequest(
        project=project,
        resource=resource,
        kind=kind,
        allocation=allocation,
        requested_by=requester,
        amount=amount,
        starts_on=starts,
        ends_on=ends,
        justification=(justification or "").strip(),
        priority=priority,
        time_critical_reason=(time_critical_reason or "").strip(),
        fee_amount=fee.amount,
        fee_currency=fee.currency,
        fee_waived=fee.waived,
        fee_reason=fee.reason,
        is_demo=project.is_demo,
    )
    if priority == Priority.TIME_CRITICAL:
        record.review_due_at = timezone.now() + datetime.timedelta(
            hours=resource.time_critical_review_hours
        )
    _clean(record, errors)
    if errors:
        raise InvalidInput(errors=errors)
    record.save()
    audit.record(actor=actor, action="compute.request.submit", obj=record)
    return record


class Decision:
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    ALL = (APPROVE, RETURN, REJECT)


@transaction.atomic
def request_decide(
    *,
    actor: Actor,
    request: AllocationRequest,
    decision: str,
    amount: Decimal | None = None,
    note: str = "",
) -> AllocationRequest:
    """Approve (with the granted amount), return for changes, or reject a submitted request.

    Approving a new request opens an allocation with a grant movement; a change adds a grant
    to its allocation; a renewal moves the allocation's end and grants what it asks. Raise
    NotAllowed, InvalidState or InvalidInput.
    """
    request = (
        AllocationRequest.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=request.pk)
    )
    require_or_demo(actor, "compute.decide_request", request, is_demo=request.is_demo)
    if request.status != AllocationRequest.Status.SUBMITTED:
        raise InvalidState(_("This request has already been decided."))
    note = (note or "").strip()
    errors: list[ErrorItem] = []
    if decision not in Decision.ALL:
        errors.append(
            field_error("decision", "invalid_choice", _("Decide approve, return or reject."))
        )
    if decision in (Decision.RETURN, Decision.REJECT) and not note:
        errors.append(field_error("note", "required", _("Say why, in a note to the requester.")))
    granted = request.amount if amount is None else amount
    try:
        granted = Decimal(granted)
    except (InvalidOperation, TypeError):
        granted = Decimal(-1)
    if decision == Decision.APPROVE and not granted > 0:
        errors.append(field_error("amount", "invalid", _("Grant an amount greater than zero.")))
    if errors:
        raise InvalidInput(errors=errors)
    before = audit.snapshot(request)
    request.status = {
        Decision.APPROVE: AllocationRequest.Status.APPROVED,
        Decision.RETURN: AllocationRequest.Status.RETURNED,
        Decision.REJECT: AllocationRequest.Status.REJECTED,
    }[decision]
    request.decision_note = note
    # The demonstration job decides demonstration requests in nobody's name.
    request.decided_by = account_of(actor) if request.is_demo else account_required(actor)
    request.decided_at = timezone.now()
    request.save(
        update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"]
    )
    allocation = None
    if decision == Decision.APPROVE:
        allocation = _grant(request=request, granted=granted)
    audit.record(
        actor=actor,
        action=f"compute.request.{decision}",
        obj=request,
        before=before,
        extra={"granted": granted if allocation else None, "allocation": allocation},
    )
    return request


def _grant(*, request: AllocationRequest, granted: Decimal) -> Allocation:
    if request.allocation_id is None:
        allocation = Allocation.objects.create(
            project_id=request.project_id,
            resource_id=request.resource_id,
            request=request,
            priority=request.priority,
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            is_demo=request.is_demo,
        )
    else:
        allocation = Allocation.objects.select_for_update().get(pk=request.allocation_id)
        if request.ends_on > allocation.ends_on:
            allocation.ends_on = request.ends_on
            allocation.save(update_fields=["ends_on", "updated_at"])
    Movement.objects.create(
        allocation=allocation,
        kind=Movement.Kind.GRANT,
        units=granted,
        note=f"request {request.pk}",
        is_demo=allocation.is_demo,
    )
    return allocation


@transaction.atomic
def request_resubmit(
    *,
    actor: Actor,
    request: AllocationRequest,
    amount: Decimal,
    justification: str,
    time_critical_reason: str = "",
) -> AllocationRequest:
    """Submit a returned request again, changed; return it. Raise NotAllowed, InvalidState or
    InvalidInput."""
    request = (
        AllocationRequest.objects.select_for_update(of=("self",))
        .select_related("project__country", "resource")
        .get(pk=request.pk)
    )
    require(actor, "compute.request_allocation", request.project)
    if request.status != AllocationRequest.Status.RETURNED:
        raise InvalidState(_("Only a request returned for changes can be submitted again."))
    before = audit.snapshot(request)
    errors: list[ErrorItem] = []
    try:
        request.amount = Decimal(amount)
    except (InvalidOperation, TypeError):
        errors.append(field_error("amount", "invalid", _("Give the amount as a number.")))
    request.justification = (justification or "").strip()
    request.time_critical_reason = (time_critical_reason or "").strip()
    if not errors:
        fee = fee_for(
            resource=request.resource,
            amount=request.amount,
            income_group=request.project.country.income_group,
        )
        request.fee_amount, request.fee_waived, request.fee_reason = (
            fee.amount,
            fee.waived,
            fee.reason,
        )
        _clean(request, errors)
    if errors:
        raise InvalidInput(errors=errors)
    request.status = AllocationRequest.Status.SUBMITTED
    request.save(
        update_fields=[
            "amount",
            "justification",
            "time_critical_reason",
            "fee_amount",
            "fee_waived",
            "fee_reason",
            "status",
            "updated_at",
        ]
    )
    audit.record(actor=actor, action="compute.request.resubmit", obj=request, before=before)
    return request

"""Access to restricted data: requests judged by machine against the dataset's ODRL policy,
the trustee's decision on those that need one, grants with their agreement, revocation."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_required, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, field_error
from aigov.data import policy as odrl
from aigov.data.agreements import agreement_fill
from aigov.data.models import AccessRequest, Agreement, Dataset, Decision, Entitlement
from aigov.data.services.catalogue import known_country_codes
from aigov.data.vocabulary import PURPOSE_BY_SLUG, purpose_slug
from aigov.taxonomy.models import Country

MAX_DURATION_DAYS = 3650

# Compiled policies by dataset and the moment it last changed: requests are judged without
# parsing JSON-LD again (issue 22, "Speed").
_compiled: dict[tuple[int, datetime.datetime], odrl.Policy] = {}


def dataset_policy(dataset: Dataset) -> odrl.Policy | None:
    """Return the dataset's compiled policy (None if it has none)."""
    if not dataset.policy:
        return None
    key = (dataset.pk, dataset.updated_at)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = odrl.policy_read(dataset.policy, known_countries=known_country_codes())
        if len(_compiled) > 10_000:
            _compiled.clear()
        _compiled[key] = compiled
    return compiled


def _grant(
    *, actor: Actor, request: AccessRequest, duties: Iterable[str], trustee: Actor | None
) -> Entitlement:
    now = timezone.now()
    entitlement = Entitlement.objects.create(
        request=request,
        dataset=request.dataset,
        holder=request.requester,
        starts_at=now,
        ends_at=now + datetime.timedelta(days=request.duration_days),
    )
    dataset = request.dataset
    filled = agreement_fill(
        trust=dataset.trust.name if dataset.trust else dataset.publisher or str(dataset.created_by),
        holder=str(request.requester),
        organisation=request.organisation,
        dataset=dataset.title,
        dataset_ref=f"urn:aigov:data:dataset:{dataset.pk}",
        licence=dataset.license,
        purposes=[str(PURPOSE_BY_SLUG[slug].label) for slug in request.purposes],
        country=request.country.name,
        starts_on=entitlement.starts_at.date().isoformat(),
        ends_on=entitlement.ends_at.date().isoformat(),
        duties=list(duties),
        policy_uid=str(dataset.policy.get("uid", "")),
    )
    agreement = Agreement.objects.create(
        entitlement=entitlement,
        template_version=filled.version,
        text=filled.text,
        sha256=filled.sha256,
        # The requester accepts the model clauses when submitting; the trust accepted them
        # by publishing the policy (a machine permit) or accepts them by deciding.
        accepted_by_requester_at=request.created_at,
        accepted_by_trustee_at=now,
        accepted_for_trust_by=account_required(trustee) if trustee is not None else None,
    )
    audit.record(actor=actor, action="data.entitlement.grant", obj=entitlement)
    audit.record(actor=actor, action="data.agreement.create", obj=agreement)
    return entitlement


@transaction.atomic
def access_request_submit(
    *,
    actor: Actor,
    dataset: Dataset,
    purposes: Iterable[str],
    country: str,
    duration_days: int,
    organisation: str = "",
    is_demo: bool = False,
) -> AccessRequest:
    """Ask for access to a restricted dataset; the policy is judged at once and a permit comes
    with its entitlement and agreement. Return the request.

    Raise NotAllowed (signed-in people ask), InvalidState (open data needs no request) or
    InvalidInput naming each bad field; nothing is written on error.
    """
    require(actor, "data.request_access")
    errors: list[ErrorItem] = []
    slugs: list[str] = []
    listed = list(purposes)
    if not listed:
        errors.append(field_error("purposes", "required", _("Name at least one purpose.")))
    for position, identifier in enumerate(listed):
        slug = purpose_slug(str(identifier))
        if slug is None:
            errors.append(
                field_error(
                    f"purposes[{position}]",
                    "unknown_purpose",
                    _("%(value)s is not a purpose of the vocabulary.") % {"value": identifier},
                )
            )
        elif slug not in slugs:
            slugs.append(slug)
    place = Country.objects.filter(iso3=str(country).upper()).first()
    if place is None:
        errors.append(field_error("country", "unknown", _("Give an ISO alpha-3 country code.")))
    if not 1 <= duration_days <= MAX_DURATION_DAYS:
        errors.append(
            field_error("duration_days", "out_of_range", _("The duration is 1 to 3650 days."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    assert place is not None  # checked above; narrows the type
    if dataset.access == Dataset.Access.OPEN:
        raise InvalidState(_("This dataset is open: download its files without a request."))
    compiled = dataset_policy(dataset)
    if compiled is None:
        outcome = odrl.Outcome(
            odrl.NEEDS_REVIEW, _("The dataset has no machine-readable policy: a trustee decides.")
        )
    else:
        outcome = odrl.policy_evaluate(
            compiled,
            purposes=slugs,
            place=odrl.Place(place.iso3, place.regional_group, place.income_group),
            days=duration_days,
        )
    status = {
        odrl.PERMIT: AccessRequest.Status.GRANTED,
        odrl.DENY: AccessRequest.Status.REFUSED,
        odrl.NEEDS_REVIEW: AccessRequest.Status.PENDING,
    }[outcome.decision]
    request = AccessRequest.objects.create(
        dataset=dataset,
        requester=account_required(actor),
        organisation=organisation[:300],
        country=place,
        purposes=slugs,
        duration_days=duration_days,
        evaluation=outcome.decision,
        reason=outcome.reason,
        rule=outcome.rule[:300],
        status=status,
        decided_at=None if status == AccessRequest.Status.PENDING else timezone.now(),
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action="data.request.submit",
        obj=request,
        extra={"decision": outcome.decision, "rule": outcome.rule},
    )
    if outcome.decision == odrl.PERMIT:
        _grant(actor=actor, request=request, duties=outcome.duties, trustee=None)
    return request


@transaction.atomic
def access_request_decide(
    *, actor: Actor, request: AccessRequest, decision: str, note: str = ""
) -> AccessRequest:
    """Decide a request the policy left to a trustee: permit (with entitlement and agreement)
    or deny. Raise NotAllowed, InvalidInput (decision) or InvalidState (already decided)."""
    require(actor, "data.decide_access_request", request)
    if decision not in (Decision.PERMIT, Decision.DENY):
        raise InvalidInput(errors=[field_error("decision", "invalid", _("Decide permit or deny."))])
    locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != AccessRequest.Status.PENDING:
        raise InvalidState(_("This request has already been decided."))
    before = audit.snapshot(locked)
    locked.status = (
        AccessRequest.Status.GRANTED
        if decision == Decision.PERMIT
        else AccessRequest.Status.REFUSED
    )
    locked.decided_by = account_required(actor)
    locked.decided_at = timezone.now()
    locked.decision_note = note[:5000]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit.record(actor=actor, action=f"data.request.{decision}", obj=locked, before=before)
    if decision == Decision.PERMIT:
        compiled = dataset_policy(locked.dataset)
        _grant(
            actor=actor,
            request=locked,
            duties=compiled.duties if compiled else (),
            trustee=actor,
        )
    return locked


@transaction.atomic
def entitlement_revoke(*, actor: Actor, entitlement: Entitlement, reason: str = "") -> Entitlement:
    """End an entitlement now: the next download is refused. Raise NotAllowed or InvalidState."""
    require(actor, "data.revoke_entitlement", entitlement)
    locked = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if locked.revoked_at is not None:
        raise InvalidState(_("This entitlement is already revoked."))
    before = audit.snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = account_required(actor)
    locked.revocation_reason = reason[:2000]
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    audit.record(actor=actor, action="data.entitlement.revoke", obj=locked, before=before)
    return locked

"""Writes of the landscape: participation, policies, UN projects, and proposals for review.

Every write checks the actor's permission, validates with the forms of forms.py (so a page, an
import row and a proposal obey the same rules), runs in a transaction, is audited, and keeps
the search index current once committed.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import (
    InvalidInput,
    InvalidState,
    NotAllowed,
    NotFound,
    error_items,
    field_error,
)
from aigov.core.search import index as search_index
from aigov.landscape.forms import ParticipationValues, PolicyValues
from aigov.landscape.models import ChangeProposal, Participation, Policy, UnProject


def _clean(form_class: type[forms.Form], data: dict[str, Any]) -> dict[str, Any]:
    """Validate `data` with `form_class`; raise InvalidInput naming each bad field."""
    form = form_class(data=data)
    if not form.is_valid():
        raise InvalidInput(errors=error_items(ValidationError(form.errors.as_data())))
    return dict(form.cleaned_data)


def _validated(record: Any) -> None:
    """Run the model's own checks (translated texts' languages and lengths among them); raise
    InvalidInput naming each bad field."""
    try:
        record.full_clean(validate_unique=False)
    except ValidationError as invalid:
        raise InvalidInput(errors=error_items(invalid)) from invalid


def _refuse_duplicate(clash: Any, *, current: Any, field: str, message: str) -> None:
    """Raise InvalidInput on `field` when `clash` holds a record other than `current`."""
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise InvalidInput(errors=[field_error(field, "duplicate", message)])


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Return form input as JSON-safe strings (how a proposal keeps it until review)."""
    plain = {}
    for key, value in data.items():
        if value is None:
            plain[key] = ""
        elif isinstance(value, list | tuple):
            plain[key] = ";".join(str(v) for v in value)
        elif hasattr(value, "isoformat"):
            plain[key] = value.isoformat()
        else:
            plain[key] = str(value)
    return plain


# --- Participation ------------------------------------------------------------------------


def _participation_write(
    *, actor: Actor, values: dict[str, Any], participation: Participation | None
) -> Participation:
    fields = {
        "initiative_id": values["initiative"],
        "participant_id": values["participant"],
        "basis": values["basis"],
        "started_on": values["started_on"],
        "ended_on": values.get("ended_on"),
        "source_url": values.get("source_url", ""),
        "source_note": values.get("source_note", ""),
    }
    _refuse_duplicate(
        Participation.objects.filter(
            initiative_id=fields["initiative_id"],
            participant_id=fields["participant_id"],
            started_on=fields["started_on"],
        ),
        current=participation,
        field="started_on",
        message=_("This participant already has a row starting on this date."),
    )
    before = audit.snapshot(participation) if participation is not None else None
    if participation is None:
        participation = Participation.objects.create(**fields)
        audit.record(actor=actor, action="landscape.participation.create", obj=participation)
    else:
        for name, value in fields.items():
            setattr(participation, name, value)
        participation.save()
        audit.record(
            actor=actor, action="landscape.participation.update", obj=participation, before=before
        )
    return participation


@transaction.atomic
def participation_save(
    *, actor: Actor, data: dict[str, Any], participation: Participation | None = None
) -> Participation:
    """Create a participation, or change one (to record its end, say); secretariat only."""
    require(actor, "landscape.edit")
    values = _clean(ParticipationValues, data)
    return _participation_write(actor=actor, values=values, participation=participation)


# --- Policies -------------------------------------------------------------------------------


def _policy_write(*, actor: Actor, values: dict[str, Any], policy: Policy | None) -> Policy:
    _refuse_duplicate(
        Policy.objects.filter(slug=values["slug"]),
        current=policy,
        field="slug",
        message=_("Another record already uses this identifier."),
    )
    before = audit.snapshot(policy) if policy is not None else None
    record = policy or Policy(names={}, summary={}, names_provenance={})
    record.slug = values["slug"]
    record.jurisdiction_id = values["jurisdiction"]
    record.names = {**record.names, "en": values["title"]}
    record.names_provenance = {**record.names_provenance, "en": "source"}
    record.summary = {**record.summary, "en": values.get("summary", "")}
    for name in ("kind", "status", "url", "source", "confidence"):
        setattr(record, name, values.get(name) or "")
    for name in ("proposed_on", "adopted_on", "in_force_on", "repealed_on"):
        setattr(record, name, values.get(name))
    if "is_demo" in values:
        record.is_demo = bool(values["is_demo"])
    _validated(record)
    record.save()
    tags_before = {
        "risk_areas": sorted(record.risk_areas.values_list("slug", flat=True)),
        "sdgs": sorted(record.sdgs.values_list("number", flat=True)),
    }
    record.risk_areas.set(values.get("risk_areas", []))
    record.sdgs.set(values.get("sdgs", []))
    tags_after = {
        "risk_areas": sorted(values.get("risk_areas", [])),
        "sdgs": sorted(values.get("sdgs", [])),
    }
    action = "landscape.policy.create" if policy is None else "landscape.policy.update"
    audit.record(
        actor=actor,
        action=action,
        obj=record,
        before=before,
        extra={"tags": tags_after} if tags_after != tags_before else None,
    )
    transaction.on_commit(lambda: search_index.refresh(record))
    return record


@transaction.atomic
def policy_save(*, actor: Actor, data: dict[str, Any], policy: Policy | None = None) -> Policy:
    """Create or change a policy or institution of the library; secretariat only."""
    require(actor, "landscape.edit")
    values = _clean(PolicyValues, data)
    return _policy_write(actor=actor, values=values, policy=policy)


# --- UN AI projects -------------------------------------------------------------------------


@transaction.atomic
def un_project_create(
    *,
    actor: Actor,
    title: str,
    agency: str,
    year: int,
    sdgs: list[int],
    countries: list[str],
    description: str = "",
    url: str = "",
    source: str = "",
    is_demo: bool = False,
) -> UnProject:
    """Record a UN entity's AI project; secretariat only."""
    require(actor, "landscape.add_un_project")
    if not title.strip() or not agency.strip():
        raise InvalidInput(_("A project needs a title and a UN entity."))
    project = UnProject(
        names={"en": title},
        names_provenance={"en": "source"},
        agency=agency,
        year=year,
        description={"en": description} if description else {},
        url=url,
        source=source,
        is_demo=is_demo,
    )
    _validated(project)
    project.save()
    project.sdgs.set(sdgs)
    project.countries.set(countries)  # type: ignore[arg-type]  # primary keys (ISO alpha-3)
    audit.record(
        actor=actor,
        action="landscape.un_project.create",
        obj=project,
        extra={"sdgs": sorted(sdgs), "countries": sorted(countries)},
    )
    transaction.on_commit(lambda: search_index.refresh(project))
    return project


# --- Proposals ------------------------------------------------------------------------------


def _proposal_country(subject: str, values: dict[str, Any]) -> str:
    if subject == ChangeProposal.Subject.PARTICIPATION:
        return str(values["participant"])
    return str(values["jurisdiction"])


def _target(subject: str, target_id: str) -> Participation | Policy:
    model: type[Participation] | type[Policy] = (
        Participation if subject == ChangeProposal.Subject.PARTICIPATION else Policy
    )
    found = model.objects.filter(pk=target_id).first() if target_id.isdigit() else None
    if found is None and model is Policy:
        found = Policy.objects.filter(slug=target_id).first()
    if found is None:
        raise NotFound(_("The record this proposal changes no longer exists."))
    return found


def _target_country(target: Participation | Policy) -> str:
    if isinstance(target, Participation):
        return str(target.participant_id)
    return str(target.jurisdiction_id)


@transaction.atomic
def proposal_submit(
    *,
    actor: Actor,
    subject: str,
    data: dict[str, Any],
    target_id: str = "",
    rationale: str = "",
) -> ChangeProposal:
    """Propose adding or changing one of the actor's own country's records.

    The values are validated now (and again on acceptance); the record and the values must
    both belong to a country the actor is focal point for.
    """
    if subject not in ChangeProposal.Subject.values:
        raise InvalidInput(_("Propose a change to a participation or to a policy."))
    form_class = (
        ParticipationValues if subject == ChangeProposal.Subject.PARTICIPATION else PolicyValues
    )
    values = _clean(form_class, data)
    country = _proposal_country(subject, values)
    require(actor, "landscape.propose_change", country)
    proposer = _account(actor)
    action = ChangeProposal.Action.CREATE
    if target_id:
        target = _target(subject, target_id)
        if _target_country(target) != country:
            raise NotAllowed(_("A proposal may not move a record to another country."))
        action = ChangeProposal.Action.UPDATE
        target_id = str(target.pk)
    proposal = ChangeProposal.objects.create(
        subject=subject,
        action=action,
        country_id=country,
        target_id=target_id,
        changes=_plain({name: data.get(name, "") for name in form_class.base_fields}),
        rationale=rationale,
        proposer=proposer,
    )
    audit.record(actor=actor, action="landscape.proposal.submit", obj=proposal)
    return proposal


def _account(actor: Actor) -> User:
    """Return the actor as the account a proposal records (its proposer or reviewer).

    Only signed-in focal points and secretariat members hold the proposal permissions (no job
    does), so this refuses nobody who passed the permission check; it keeps the type honest.
    """
    if not isinstance(actor, User):
        raise NotAllowed()
    return actor


def _pending_for_update(proposal: ChangeProposal) -> ChangeProposal:
    # Lock the row: two reviewers acting at once must not both apply it.
    locked = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ChangeProposal.Status.PENDING:
        raise InvalidState(_("This proposal has already been dealt with."))
    return locked


@transaction.atomic
def proposal_accept(*, actor: Actor, proposal: ChangeProposal, note: str = "") -> ChangeProposal:
    """Apply a pending proposal as the reviewing secretariat member; audit both steps."""
    require(actor, "landscape.review_proposal", proposal)
    locked = _pending_for_update(proposal)
    if locked.subject == ChangeProposal.Subject.PARTICIPATION:
        current = _target(locked.subject, locked.target_id) if locked.target_id else None
        assert current is None or isinstance(current, Participation)
        participation_save(actor=actor, data=locked.changes, participation=current)
    else:
        policy = _target(locked.subject, locked.target_id) if locked.target_id else None
        assert policy is None or isinstance(policy, Policy)
        policy_save(actor=actor, data=locked.changes, policy=policy)
    return _close(actor=actor, proposal=locked, status=ChangeProposal.Status.ACCEPTED, note=note)


@transaction.atomic
def proposal_reject(*, actor: Actor, proposal: ChangeProposal, note: str) -> ChangeProposal:
    """Turn a pending proposal down, saying why."""
    require(actor, "landscape.review_proposal", proposal)
    if not note.strip():
        raise InvalidInput(
            errors=[
                field_error(
                    "note",
                    "required",
                    _("Say why the proposal is rejected."),
                )
            ]
        )
    locked = _pending_for_update(proposal)
    return _close(actor=actor, proposal=locked, status=ChangeProposal.Status.REJECTED, note=note)


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: ChangeProposal) -> ChangeProposal:
    """Withdraw one's own pending proposal."""
    require(actor, "landscape.withdraw_proposal", proposal)
    locked = _pending_for_update(proposal)
    before = audit.snapshot(locked)
    locked.status = ChangeProposal.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="landscape.proposal.withdraw", obj=locked, before=before)
    return locked


def _close(*, actor: Actor, proposal: ChangeProposal, status: str, note: str) -> ChangeProposal:
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.reviewer = _account(actor)
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save(update_fields=["status", "reviewer", "reviewed_at", "review_note", "updated_at"])
    verb = "accept" if status == ChangeProposal.Status.ACCEPTED else "reject"
    audit.record(actor=actor, action=f"landscape.proposal.{verb}", obj=proposal, before=before)
    return proposal

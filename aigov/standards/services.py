"""Writes of the AI Standards Exchange: standards, their status and tags, reviews, definitions.

Every function checks permission, validates, writes in one transaction and records an audit
entry; search is refreshed after commit.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import require
from aigov.accounts.models import Organisation, User
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState
from aigov.core.reference import LoadReport
from aigov.core.search import index as search_index
from aigov.standards.models import (
    GapEndorsement,
    GapProposal,
    Review,
    Standard,
    Status,
    StatusChange,
)
from aigov.standards.selectors import REVIEW_CRITERIA

TAG_FIELDS = ("topics", "lifecycle_stages", "risk_areas", "sdgs")
STANDARD_FIELDS = (
    "body",
    "titles",
    "doc_type",
    "year",
    "edition",
    "supersedes",
    "has_measurement_methods",
    "url",
    "summaries",
    "confidence",
    "source",
)


def _refresh_later(standard: Standard) -> None:
    transaction.on_commit(lambda: search_index.refresh(standard))


@transaction.atomic
def standard_tags_set(*, actor: User, standard: Standard, tags: dict[str, list[Any]]) -> bool:
    """Replace the named tag sets of a standard; audit and return whether any changed.

    `tags` maps topics, lifecycle_stages, risk_areas or sdgs to taxonomy records or keys; a tag
    set not named is left as it is. Raise NotAllowed.
    """
    if not actor.is_system:
        require(actor, "standards.change_standard", standard)
    changes: dict[str, Any] = {}
    for name, wanted in tags.items():
        if name not in TAG_FIELDS:
            raise ValueError(name)
        current = set(getattr(standard, name).values_list("pk", flat=True))
        target = {getattr(item, "pk", item) for item in wanted}
        if current != target:
            getattr(standard, name).set(target)
            changes[name] = {"before": sorted(current), "after": sorted(target)}
    if changes:
        audit.record(
            actor=actor,
            action="standards.standard.tag",
            obj=standard,
            before=audit.snapshot(standard),
            extra=changes,
        )
    return bool(changes)


def _record_status(
    *,
    actor: User,
    standard: Standard,
    changed_on: datetime.date | None,
    note: str,
) -> StatusChange:
    change = StatusChange.objects.create(
        standard=standard,
        status=standard.status,
        changed_on=changed_on,
        year=changed_on.year if changed_on else None,
        note=note,
        source=standard.source,
    )
    audit.record(actor=actor, action="standards.status_change.create", obj=change)
    return change


@transaction.atomic
def standard_register(
    *,
    actor: User,
    body: Organisation,
    reference: str,
    titles: dict[str, str],
    status: str,
    status_on: datetime.date | None = None,
    tags: dict[str, list[Any]] | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> Standard:
    """Register a standard with its first status-history entry and its tags.

    Raise NotAllowed, ValidationError on bad fields (including a reference already taken).
    """
    if not actor.is_system:
        require(actor, "standards.change_standard")
    unknown = set(fields) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    standard = Standard(
        body=body, reference=reference, titles=titles, status=status, is_demo=is_demo, **fields
    )
    standard.full_clean()
    standard.save()
    audit.record(actor=actor, action="standards.standard.create", obj=standard)
    _record_status(actor=actor, standard=standard, changed_on=status_on, note=_("Registered."))
    if tags:
        standard_tags_set(actor=actor, standard=standard, tags=tags)
    _refresh_later(standard)
    return standard


@transaction.atomic
def standard_update(
    *, actor: User, standard: Standard, tags: dict[str, list[Any]] | None = None, **fields: Any
) -> bool:
    """Change the given fields and tags of a standard (not its status); return whether any did.

    Raise NotAllowed, or ValidationError on bad fields.
    """
    if not actor.is_system:
        require(actor, "standards.change_standard", standard)
    unknown = set(fields) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    changed = [
        name
        for name, value in fields.items()
        if getattr(locked, name if name not in {"body", "supersedes"} else f"{name}_id")
        != getattr(value, "pk", value)
    ]
    if changed:
        before = audit.snapshot(locked)
        for name in changed:
            setattr(locked, name, fields[name])
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=actor, action="standards.standard.update", obj=locked, before=before)
    tagged = standard_tags_set(actor=actor, standard=locked, tags=tags or {})
    if changed or tagged:
        _refresh_later(locked)
    return bool(changed or tagged)


@transaction.atomic
def standard_change_status(
    *,
    actor: User,
    standard: Standard,
    status: str,
    changed_on: datetime.date | None = None,
    note: str = "",
) -> StatusChange:
    """Move a standard to `status`, appending to its history; return the history entry.

    Raise NotAllowed, InvalidInput for an unknown status, InvalidState when it already has it
    or for a date in the future.
    """
    if not actor.is_system:
        require(actor, "standards.change_standard", standard)
    if status not in Status.values:
        raise InvalidInput(
            errors=[
                {
                    "field": "status",
                    "code": "invalid_choice",
                    "message": _("%(value)s is not a status; use one of: %(statuses)s.")
                    % {"value": status, "statuses": ", ".join(Status.values)},
                }
            ]
        )
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    if locked.status == status:
        raise InvalidState(_("The standard already has this status."))
    if changed_on is not None and changed_on > timezone.localdate():
        raise InvalidState(_("A status change cannot be dated in the future."))
    before = audit.snapshot(locked)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="standards.standard.change_status", obj=locked, before=before)
    change = _record_status(actor=actor, standard=locked, changed_on=changed_on, note=note)
    standard.status = status
    _refresh_later(locked)
    return change


def _check_scores(scores: dict[str, Any]) -> dict[str, int]:
    errors = []
    clean: dict[str, int] = {}
    for name, value in scores.items():
        if name not in REVIEW_CRITERIA:
            errors.append(
                {
                    "field": f"scores.{name}",
                    "code": "unknown_criterion",
                    "message": _("%(name)s is not a review criterion; use one of: %(names)s.")
                    % {"name": name, "names": ", ".join(REVIEW_CRITERIA)},
                }
            )
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors.append(
                {
                    "field": f"scores.{name}",
                    "code": "out_of_range",
                    "message": _("A score is a whole number from 1 to 5."),
                }
            )
        else:
            clean[name] = value
    if errors:
        raise InvalidInput(errors=errors)
    return clean


def _check_rationale(rationale: str) -> str:
    text = rationale.strip()
    if not text:
        raise InvalidInput(
            errors=[
                {
                    "field": "rationale",
                    "code": "required",
                    "message": _("Give the reasons for your position."),
                }
            ]
        )
    return text


@transaction.atomic
def review_post(
    *,
    actor: User,
    standard: Standard,
    position: str,
    rationale: str,
    scores: dict[str, Any] | None = None,
) -> Review:
    """Post a participant's review of a standard: a position, a rationale, criterion scores.

    Raise NotAllowed (not a registered participant) or InvalidInput naming the field.
    """
    require(actor, "standards.post_review", standard)
    if position not in Review.Position.values:
        raise InvalidInput(
            errors=[
                {
                    "field": "position",
                    "code": "invalid_choice",
                    "message": _("%(value)s is not a position; use one of: %(positions)s.")
                    % {"value": position, "positions": ", ".join(Review.Position.values)},
                }
            ]
        )
    review = Review(
        standard=standard,
        author=actor,
        position=position,
        rationale=_check_rationale(rationale),
        scores=_check_scores(scores or {}),
    )
    review.full_clean()
    review.save()
    audit.record(actor=actor, action="standards.review.create", obj=review)
    return review


@transaction.atomic
def review_reply(*, actor: User, parent: Review, rationale: str) -> Review:
    """Reply to a review (replies thread under their parent). Raise NotAllowed or InvalidInput."""
    require(actor, "standards.reply_review", parent)
    reply = Review(
        standard_id=parent.standard_id,
        author=actor,
        parent=parent,
        rationale=_check_rationale(rationale),
    )
    reply.full_clean()
    reply.save()
    audit.record(actor=actor, action="standards.review.reply", obj=reply)
    return reply


@transaction.atomic
def review_moderate(*, actor: User, review: Review, is_hidden: bool, note: str = "") -> Review:
    """Hide or restore a review (secretariat). Raise NotAllowed or InvalidState if unchanged."""
    require(actor, "standards.moderate_review", review)
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_hidden == is_hidden:
        raise InvalidState(_("The review is already in this state."))
    before = audit.snapshot(locked)
    locked.is_hidden, locked.moderation_note = is_hidden, note
    locked.save(update_fields=["is_hidden", "moderation_note", "updated_at"])
    audit.record(actor=actor, action="standards.review.moderate", obj=locked, before=before)
    return locked


@dataclass(frozen=True)
class DefinitionImport:
    report: LoadReport


@transaction.atomic
def definitions_import(
    *, actor: User, concepts: list[dict[str, Any]], definitions: list[dict[str, Any]]
) -> DefinitionImport:
    """Upsert validated concepts and definitions (from SKOS) by natural key; audit each change."""
    from aigov.standards.reference import apply_definitions

    if not actor.is_system:
        require(actor, "standards.change_definition")
    report = LoadReport()
    apply_definitions(
        actor=actor, report=report, progress=None, concepts=concepts, definitions=definitions
    )
    return DefinitionImport(report=report)


@transaction.atomic
def gap_propose(
    *,
    actor: User,
    title: str,
    rationale: str,
    evidence: str = "",
    topic: Any = None,
    risk_area: Any = None,
    lifecycle_stage: Any = None,
) -> GapProposal:
    """Propose a missing standard: what, why, evidence, and where it sits on the matrix.

    Raise NotAllowed (not a registered participant) or ValidationError naming the field.
    """
    require(actor, "standards.propose_gap")
    gap = GapProposal(
        title=title.strip(),
        rationale=_check_rationale(rationale),
        evidence=evidence.strip(),
        topic=topic,
        risk_area=risk_area,
        lifecycle_stage=lifecycle_stage,
        author=actor,
    )
    gap.full_clean()
    gap.save()
    audit.record(actor=actor, action="standards.gap.propose", obj=gap)
    return gap


def gap_endorse(*, actor: User, gap: GapProposal) -> GapEndorsement:
    """Endorse a gap proposal once. Raise NotAllowed, or Conflict when already endorsed.

    The unique constraint, not a prior read, decides between two concurrent endorsements.
    """
    require(actor, "standards.endorse_gap", gap)
    try:
        with transaction.atomic():
            endorsement = GapEndorsement.objects.create(gap=gap, user=actor)
            audit.record(actor=actor, action="standards.gap.endorse", obj=endorsement)
    except IntegrityError as duplicate:
        raise Conflict(_("You have already endorsed this gap.")) from duplicate
    return endorsement

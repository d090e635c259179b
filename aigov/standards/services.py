"""Writes of the AI Standards Exchange: standards, their status and tags, reviews, definitions.

Every function checks permission, validates, writes in one transaction and records an audit
entry; search is refreshed after commit.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import require
from aigov.accounts.models import Organisation, User
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.core.reference import LoadReport
from aigov.core.search import index as search_index
from aigov.core.tasks import enqueue
from aigov.standards.models import (
    AssessmentTool,
    Concept,
    Follow,
    GapEndorsement,
    GapProposal,
    Review,
    Standard,
    Status,
    StatusChange,
)
from aigov.standards.selectors import REVIEW_CRITERIA
from aigov.taxonomy.selectors import language_list

TAG_FIELDS = ("topics", "lifecycle_stages", "risk_areas", "sdgs", "policies")
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


def _invalid(field: str, code: str, message: str) -> InvalidInput:
    """Return the error for one bad field (the API's `errors` list with a single entry)."""
    return InvalidInput(errors=[{"field": field, "code": code, "message": message}])


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
    _notify_later(change)
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
        raise _invalid(
            "status",
            "invalid_choice",
            _("%(value)s is not a status; use one of: %(statuses)s.")
            % {"value": status, "statuses": ", ".join(Status.values)},
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
        raise _invalid("rationale", "required", _("Give the reasons for your position."))
    return text


def _participant(actor: User, perm: str, obj: Any, on_behalf_of: User | None) -> User:
    """Return who writes: the actor, or (demonstration data only) a participant it names.

    Only the system actor writes on behalf of another user, so the audit log keeps the system
    actor as the one who acted (see aigov.core.demo). Raise NotAllowed.
    """
    if on_behalf_of is None:
        require(actor, perm, obj)
        return actor
    if not actor.is_system:
        raise NotAllowed()
    require(on_behalf_of, perm, obj)
    return on_behalf_of


@transaction.atomic
def review_post(
    *,
    actor: User,
    standard: Standard | None = None,
    concept: Concept | None = None,
    position: str,
    rationale: str,
    scores: dict[str, Any] | None = None,
    on_behalf_of: User | None = None,
    is_demo: bool = False,
) -> Review:
    """Post a participant's review of a standard or of a concept's definitions (one of them):
    a position, a rationale, criterion scores.

    Raise NotAllowed (not a registered participant) or InvalidInput naming the field.
    """
    author = _participant(actor, "standards.post_review", standard or concept, on_behalf_of)
    if (standard is None) == (concept is None):
        raise _invalid("standard", "one_subject", _("Review either one standard or one concept."))
    if position not in Review.Position.values:
        raise _invalid(
            "position",
            "invalid_choice",
            _("%(value)s is not a position; use one of: %(positions)s.")
            % {"value": position, "positions": ", ".join(Review.Position.values)},
        )
    review = Review(
        standard=standard,
        concept=concept,
        author=author,
        is_demo=is_demo,
        position=position,
        rationale=_check_rationale(rationale),
        scores=_check_scores(scores or {}),
    )
    review.full_clean()
    review.save()
    audit.record(actor=actor, action="standards.review.create", obj=review)
    return review


@transaction.atomic
def review_reply(
    *,
    actor: User,
    parent: Review,
    rationale: str,
    on_behalf_of: User | None = None,
    is_demo: bool = False,
) -> Review:
    """Reply to a review (replies thread under their parent). Raise NotAllowed or InvalidInput."""
    author = _participant(actor, "standards.reply_review", parent, on_behalf_of)
    reply = Review(
        standard_id=parent.standard_id,
        concept_id=parent.concept_id,
        author=author,
        is_demo=is_demo,
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
    moderated: Review = _set_hidden(
        actor=actor,
        locked=Review.objects.select_for_update().get(pk=review.pk),
        is_hidden=is_hidden,
        note=note,
        action="standards.review.moderate",
        unchanged=_("The review is already in this state."),
    )
    return moderated


def _set_hidden(
    *, actor: User, locked: Any, is_hidden: bool, note: str, action: str, unchanged: str
) -> Any:
    """Hide or restore a locked review or gap proposal with its note; audit it as `action`."""
    if locked.is_hidden == is_hidden:
        raise InvalidState(unchanged)
    before = audit.snapshot(locked)
    locked.is_hidden, locked.moderation_note = is_hidden, note
    locked.save(update_fields=["is_hidden", "moderation_note", "updated_at"])
    audit.record(actor=actor, action=action, obj=locked, before=before)
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
    on_behalf_of: User | None = None,
    is_demo: bool = False,
) -> GapProposal:
    """Propose a missing standard: what, why, evidence, and where it sits on the matrix.

    Raise NotAllowed (not a registered participant) or ValidationError naming the field.
    """
    author = _participant(actor, "standards.propose_gap", None, on_behalf_of)
    gap = GapProposal(
        title=title.strip(),
        rationale=_check_rationale(rationale),
        evidence=evidence.strip(),
        topic=topic,
        risk_area=risk_area,
        lifecycle_stage=lifecycle_stage,
        author=author,
        is_demo=is_demo,
    )
    gap.full_clean()
    gap.save()
    audit.record(actor=actor, action="standards.gap.propose", obj=gap)
    return gap


@transaction.atomic
def gap_moderate(*, actor: User, gap: GapProposal, is_hidden: bool, reason: str) -> GapProposal:
    """Hide or restore a gap proposal with a reason (secretariat).

    Raise NotAllowed, InvalidInput without a reason, or InvalidState if nothing would change.
    """
    require(actor, "standards.moderate_gap", gap)
    reason = reason.strip()
    if not reason:
        raise _invalid(
            "reason", "required", _("Give the reason for hiding or restoring this gap proposal.")
        )
    moderated: GapProposal = _set_hidden(
        actor=actor,
        locked=GapProposal.objects.select_for_update().get(pk=gap.pk),
        is_hidden=is_hidden,
        note=reason,
        action="standards.gap.moderate",
        unchanged=_("The gap proposal is already in this state."),
    )
    return moderated


def gap_endorse(
    *, actor: User, gap: GapProposal, on_behalf_of: User | None = None
) -> GapEndorsement:
    """Endorse a gap proposal once. Raise NotAllowed, or Conflict when already endorsed.

    The unique constraint, not a prior read, decides between two concurrent endorsements.
    """
    # The rule reads the stored state: a proposal hidden since the caller read it stays closed.
    current = GapProposal.objects.filter(pk=gap.pk).first()
    if current is None:
        raise NotFound()
    endorser = _participant(actor, "standards.endorse_gap", current, on_behalf_of)
    try:
        with transaction.atomic():
            endorsement = GapEndorsement.objects.create(gap=gap, user=endorser)
            audit.record(actor=actor, action="standards.gap.endorse", obj=endorsement)
    except IntegrityError as duplicate:
        raise Conflict(_("You have already endorsed this gap.")) from duplicate
    return endorsement


# --- Following -------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "aigov.standards.unfollow"


@transaction.atomic
def follow_add(*, actor: User, standard: Standard | None = None, topic: Any = None) -> Follow:
    """Follow a standard or a topic (exactly one). Raise NotAllowed, InvalidInput or Conflict.

    The unique constraints, not a prior read, decide between two concurrent requests.
    """
    require(actor, "standards.follow", standard)
    if (standard is None) == (topic is None):
        raise _invalid("standard", "one_target", _("Follow either one standard or one topic."))
    try:
        with transaction.atomic():
            follow = Follow.objects.create(user=actor, standard=standard, topic=topic)
    except IntegrityError as duplicate:
        raise Conflict(_("You already follow this.")) from duplicate
    audit.record(actor=actor, action="standards.follow.create", obj=follow)
    return follow


@transaction.atomic
def follow_remove(*, actor: User, follow: Follow) -> None:
    """Stop following. Raise NotAllowed unless the follow is the actor's own."""
    require(actor, "standards.unfollow", follow)
    audit.record(actor=actor, action="standards.follow.delete", obj=follow)
    follow.delete()


def unsubscribe_token(follow: Follow) -> str:
    """Return the signed token of an e-mail's unsubscribe link (it never expires)."""
    return signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)


def follow_remove_by_token(*, token: str) -> Follow:
    """Stop the follow an unsubscribe link names, acting as its follower; return it.

    The signed token proves the follower sent it (a mail reader need not sign in). Raise
    InvalidInput for a tampered token and NotFound when the follow is already gone.
    """
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as bad:
        raise _invalid("token", "invalid", _("This unsubscribe link is not valid.")) from bad
    follow = (
        Follow.objects.select_related("user", "standard", "topic")
        .filter(pk=payload.get("follow"), user_id=payload.get("user"))
        .first()
    )
    if follow is None:
        raise NotFound()
    follow_remove(actor=follow.user, follow=follow)
    return follow


def _notify_later(change: StatusChange) -> None:
    from aigov.standards.tasks import notify_followers

    enqueue(notify_followers, change_id=change.pk)


# --- Self-assessment tools -------------------------------------------------------------------

TOOL_FIELDS = ("name", "provider", "kind", "url", "languages", "licence", "summaries")


def language_tags(languages: list[str]) -> tuple[list[str], list[str]]:
    """Return the tags the taxonomy knows (in its spelling, sorted) and those it does not."""
    known = {tag.lower(): tag for tag in language_list().values_list("tag", flat=True)}
    unknown = [tag for tag in languages if tag.lower() not in known]
    return sorted({known[tag.lower()] for tag in languages if tag.lower() in known}), unknown


def _check_languages(languages: list[str]) -> list[str]:
    tags, unknown = language_tags(languages)
    if unknown:
        raise _invalid(
            "languages",
            "unknown_language",
            _("Unknown language tags: %(tags)s.") % {"tags": ", ".join(unknown)},
        )
    return tags


def _set_tool_standards(tool: AssessmentTool, standards: list[Standard]) -> dict[str, Any]:
    current = set(tool.standards.values_list("pk", flat=True))
    target = {standard.pk for standard in standards}
    if current == target:
        return {}
    tool.standards.set(target)
    return {"standards": {"before": sorted(current), "after": sorted(target)}}


@transaction.atomic
def assessment_tool_register(
    *,
    actor: User,
    slug: str,
    standards: list[Standard] | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> AssessmentTool:
    """Register a self-assessment tool and the standards it covers.

    Raise NotAllowed (secretariat only), InvalidInput for unknown languages, or ValidationError
    naming the field (a slug already taken included).
    """
    if not actor.is_system:
        require(actor, "standards.change_tool")
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "languages" in fields:
        fields["languages"] = _check_languages(fields["languages"])
    tool = AssessmentTool(slug=slug, is_demo=is_demo, **fields)
    tool.full_clean()
    tool.save()
    audit.record(
        actor=actor,
        action="standards.tool.create",
        obj=tool,
        extra=_set_tool_standards(tool, standards or []),
    )
    transaction.on_commit(lambda: search_index.refresh(tool))
    return tool


@transaction.atomic
def assessment_tool_update(
    *, actor: User, tool: AssessmentTool, standards: list[Standard] | None = None, **fields: Any
) -> bool:
    """Change the given fields of a tool and (if given) its standards; return whether any did.

    Raise NotAllowed, InvalidInput or ValidationError as assessment_tool_register does.
    """
    if not actor.is_system:
        require(actor, "standards.change_tool", tool)
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "languages" in fields:
        fields["languages"] = _check_languages(fields["languages"])
    locked = AssessmentTool.objects.select_for_update().get(pk=tool.pk)
    before = audit.snapshot(locked)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
    linked = _set_tool_standards(locked, standards) if standards is not None else {}
    if changed or linked:
        audit.record(
            actor=actor, action="standards.tool.update", obj=locked, before=before, extra=linked
        )
        transaction.on_commit(lambda: search_index.refresh(locked))
    return bool(changed or linked)


@transaction.atomic
def standard_edit(
    *,
    actor: User,
    standard: Standard,
    status: str,
    status_note: str = "",
    tags: dict[str, list[Any]] | None = None,
    **fields: Any,
) -> bool:
    """Change a standard's fields, tags and (when it differs) status in one transaction.

    The secretariat's edit page calls this; return whether anything changed. Raise NotAllowed,
    ValidationError or InvalidInput as standard_update and standard_change_status do.
    """
    changed = standard_update(actor=actor, standard=standard, tags=tags, **fields)
    if status != standard.status:
        standard_change_status(actor=actor, standard=standard, status=status, note=status_note)
        changed = True
    return changed

"""Writes of gap proposals: proposing, moderating, endorsing."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import Conflict, NotFound
from aigov.standards.models import GapEndorsement, GapProposal
from aigov.standards.services.shared import (
    _awaits_moderation,
    _check_rationale,
    _invalid,
    _participant,
    _set_hidden,
)


@transaction.atomic
def gap_propose(
    *,
    actor: Actor,
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
        awaits_moderation=_awaits_moderation(actor, "standards.moderate_gap"),
    )
    gap.full_clean()
    gap.save()
    audit.record(actor=actor, action="standards.gap.propose", obj=gap)
    return gap


@transaction.atomic
def gap_moderate(*, actor: Actor, gap: GapProposal, is_hidden: bool, reason: str) -> GapProposal:
    """Hide, restore or (while it awaits moderation) keep a gap proposal (secretariat).

    Hiding and restoring need a reason. Raise NotAllowed, InvalidInput without a needed reason,
    or InvalidState if nothing would change.
    """
    require(actor, "standards.moderate_gap", gap)
    locked = GapProposal.objects.select_for_update().get(pk=gap.pk)
    reason = reason.strip()
    if not reason and locked.is_hidden != is_hidden:
        raise _invalid(
            "reason", "required", _("Give the reason for hiding or restoring this gap proposal.")
        )
    moderated: GapProposal = _set_hidden(
        actor=actor,
        locked=locked,
        is_hidden=is_hidden,
        note=reason,
        action="standards.gap.moderate",
        unchanged=_("The gap proposal is already in this state."),
    )
    return moderated


def gap_endorse(
    *, actor: Actor, gap: GapProposal, on_behalf_of: User | None = None
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

"""Writes of reviews of standards and definitions: posting, replying, moderating."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import InvalidInput, field_error
from aigov.standards.models import Concept, Review, Standard
from aigov.standards.selectors import REVIEW_CRITERIA
from aigov.standards.services.shared import (
    _awaits_moderation,
    _check_rationale,
    _invalid,
    _participant,
    _set_hidden,
)


def _check_scores(scores: dict[str, Any]) -> dict[str, int]:
    errors = []
    clean: dict[str, int] = {}
    for name, value in scores.items():
        if name not in REVIEW_CRITERIA:
            errors.append(
                field_error(
                    f"scores.{name}",
                    "unknown_criterion",
                    _("%(name)s is not a review criterion; use one of: %(names)s.")
                    % {"name": name, "names": ", ".join(REVIEW_CRITERIA)},
                )
            )
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors.append(
                field_error(
                    f"scores.{name}",
                    "out_of_range",
                    _("A score is a whole number from 1 to 5."),
                )
            )
        else:
            clean[name] = value
    if errors:
        raise InvalidInput(errors=errors)
    return clean


@transaction.atomic
def review_post(
    *,
    actor: Actor,
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
        awaits_moderation=_awaits_moderation(actor, "standards.moderate_review"),
    )
    review.full_clean()
    review.save()
    audit.record(actor=actor, action="standards.review.create", obj=review)
    return review


@transaction.atomic
def review_reply(
    *,
    actor: Actor,
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
        awaits_moderation=_awaits_moderation(actor, "standards.moderate_review"),
    )
    reply.full_clean()
    reply.save()
    audit.record(actor=actor, action="standards.review.reply", obj=reply)
    return reply


@transaction.atomic
def review_moderate(*, actor: Actor, review: Review, is_hidden: bool, note: str = "") -> Review:
    """Hide, restore or (while it awaits moderation) keep a review (secretariat). Raise
    NotAllowed or InvalidState if nothing would change."""
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

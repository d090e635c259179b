"""Single-use invitations and the answers given through them."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import InvalidInput, InvalidState, NotFound, field_error
from aigov.panel.coding import Coder, parse_value
from aigov.panel.models import (
    Invitation,
    Question,
    Response,
    Survey,
)
from aigov.panel.relevance import is_relevant
from aigov.panel.services.counts import append_blocks, save_counts, tally_responses


@transaction.atomic
def invitation_create(*, actor: Actor, survey: Survey, labels: list[str]) -> list[Invitation]:
    """Create one single-use link per label (who it goes to; may be empty)."""
    require(actor, "panel.manage_survey", survey)
    created = []
    for label in labels:
        invitation = Invitation.objects.create(
            survey=survey, token=secrets.token_urlsafe(24), label=label[:200]
        )
        audit.record(actor=actor, action="panel.invitation.create", obj=invitation)
        created.append(invitation)
    return created


def visible_questions(questions: Iterable[Question], answers: dict[str, Any]) -> list[Question]:
    """The questions whose relevance holds for `answers` (notes included)."""
    return [q for q in questions if is_relevant(q.relevant, answers)]


def _read_answers(
    questions: list[Question], submitted: dict[str, list[str]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    answers: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for question in questions:
        if question.kind == Question.Kind.NOTE or question.name not in submitted:
            continue
        values = submitted[question.name]
        text = (
            " ".join(values)
            if question.kind == Question.Kind.SELECT_MULTIPLE
            else (values or [""])[0]
        )
        value, problem = parse_value(question, text)
        if problem:
            errors.append(field_error(question.name, "invalid", problem))
        elif value is not None:
            answers[question.name] = value
    return answers, errors


def _open_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("survey").filter(token=token).first()
    )
    if invitation is None:
        raise NotFound()
    if invitation.submitted_at is not None:
        raise InvalidState(_("This link has already been used to submit answers."))
    if invitation.survey.status != Survey.Status.OPEN:
        raise InvalidState(_("This survey is not open for answers."))
    return invitation


def invitation_answer(
    *, actor: Actor, token: str, submitted: dict[str, list[str]], submit: bool
) -> Invitation:
    """Save the answers given on the form (save and resume); with `submit`, then store them.

    The link is the respondent's credential: `actor` is whoever holds it (often not signed in).
    Saving and submitting are two transactions, so answers saved stay saved when the
    submission is refused (a required answer missing).
    """
    invitation = invitation_save(actor=actor, token=token, submitted=submitted)
    return invitation_submit(actor=actor, token=token) if submit else invitation


@transaction.atomic
def invitation_save(*, actor: Actor, token: str, submitted: dict[str, list[str]]) -> Invitation:
    """Keep the answers given so far; answers to questions no longer relevant are dropped."""
    invitation = _open_invitation(token)
    questions = list(invitation.survey.questions.order_by("position"))
    answers, errors = _read_answers(questions, submitted)
    if errors:
        raise InvalidInput(errors=errors)
    merged = {**invitation.draft, **answers}
    for question in questions:
        if question.name in submitted and question.name not in answers:
            merged.pop(question.name, None)  # cleared on the form
    shown = visible_questions(questions, merged)
    before = audit.snapshot(invitation)
    invitation.draft = {q.name: merged[q.name] for q in shown if q.name in merged}
    invitation.save(update_fields=["draft", "updated_at"])
    audit.record(actor=actor, action="panel.invitation.save", obj=invitation, before=before)
    return invitation


@transaction.atomic
def invitation_submit(*, actor: Actor, token: str) -> Invitation:
    """Store the saved answers as a response (with its coded block) and close the link for good."""
    invitation = _open_invitation(token)
    questions = list(invitation.survey.questions.order_by("position"))
    kept = invitation.draft
    missing = [
        field_error(q.name, "required", _("An answer is required."))
        for q in visible_questions(questions, kept)
        if q.required and q.kind != Question.Kind.NOTE and q.name not in kept
    ]
    if missing:
        raise InvalidInput(errors=missing)
    before = audit.snapshot(invitation)
    survey = Survey.objects.select_for_update().get(pk=invitation.survey_id)
    coder = Coder.for_survey(survey, questions)
    Response.objects.create(
        survey=survey,
        form_version=survey.form_version,
        submitted_at=timezone.now(),
        answers=kept,
        invitation=None if survey.is_anonymous else invitation,
    )
    append_blocks(survey, [coder.encode(kept)])
    tally_responses(survey, questions, [kept])
    save_counts(survey, coder)
    invitation.submitted_at = timezone.now()
    invitation.draft = {}
    invitation.save(update_fields=["draft", "submitted_at", "updated_at"])
    audit.record(actor=actor, action="panel.invitation.submit", obj=invitation, before=before)
    return invitation

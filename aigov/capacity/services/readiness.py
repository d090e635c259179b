"""Writes of readiness assessments."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.capacity import readiness
from aigov.capacity.models import ReadinessAssessment
from aigov.capacity.services.shared import _account, _languages, _plain_text
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, field_error
from aigov.core.search import index as search_index
from aigov.taxonomy.models import Country


def _working_languages(tags: list[str] | None) -> list[str]:
    return [language.tag for language in _languages(tags)] if tags else []


def _answer_problems(answers: Any, instrument: readiness.Instrument) -> list[ErrorItem]:
    if not isinstance(answers, dict):
        return [
            field_error("answers", "invalid", _("Give the answers as question code -> number."))
        ]
    problems: list[ErrorItem] = []
    for code, value in answers.items():
        if instrument.question(str(code)) is None:
            problems.append(
                field_error(
                    f"answers.{code}",
                    "unknown_question",
                    _("%(code)s is not a question of this instrument.") % {"code": code},
                )
            )
        elif value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= readiness.SCALE_MAX
        ):
            problems.append(
                field_error(
                    f"answers.{code}",
                    "out_of_range",
                    _("Answer %(code)s with a whole number from 0 to %(max)d.")
                    % {"code": code, "max": readiness.SCALE_MAX},
                )
            )
    return problems


def _rescore(assessment: ReadinessAssessment) -> None:
    scores = readiness.score(assessment.answers, readiness.instrument_for(assessment.instrument))
    assessment.scores = scores.dimensions
    assessment.overall_score = scores.overall


@transaction.atomic
def assessment_create(
    *,
    actor: Actor,
    country: str,
    label: str = "",
    languages: list[str] | None = None,
    answers: dict[str, int] | None = None,
    is_demo: bool = False,
) -> ReadinessAssessment:
    """Start a draft readiness assessment of `country` (its focal points, or the secretariat).

    Raise NotAllowed or InvalidInput (unknown country, language, question or answer).
    """
    require(actor, "capacity.create_assessment", country)
    if not Country.objects.filter(pk=country).exists():
        raise InvalidInput(
            errors=[field_error("country", "unknown_country", _("No country with this code."))]
        )
    answers = answers or {}
    problems = _answer_problems(answers, readiness.INSTRUMENT)
    if problems:
        raise InvalidInput(errors=problems)
    assessment = ReadinessAssessment(
        country_id=country,
        instrument=readiness.INSTRUMENT.version,
        label=_plain_text(ReadinessAssessment, "label", label),
        languages=_working_languages(languages),
        answers={code: value for code, value in answers.items() if value is not None},
        created_by=_account(actor),
        is_demo=is_demo,
    )
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.create", obj=assessment)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: Actor,
    assessment: ReadinessAssessment,
    answers: dict[str, int | None] | None = None,
    label: str | None = None,
    languages: list[str] | None = None,
) -> ReadinessAssessment:
    """Change a draft: merge `answers` (None clears one), label and working languages.

    The row is locked first, so two focal points saving at once both keep their answers.
    Raise NotAllowed, InvalidState (submitted already) or InvalidInput; nothing changes on error.
    """
    require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("A submitted assessment cannot be changed; start a new one."))
    instrument = readiness.instrument_for(assessment.instrument)
    problems = _answer_problems(answers or {}, instrument)
    if problems:
        raise InvalidInput(errors=problems)
    before = audit.snapshot(assessment)
    merged = dict(assessment.answers)
    for code, value in (answers or {}).items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    assessment.answers = merged
    if label is not None:
        assessment.label = _plain_text(ReadinessAssessment, "label", label)
    if languages is not None:
        assessment.languages = _working_languages(languages)
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.update", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_submit(*, actor: Actor, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """Submit a draft whose every question is answered; its scores are then fixed.

    Raise NotAllowed, InvalidState or InvalidInput naming each unanswered question.
    """
    require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("This assessment is submitted already."))
    missing = [
        question.code
        for question in readiness.instrument_for(assessment.instrument).questions()
        if question.code not in assessment.answers
    ]
    if missing:
        raise InvalidInput(
            errors=[
                field_error(f"answers.{code}", "required", _("Answer this question to submit."))
                for code in missing
            ]
        )
    before = audit.snapshot(assessment)
    _rescore(assessment)
    assessment.status = ReadinessAssessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.submit", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_set_consent(
    *, actor: Actor, assessment: ReadinessAssessment, publish: bool
) -> ReadinessAssessment:
    """Give (or withdraw) the country's consent to publish a submitted assessment.

    Only the country's focal points may. Raise NotAllowed or InvalidState (a draft).
    """
    require(actor, "capacity.publish_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.SUBMITTED:
        raise InvalidState(_("Submit the assessment before publishing it."))
    before = audit.snapshot(assessment)
    assessment.is_published = publish
    assessment.consented_at = timezone.now() if publish else None
    assessment.save(update_fields=["is_published", "consented_at", "updated_at"])
    audit.record(
        actor=actor,
        action="capacity.assessment.publish" if publish else "capacity.assessment.withdraw",
        obj=assessment,
        before=before,
    )
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment

"""A survey's form (imported from XLSForm or built in the app) and its status."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import InvalidInput, field_error
from aigov.core.search import index as search_index
from aigov.panel.models import (
    SCALE_CHOICES,
    Question,
    Survey,
)
from aigov.panel.relevance import RelevanceError, compile_relevance
from aigov.panel.services.counts import recode
from aigov.panel.xlsform import ParsedForm, ParsedQuestion, parse_form
from aigov.taxonomy.models import Country


@dataclass(frozen=True)
class Roles:
    """Which questions carry the grouping answers the analysis needs."""

    nationality: str
    residence: str
    gender: str
    field: str


def _is_scale(question: ParsedQuestion) -> bool:
    names = {choice["name"] for choice in question.choices}
    return question.kind == Question.Kind.SELECT_ONE and set(SCALE_CHOICES) <= names


def _check_roles(form: ParsedForm, roles: Roles) -> None:
    by_name = {question.name: question for question in form.questions}
    errors: list[dict[str, Any]] = []
    wanted = {
        "nationality": (roles.nationality, {"select_multiple", "select_one"}),
        "residence": (roles.residence, {"select_one"}),
        "gender": (roles.gender, {"select_one"}),
        "field": (roles.field, {"select_one"}),
    }
    known = set(Country.objects.values_list("iso3", flat=True))
    for role, (name, kinds) in wanted.items():
        question = by_name.get(name)
        if question is None:
            errors.append(
                field_error(
                    role,
                    "invalid",
                    _("The form has no question %(name)s.") % {"name": name},
                )
            )
            continue
        if question.kind not in kinds:
            errors.append(
                field_error(
                    role,
                    "invalid",
                    _("Question %(name)s must be a %(kinds)s question.")
                    % {"name": name, "kinds": " / ".join(sorted(kinds))},
                )
            )
            continue
        if role in {"nationality", "residence"}:
            unknown = [c["name"] for c in question.choices if c["name"] not in known]
            if unknown:
                errors.append(
                    field_error(
                        role,
                        "invalid",
                        _("Choices of %(name)s are not ISO alpha-3 codes: %(codes)s.")
                        % {"name": name, "codes": ", ".join(unknown[:10])},
                    )
                )
        elif len(question.choices) > 254:
            errors.append(
                field_error(
                    role,
                    "invalid",
                    _("Question %(name)s has too many choices.") % {"name": name},
                )
            )
    names = [question.name for question in form.questions]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    errors.extend(
        field_error(
            name,
            "invalid",
            _("Two questions are named %(name)s.") % {"name": name},
        )
        for name in duplicates
    )
    for question in form.questions:
        try:
            compile_relevance(question.relevant)
        except RelevanceError as error:
            errors.append(
                field_error(
                    question.name,
                    "invalid",
                    _("The relevance of %(name)s cannot be evaluated: %(error)s")
                    % {"name": question.name, "error": error},
                )
            )
    if errors:
        raise InvalidInput(errors=errors)


@transaction.atomic
def survey_import_form(
    *, actor: Actor, slug: str, path: str | Path, roles: Roles, is_demo: bool = False
) -> Survey:
    """Create the survey `slug` from an XLSForm, or replace its form (a new form version).

    The questions named in `roles` carry nationality (ISO alpha-3 choices), residence, gender and
    professional field. Responses already stored are re-coded for the new form.
    """
    require(actor, "panel.manage_survey")
    form = parse_form(path)
    return _store_form(actor=actor, slug=slug, form=form, roles=roles, is_demo=is_demo)


@transaction.atomic
def survey_build_form(
    *,
    actor: Actor,
    slug: str,
    title: str,
    language: str,
    definition: str,
    roles: Roles,
) -> Survey:
    """Create the survey `slug` from a form built in the app, or replace its form.

    The definition holds one question a line (see builder.py); a bad line is refused naming its
    line, and the roles are checked as for an XLSForm. Nothing is written on any error.
    """
    from aigov.panel import builder

    require(actor, "panel.manage_survey")
    errors: list[dict[str, Any]] = []
    if not slug or slugify(slug) != slug:
        errors.append(
            field_error(
                "slug",
                "invalid",
                _("Use lower-case letters, digits and -."),
            )
        )
    if not title.strip():
        errors.append(
            field_error(
                "title",
                "required",
                _("Give the survey a title."),
            )
        )
    countries = [
        (code, names or {language: code})
        for code, names in Country.objects.order_by("iso3").values_list("iso3", "names")
    ]
    questions, problems = builder.parse_definition(
        definition, language=language, countries=countries
    )
    if errors or problems:
        raise InvalidInput(errors=errors + problems)
    form = builder.built_form(
        title=title.strip(), language=language, questions=questions, definition=definition
    )
    return _store_form(actor=actor, slug=slug, form=form, roles=roles, is_demo=False)


def _store_form(
    *, actor: Actor, slug: str, form: ParsedForm, roles: Roles, is_demo: bool
) -> Survey:
    _check_roles(form, roles)
    survey = Survey.objects.select_for_update().filter(slug=slug).first()
    before = audit.snapshot(survey) if survey else None
    if survey is None:
        survey = Survey(slug=slug, is_demo=is_demo)
    survey.titles = form.titles or {form.default_language: slug}
    survey.form_id = form.form_id
    survey.form_json = form.raw
    survey.default_language = form.default_language
    survey.form_version += 1
    survey.nationality_question = roles.nationality
    survey.residence_question = roles.residence
    survey.gender_question = roles.gender
    survey.field_question = roles.field
    grouping = {roles.nationality, roles.residence, roles.gender, roles.field}
    survey.layout = [q.name for q in form.questions if _is_scale(q) and q.name not in grouping]
    survey.full_clean()
    survey.save()
    Question.objects.filter(survey=survey).delete()
    questions = Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                name=parsed.name,
                kind=parsed.kind,
                labels=parsed.labels,
                hints=parsed.hints,
                choices=parsed.choices,
                relevant=parsed.relevant,
                required=parsed.required,
                group=parsed.group,
                group_labels=parsed.group_labels,
                is_scale=parsed.name in survey.layout,
            )
            for position, parsed in enumerate(form.questions, start=1)
        ]
    )
    recode(survey, questions)
    audit.record(
        actor=actor,
        action="panel.survey.create" if before is None else "panel.survey.replace_form",
        obj=survey,
        before=before,
        extra={"questions": len(questions), "scale_items": len(survey.layout)},
    )
    transaction.on_commit(lambda: search_index.refresh(survey))
    return survey


@transaction.atomic
def survey_set_status(*, actor: Actor, survey: Survey, status: str) -> Survey:
    """Open, close or publish a survey (publishing makes its results public)."""
    require(actor, "panel.manage_survey", survey)
    if status not in Survey.Status.values:
        raise InvalidInput(errors=[field_error("status", "unknown", _("Unknown status."))])
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    before = audit.snapshot(survey)
    survey.status = status
    survey.published_at = timezone.now() if status == Survey.Status.PUBLISHED else None
    survey.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor=actor, action=f"panel.survey.{status}", obj=survey, before=before)
    transaction.on_commit(lambda: search_index.refresh(survey))
    return survey

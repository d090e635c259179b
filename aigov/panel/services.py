"""Every write of the panel module: one transaction each, audited."""

import csv
import datetime
import hashlib
import io
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotFound, field_error
from aigov.core.search import index as search_index
from aigov.panel import keywords
from aigov.panel.coding import Coder, parse_value
from aigov.panel.models import (
    BLOCK_SIZE,
    SCALE_CHOICES,
    CodedBlock,
    Invitation,
    KeywordTally,
    Question,
    Response,
    ResponseImport,
    Survey,
)
from aigov.panel.relevance import RelevanceError, compile_relevance, is_relevant
from aigov.panel.xlsform import ParsedForm, ParsedQuestion, parse_form
from aigov.taxonomy.models import Country

BATCH = 5_000


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


def _append_blocks(survey: Survey, coded: Iterable[str]) -> None:
    """Add coded responses to the survey's blocks, filling the last block first."""
    last = CodedBlock.objects.filter(survey=survey).order_by("-position").first()
    pending: list[str] = []
    if last is not None and last.count < BLOCK_SIZE:
        pending, position = [last.codes], last.position
        count = last.count
        last.delete()
    else:
        position = last.position + 1 if last is not None else 0
        count = 0
    blocks: list[CodedBlock] = []
    for codes in coded:
        pending.append(codes)
        count += 1
        if count == BLOCK_SIZE:
            blocks.append(
                CodedBlock(survey=survey, position=position, count=count, codes="".join(pending))
            )
            pending, position, count = [], position + 1, 0
    if count:
        blocks.append(
            CodedBlock(survey=survey, position=position, count=count, codes="".join(pending))
        )
    CodedBlock.objects.bulk_create(blocks)


class _Tally:
    """Keyword counts of free-text answers being added up: per text question, how many
    responses answer it and how many use each keyword (once per response)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.names = [q.name for q in questions if q.kind == Question.Kind.TEXT]
        self.answered: Counter[str] = Counter()
        self.keywords: dict[str, Counter[str]] = {name: Counter() for name in self.names}

    def add(self, answers: dict[str, Any]) -> None:
        for name in self.names:
            text = answers.get(name)
            if text:
                self.answered[name] += 1
                self.keywords[name].update(keywords.answer_keywords(text))


def _store_tally(survey: Survey, tally: _Tally, *, fresh: bool) -> None:
    """Add `tally` to the survey's kept keyword counts (`fresh`: there are none yet).

    The caller holds the survey's row lock, so counts read here are not changed by anyone
    else before they are written back: concurrent submissions lose nothing.
    """
    for name, counts in tally.keywords.items():
        if not counts:
            continue
        kept: dict[str, KeywordTally] = {}
        if not fresh:
            words = list(counts)
            for start in range(0, len(words), 500):
                kept.update(
                    (row.keyword, row)
                    for row in KeywordTally.objects.filter(
                        survey=survey, question=name, keyword__in=words[start : start + 500]
                    ).only("pk", "keyword", "count")
                )
        for word, row in kept.items():
            row.count += counts[word]
        KeywordTally.objects.bulk_update(list(kept.values()), ["count"], batch_size=500)
        KeywordTally.objects.bulk_create(
            (
                KeywordTally(survey=survey, question=name, keyword=word, count=count)
                for word, count in counts.items()
                if word not in kept
            ),
            batch_size=2_000,
        )
    answered = Counter(survey.text_answers if not fresh else {})
    answered.update(tally.answered)
    survey.text_answers = {name: answered[name] for name in tally.names if answered[name]}


def _recount_keywords(survey: Survey, questions: list[Question]) -> None:
    """Count the keywords of every stored answer again (the keyword rules changed)."""
    tally = _Tally(questions)
    answers = (
        Response.objects.filter(survey=survey).order_by("pk").values_list("answers", flat=True)
    )
    for one in answers.iterator(BATCH):
        tally.add(one)
    _replace_tally(survey, tally)


def _replace_tally(survey: Survey, tally: _Tally) -> None:
    KeywordTally.objects.filter(survey=survey).delete()
    _store_tally(survey, tally, fresh=True)
    survey.keywords_version = keywords.VERSION


def _tally_responses(
    survey: Survey, questions: list[Question], added: Iterable[dict[str, Any]]
) -> None:
    """Add the keywords of responses just stored to the survey's counts, in their transaction
    (the caller holds the survey's row lock and saves `text_answers`, `keywords_version`)."""
    if survey.keywords_version != keywords.VERSION:
        _recount_keywords(survey, questions)  # counted by other rules: all again, these included
        return
    tally = _Tally(questions)
    for answers in added:
        tally.add(answers)
    _store_tally(survey, tally, fresh=False)


def _save_counts(survey: Survey, coder: Coder) -> None:
    """Save what storing responses changed on the survey: the answers per text question, the
    keyword rules, the nationality profiles when new ones came (a large list, so only then),
    and `updated_at`, which tells the kept analysis to be computed again."""
    fields = ["text_answers", "keywords_version", "updated_at"]
    if len(coder.profiles) != len(survey.profiles):
        survey.profiles = coder.profiles
        fields.append("profiles")
    survey.save(update_fields=fields)


def _recode(survey: Survey, questions: list[Question]) -> int:
    """Recompute the coded blocks and the keyword counts from every stored response after the
    form changed (one pass over the responses)."""
    coder = Coder.for_survey(survey, questions)
    coder.profiles.clear()
    coder._profile_index.clear()
    tally = _Tally(questions)
    CodedBlock.objects.filter(survey=survey).delete()
    answers = (
        Response.objects.filter(survey=survey).order_by("pk").values_list("answers", flat=True)
    )

    def coded() -> Iterator[str]:
        for one in answers.iterator(BATCH):
            tally.add(one)
            yield coder.encode(one)

    _append_blocks(survey, coded())
    _replace_tally(survey, tally)
    survey.profiles = coder.profiles
    survey.save(update_fields=["profiles", "text_answers", "keywords_version", "updated_at"])
    return len(coder.profiles)


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
    _recode(survey, questions)
    audit.record(
        actor=actor,
        action="panel.survey.create" if before is None else "panel.survey.replace_form",
        obj=survey,
        before=before,
        extra={"questions": len(questions), "scale_items": len(survey.layout)},
    )
    transaction.on_commit(lambda: search_index.refresh(survey))
    return survey


@dataclass(frozen=True)
class ImportResult:
    survey: Survey
    created: int
    sha256: str


def _read_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _("The file is not UTF-8 text."),
            errors=[field_error("", "invalid", str(error), row=1)],
        ) from error
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise InvalidInput(
            _("The file is empty."),
            errors=[field_error("", "required", _("No header row."), row=1)],
        )
    return rows[0], rows[1:]


def _column_name(header: str) -> str:
    # KoboToolbox can prefix group names ("section/question"); the last part is the name.
    return header.strip().rsplit("/", 1)[-1]


@transaction.atomic
def survey_import_responses(
    *, actor: Actor, survey: Survey, data: bytes, filename: str = "", is_demo: bool = False
) -> ImportResult:
    """Add the responses of a KoboToolbox-style CSV; refuse a file imported before.

    Each row is validated first; any bad cell raises InvalidInput naming its row (the file's
    line, the header being row 1) and column, and nothing is written.
    """
    require(actor, "panel.manage_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    before = audit.snapshot(survey)
    digest = hashlib.sha256(data).hexdigest()
    if ResponseImport.objects.filter(survey=survey, sha256=digest).exists():
        raise Conflict(
            _("This file has already been imported into this survey; nothing was added.")
        )
    questions = list(survey.questions.all())
    if not questions:
        raise InvalidState(_("Import the survey's form first."))
    by_name = {question.name: question for question in questions}
    header, rows = _read_rows(data)
    columns = [(index, by_name.get(_column_name(h)), h) for index, h in enumerate(header)]
    answered = [(index, q, h) for index, q, h in columns if q is not None and q.kind != "note"]
    submitted_column = next(
        (i for i, h in enumerate(header) if h.strip() == "_submission_time"), None
    )
    errors: list[dict[str, Any]] = []
    parsed: list[tuple[dict[str, Any], datetime.datetime]] = []
    now = timezone.now()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            errors.append(
                field_error(
                    "",
                    "invalid",
                    _("The row has more cells than the header."),
                    row=line,
                )
            )
            continue
        answers: dict[str, Any] = {}
        for index, question, column in answered:
            cell = row[index] if index < len(row) else ""
            value, problem = parse_value(question, cell)
            if problem:
                errors.append(field_error(column, "invalid", problem, row=line))
            elif value is not None:
                answers[question.name] = value
        submitted = now
        if (
            submitted_column is not None
            and submitted_column < len(row)
            and row[submitted_column].strip()
        ):
            try:
                submitted = datetime.datetime.fromisoformat(row[submitted_column].strip())
            except ValueError:
                errors.append(
                    field_error(
                        "_submission_time",
                        "invalid",
                        _("Not a date and time."),
                        row=line,
                    )
                )
            else:
                if timezone.is_naive(submitted):
                    submitted = timezone.make_aware(submitted, datetime.UTC)
        parsed.append((answers, submitted))
    if errors:
        first = errors[0]
        raise InvalidInput(
            _("Row %(row)s, column %(field)s: %(message)s Nothing was imported.")
            % field_error(
                first["field"] or "-",
                "invalid",
                first["message"],
                row=first["row"],
            ),
            errors=errors,
        )
    source = ResponseImport.objects.create(
        survey=survey, sha256=digest, filename=filename[:255], rows=len(parsed)
    )
    coder = Coder.for_survey(survey, questions)
    Response.objects.bulk_create(
        (
            Response(
                survey=survey,
                form_version=survey.form_version,
                source=source,
                submitted_at=submitted,
                answers=answers,
                is_demo=is_demo,
            )
            for answers, submitted in parsed
        ),
        batch_size=BATCH,
    )
    _append_blocks(survey, (coder.encode(answers) for answers, _submitted in parsed))
    _tally_responses(survey, questions, (answers for answers, _submitted in parsed))
    _save_counts(survey, coder)
    audit.record(
        actor=actor,
        action="panel.survey.import_responses",
        obj=survey,
        before=before,
        extra={"file": filename, "sha256": digest, "responses": len(parsed)},
    )
    return ImportResult(survey=survey, created=len(parsed), sha256=digest)


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
    _append_blocks(survey, [coder.encode(kept)])
    _tally_responses(survey, questions, [kept])
    _save_counts(survey, coder)
    invitation.submitted_at = timezone.now()
    invitation.draft = {}
    invitation.save(update_fields=["draft", "submitted_at", "updated_at"])
    audit.record(actor=actor, action="panel.invitation.submit", obj=invitation, before=before)
    return invitation

"""Responses imported from a KoboToolbox-style CSV export."""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, field_error
from aigov.panel.coding import Coder, parse_value
from aigov.panel.models import (
    Response,
    ResponseImport,
    Survey,
)
from aigov.panel.services.counts import BATCH, append_blocks, save_counts, tally_responses


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
    append_blocks(survey, (coder.encode(answers) for answers, _submitted in parsed))
    tally_responses(survey, questions, (answers for answers, _submitted in parsed))
    save_counts(survey, coder)
    audit.record(
        actor=actor,
        action="panel.survey.import_responses",
        obj=survey,
        before=before,
        extra={"file": filename, "sha256": digest, "responses": len(parsed)},
    )
    return ImportResult(survey=survey, created=len(parsed), sha256=digest)

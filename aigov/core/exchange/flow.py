"""Import and export a registered dataset.

An import reads the whole file, validates every row and collects every problem by row and
field; only a file without problems is applied, all rows in one transaction, through the
module's services as the actor. A problem raised while applying (a service refusing a row) is
reported the same way and rolls back every row. An export writes what the actor may see.
"""

import io
from collections.abc import Callable
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aigov.core.errors import DomainError, NotAllowed, NotAuthenticated, NotFound
from aigov.core.exchange.files import ParsedFile, file_format_for, read_file, write_file
from aigov.core.exchange.registry import Dataset, Importer, Outcome, dataset_get
from aigov.core.exchange.report import ImportReport, RowError

Progress = Callable[[str, int, int], None]  # progress(stage, done, total); stage: validate, apply


def dataset_import(
    *,
    actor: Any,
    slug: str,
    content: bytes,
    file_format: str | None = None,
    filename: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate every row of `content`, then write them all in one transaction; return the report.

    The format is `file_format`, else the extension of `filename`. A file over one of the
    import limits (settings AIGOV_*; see aigov.core.exchange.limits) or of another type is
    reported without reading its rows. Nothing is written when the report has errors, nor on
    `dry_run`. Raise NotFound for a dataset that cannot be imported,
    InvalidInput for an unknown format, NotAllowed when the actor may not write these records;
    any other exception while writing rolls back every row and propagates.
    """
    dataset = dataset_get(slug)
    if dataset.importer is None:
        raise NotFound(_("The dataset %(slug)s can be exported but not imported.") % {"slug": slug})
    importer = dataset.importer
    parsed = read_file(content, file_format_for(explicit=file_format, filename=filename))
    report = ImportReport(
        dataset=slug, rows=len(parsed.rows), dry_run=dry_run, errors=list(parsed.errors)
    )
    if parsed.is_refused or _header_errors(dataset, importer, parsed, report):
        return report
    cleaned = _validate_rows(dataset, importer, parsed, report, progress)
    if report.errors:
        return report
    _apply_rows(actor, importer, cleaned, report, progress)
    return report


def _header_errors(
    dataset: Dataset, importer: Importer, parsed: ParsedFile, report: ImportReport
) -> bool:
    """Report unknown and missing header columns; return whether the rows cannot be read."""
    if parsed.columns is None:
        return False
    known = {column.name for column in importer.columns}
    header = set(parsed.columns)
    for name in parsed.columns:
        if name and name not in known and name not in dataset.ignored_on_import:
            report.errors.append(_unknown_column(parsed.header_row, name, known))
    missing = [
        column.name for column in importer.columns if column.required and column.name not in header
    ]
    for name in missing:
        message = _("The required column %(column)s is missing; add it to the header row.") % {
            "column": name
        }
        report.errors.append(
            RowError(row=parsed.header_row, field=name, code="missing_column", message=message)
        )
    return bool(missing)


def _unknown_column(row: int | None, name: str, known: set[str]) -> RowError:
    message = _("%(column)s is not a column of this dataset; use only: %(columns)s.") % {
        "column": name,
        "columns": ", ".join(sorted(known)),
    }
    return RowError(row=row, field=name, code="unknown_column", message=message)


def _validate_rows(
    dataset: Dataset,
    importer: Importer,
    parsed: ParsedFile,
    report: ImportReport,
    progress: Progress | None,
) -> list[tuple[int, dict[str, Any]]]:
    """Validate each row with the importer's form; return (row number, cleaned values) pairs."""
    known = {column.name for column in importer.columns}
    cleaned_rows: list[tuple[int, dict[str, Any]]] = []
    seen_keys: dict[tuple[Any, ...], int] = {}
    # A row with a cell that has no value to read is reported for that cell alone.
    readable = [row for row in parsed.rows if row.number not in parsed.unreadable_rows]
    total = len(readable)
    for done, source in enumerate(readable, start=1):
        if parsed.columns is None:  # JSON: each object names its own columns
            report.errors.extend(
                _unknown_column(source.number, name, known)
                for name in source.values
                if name not in known and name not in dataset.ignored_on_import
            )
        values = {name: value for name, value in source.values.items() if name in known}
        form = importer.form(data=values)
        if not form.is_valid():
            for name, errors in form.errors.as_data().items():
                report.errors.extend(
                    _row_errors(source.number, None if name == "__all__" else name, errors)
                )
        else:
            cleaned = {name: value for name, value in form.cleaned_data.items() if name in values}
            key = tuple(cleaned.get(name) for name in importer.natural_key)
            if importer.natural_key and key in seen_keys:
                message = _(
                    "This row describes the same record as row %(row)d (same %(columns)s); keep "
                    "one of them."
                ) % {
                    "row": seen_keys[key],
                    "columns": ", ".join(importer.natural_key),
                }
                report.errors.append(
                    RowError(
                        row=source.number,
                        field=importer.natural_key[0],
                        code="duplicate",
                        message=message,
                    )
                )
            seen_keys.setdefault(key, source.number)
            cleaned_rows.append((source.number, cleaned))
        if progress is not None:
            progress("validate", done, total)
    return cleaned_rows


def _row_errors(row: int, field: str | None, errors: list[ValidationError]) -> list[RowError]:
    return [
        RowError(
            row=row, field=field, code=error.code or "invalid", message=" ".join(error.messages)
        )
        for error in errors
    ]


def _apply_rows(
    actor: Any,
    importer: Importer,
    cleaned_rows: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    """Write every row in one transaction; roll all of it back on any error or on a dry run."""
    total = len(cleaned_rows)
    with transaction.atomic():
        for done, (number, values) in enumerate(cleaned_rows, start=1):
            try:
                outcome = importer.apply(actor=actor, values=values)
            except (NotAllowed, NotAuthenticated):
                raise  # about the actor, not the row: stop at once
            except DomainError as refused:
                report.errors.extend(_domain_errors(number, refused))
            except ValidationError as invalid:
                for name, errors in _validation_errors(invalid).items():
                    report.errors.extend(_row_errors(number, name, errors))
            else:
                _count(report, outcome)
            if progress is not None:
                progress("apply", done, total)
        if report.errors or report.dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created = report.updated = report.unchanged = 0


def _count(report: ImportReport, outcome: Outcome) -> None:
    if outcome == Outcome.CREATED:
        report.created += 1
    elif outcome == Outcome.UPDATED:
        report.updated += 1
    else:
        report.unchanged += 1


def _domain_errors(row: int, refused: DomainError) -> list[RowError]:
    if not refused.errors:
        return [RowError(row=row, field=None, code=refused.code, message=str(refused.message))]
    return [
        RowError(
            row=row,
            field=error.get("field"),
            code=str(error.get("code") or refused.code),
            message=str(error.get("message") or refused.message),
        )
        for error in refused.errors
    ]


def _validation_errors(invalid: ValidationError) -> dict[str | None, list[ValidationError]]:
    if hasattr(invalid, "error_dict"):
        return {
            (None if name == "__all__" else name): list(errors)
            for name, errors in invalid.error_dict.items()
        }
    return {None: list(invalid.error_list)}


def dataset_export_to(*, actor: Any, slug: str, file_format: str, stream: BinaryIO) -> int:
    """Write the records of `slug` that `actor` may see to `stream`; return how many.

    Raise NotFound for a dataset that cannot be exported, InvalidInput for an unknown format.
    """
    dataset = dataset_get(slug)
    if dataset.exporter is None:
        raise NotFound(_("The dataset %(slug)s can be imported but not exported.") % {"slug": slug})
    exporter = dataset.exporter
    chosen = file_format_for(explicit=file_format)
    rows = (exporter.row(record) for record in exporter.records(actor=actor))
    return write_file(
        columns=exporter.columns, rows=rows, file_format=chosen, stream=stream, title=slug
    )


def dataset_export(*, actor: Any, slug: str, file_format: str) -> bytes:
    """Return the records of `slug` that `actor` may see as a file in `file_format`."""
    buffer = io.BytesIO()
    dataset_export_to(actor=actor, slug=slug, file_format=file_format, stream=buffer)
    return buffer.getvalue()

"""Reference data loading shared by every module.

Modules register a loader in their AppConfig.ready(); `aigov load-reference` runs them in the
order registered (taxonomy first). Each loader reads its files, validates every row, then
upserts by natural key in one transaction: a second run changes nothing, and an invalid file
changes nothing at all. Rows keep their source.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from aigov.core import audit

Progress = Callable[[str, int, int], None]


@dataclass
class RowProblem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field {self.field}: {self.message}"


class ReferenceDataError(Exception):
    """Raised with every problem found, before anything is written."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


@dataclass
class LoadReport:
    counts: dict[str, LoadCounts] = field(default_factory=dict)

    def for_kind(self, kind: str) -> LoadCounts:
        return self.counts.setdefault(kind, LoadCounts())


@dataclass(frozen=True)
class ReferenceLoader:
    name: str
    load: Callable[..., None]  # load(*, actor, report, progress, dry_run)


_loaders: list[ReferenceLoader] = []


def register_loader(name: str, load: Callable[..., None]) -> None:
    """Register a module's loader once (ready() may run more than once in tests)."""
    if all(existing.name != name for existing in _loaders):
        _loaders.append(ReferenceLoader(name=name, load=load))


def loaders() -> list[ReferenceLoader]:
    return list(_loaders)


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


def upsert(
    *,
    actor: Any,
    model: type[models.Model],
    key: dict[str, Any],
    values: dict[str, Any],
    counts: LoadCounts,
    action: str,
) -> models.Model:
    """Create or update one row by its natural key, auditing any change; return the row."""
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
        obj.full_clean(validate_unique=False)
        obj.save()
        audit.record(actor=actor, action=f"{action}.create", obj=obj)
        counts.created += 1
        return obj
    changed = [
        name
        for name, value in values.items()
        if _comparable(getattr(obj, name)) != _comparable(value)
    ]
    if not changed:
        counts.unchanged += 1
        return obj
    before = audit.snapshot(obj)
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean(validate_unique=False)
    obj.save(update_fields=changed)
    audit.record(actor=actor, action=f"{action}.update", obj=obj, before=before)
    counts.updated += 1
    return obj


@dataclass(frozen=True)
class UpsertStep:
    """One kind of record to upsert: its label in reports, model, audit action and natural key."""

    kind: str
    model: type[models.Model]
    action: str
    records: list[dict[str, Any]]
    key_fields: list[str]


def upsert_all(
    *, actor: Any, report: LoadReport, progress: Progress | None, steps: list[UpsertStep]
) -> None:
    """Upsert every record of every step in order, counting into `report` and showing progress."""
    for step in steps:
        counts = report.for_kind(step.kind)
        for record in report_progress(progress, step.kind, step.records):
            key = {name: record[name] for name in step.key_fields}
            values = {name: value for name, value in record.items() if name not in step.key_fields}
            upsert(
                actor=actor,
                model=step.model,
                key=key,
                values=values,
                counts=counts,
                action=step.action,
            )


def report_progress(progress: Progress | None, kind: str, items: Iterable[Any]) -> Iterable[Any]:
    """Yield items, telling `progress` how far along the kind is."""
    materialised = list(items)
    total = len(materialised)
    for index, item in enumerate(materialised, start=1):
        yield item
        if progress is not None:
            progress(kind, index, total)

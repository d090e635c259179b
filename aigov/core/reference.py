"""Reference data loading shared by every module.

Modules register a loader in their AppConfig.ready(); `aigov load-reference` runs them in the
order registered (taxonomy first). Each loader reads its files, validates every row, then
writes by natural key in one transaction; an invalid file changes nothing at all. Rows keep
their source.

A reload changes only what the files changed since the last load (issue 26): `SourceLoad`
keeps a digest of every row it read and of the values it wrote (`ReferenceRowState`). A row the
file has not changed is left alone, whatever its record holds now; a changed row is applied to a
record nobody has edited since, and reported as a conflict on a record someone has.
"""

import decimal
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from django.db import models
from django.utils import timezone

from aigov.core import audit
from aigov.core.models import ReferenceRowState

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
    conflicts: int = 0

    def __str__(self) -> str:
        text = f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"
        return f"{text}, conflicts {self.conflicts}" if self.conflicts else text


@dataclass(frozen=True)
class RowConflict:
    """A row the file changed whose record was edited through the services: kept as edited."""

    file: str
    key: str
    fields: list[str]  # what the file would change
    edited: list[str]  # what was edited since the last load (unknown before the first digest)

    def __str__(self) -> str:
        changes = ", ".join(self.fields)
        if self.edited:
            return (
                f"{self.file}, {self.key}: the file changes {changes}; kept as edited since "
                f"the last load ({', '.join(self.edited)})"
            )
        return (
            f"{self.file}, {self.key}: the file changes {changes}; kept as edited through "
            "the services"
        )


@dataclass
class LoadReport:
    counts: dict[str, LoadCounts] = field(default_factory=dict)
    conflicts: list[RowConflict] = field(default_factory=list)
    changed_sources: list[str] = field(default_factory=list)  # files changed since the last load

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
    """One kind of record to upsert: its label in reports, model, audit action and natural key.

    A step that names its `source` file is a reference load (`SourceLoad`: what operators
    edited since the last load stays); one without (an operator's import) upserts plainly.
    `related_fields` are many-to-many fields, given in the records as lists of keys.
    """

    kind: str
    model: type[models.Model]
    action: str
    records: list[dict[str, Any]]
    key_fields: list[str]
    source: str = ""
    related_fields: tuple[str, ...] = ()


def upsert_all(
    *, actor: Any, report: LoadReport, progress: Progress | None, steps: list[UpsertStep]
) -> None:
    """Upsert every record of every step in order, counting into `report` and showing progress."""
    for step in steps:
        if step.source:
            _load_step(actor=actor, report=report, progress=progress, step=step)
            continue
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


def _load_step(
    *, actor: Any, report: LoadReport, progress: Progress | None, step: UpsertStep
) -> None:
    plain = set(step.key_fields) | set(step.related_fields)
    with SourceLoad(
        actor=actor,
        report=report,
        kind=step.kind,
        model=step.model,
        action=step.action,
        source=step.source,
    ) as load:
        for record in report_progress(progress, step.kind, step.records):
            load.upsert(
                key={name: record[name] for name in step.key_fields},
                values={name: value for name, value in record.items() if name not in plain},
                related={name: record[name] for name in step.related_fields},
            )


# ---------------------------------------------------------------- loads that keep operators' edits


def _canonical(value: Any) -> Any:
    """Return `value` in a form whose JSON is the same for the file's value and the stored one."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def _digest(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _keys(values: Iterable[Any]) -> list[str]:
    """Return the keys of a many-to-many value, sorted (the order of a tag list is no change)."""
    return sorted(str(_comparable(value)) for value in values)


@dataclass(frozen=True)
class Loaded:
    """What `SourceLoad.upsert` did with one row; `record` is None when it left the row alone."""

    outcome: str  # "created", "updated", "unchanged" or "conflict"
    record: models.Model | None = None

    @property
    def is_written(self) -> bool:
        return self.outcome in {"created", "updated"}


class SourceLoad:
    """Load one kind of record from one reference source, keeping what operators edited.

    Use as a context manager: on a clean exit it stores the digests of this load. For each row:
    - the file row is unchanged since the last load: leave the record alone;
    - no record yet: create it;
    - the record already holds the file's values: nothing to write;
    - the file changed the row and the record still holds what the last load wrote (or, before
      the first digest, nobody but the loads ever wrote it): apply the file's values;
    - otherwise: a conflict, reported with the fields involved; the record is not touched and
      the conflict is reported again at every load until the record and the file agree.
    """

    def __init__(
        self,
        *,
        actor: Any,
        report: LoadReport,
        kind: str,
        model: type[models.Model],
        action: str,
        source: str,
    ) -> None:
        self.actor, self.report, self.model = actor, report, model
        self.action, self.source = action, source
        self.counts = report.for_kind(kind)
        self.states = {
            state.key: state for state in ReferenceRowState.objects.filter(source=action)
        }
        self.seen: list[str] = []
        self.changed_states: dict[str, ReferenceRowState] = {}
        self.loaded_at = timezone.now()

    def __enter__(self) -> "SourceLoad":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()

    def upsert(
        self,
        *,
        key: dict[str, Any],
        values: dict[str, Any],
        related: dict[str, list[Any]] | None = None,
        set_related: Callable[[models.Model], bool] | None = None,
    ) -> Loaded:
        """Create, update or leave one record by its natural key; return what was done.

        `related` holds many-to-many values (lists of keys) that count as part of the row;
        `set_related(record)` writes them (auditing itself), else they are set here and
        recorded in the record's audit entry.
        """
        related = related or {}
        key_text = " / ".join(str(_canonical(value)) for value in key.values())
        file_digests = {name: _digest(value) for name, value in values.items()}
        file_digests.update({name: _digest(_keys(value)) for name, value in related.items()})
        digest = _digest(file_digests)
        self.seen.append(f"{key_text}\x1f{digest}")
        state = self.states.get(key_text)
        if state is not None and state.digest == digest:
            self.counts.unchanged += 1
            return Loaded("unchanged")
        record = self.model._default_manager.filter(**key).first()
        if record is None:
            record = self.model(**key, **values)
            record.full_clean(validate_unique=False)
            record.save()
            extra = self._set_related(record, related, set_related)
            audit.record(actor=self.actor, action=f"{self.action}.create", obj=record, extra=extra)
            self._remember(key_text, digest, file_digests, record, values, related)
            self.counts.created += 1
            return Loaded("created", record)
        current = self._written(record, values, related, read_related=True)
        differing = [
            name
            for name, value in values.items()
            if _comparable(getattr(record, name)) != _comparable(value)
        ]
        differing += [
            name for name, wanted in related.items() if current[name] != _digest(_keys(wanted))
        ]
        if not differing:
            self._remember(key_text, digest, file_digests, record, values, related)
            self.counts.unchanged += 1
            return Loaded("unchanged", record)
        if state is None:
            edited: list[str] = []
            is_edited = audit.edited_by_others(record, actor=self.actor)
        else:
            edited = [
                name
                for name, written in state.written_digests.items()
                if name in current and current[name] != written
            ]
            is_edited = bool(edited)
        if is_edited:
            changes = [
                name
                for name in differing
                if state is None or state.field_digests.get(name) != file_digests[name]
            ]
            self.report.conflicts.append(
                RowConflict(self.source, key_text, changes or differing, edited)
            )
            self.counts.conflicts += 1
            return Loaded("conflict")
        self._apply(record, values, related, set_related, differing)
        self._remember(key_text, digest, file_digests, record, values, related)
        self.counts.updated += 1
        return Loaded("updated", record)

    def _apply(
        self,
        record: models.Model,
        values: dict[str, Any],
        related: dict[str, list[Any]],
        set_related: Callable[[models.Model], bool] | None,
        differing: list[str],
    ) -> None:
        before = audit.snapshot(record)
        fields = [name for name in differing if name in values]
        for name in fields:
            setattr(record, name, values[name])
        if fields:
            record.full_clean(validate_unique=False)
            record.save(update_fields=fields)
        extra = self._set_related(record, related, set_related)
        if fields or extra:
            audit.record(
                actor=self.actor,
                action=f"{self.action}.update",
                obj=record,
                before=before,
                extra=extra,
            )

    def _set_related(
        self,
        record: models.Model,
        related: dict[str, list[Any]],
        set_related: Callable[[models.Model], bool] | None,
    ) -> dict[str, Any] | None:
        """Write the many-to-many values; return what changed, for the audit entry."""
        if set_related is not None:
            set_related(record)
            return None
        changes = {}
        for name, wanted in related.items():
            manager = getattr(record, name)
            before = _keys(manager.values_list("pk", flat=True))
            if before != _keys(wanted):
                manager.set([_comparable(value) for value in wanted])
                changes[name] = {"before": before, "after": _keys(wanted)}
        return changes or None

    def _written(
        self,
        record: models.Model,
        values: dict[str, Any],
        related: dict[str, list[Any]],
        *,
        read_related: bool,
    ) -> dict[str, str]:
        """Return the digest of each of the row's fields as the record holds it."""
        digests = {name: _digest(getattr(record, name)) for name in values}
        for name, wanted in related.items():
            keys = getattr(record, name).values_list("pk", flat=True) if read_related else wanted
            digests[name] = _digest(_keys(keys))
        return digests

    def _remember(
        self,
        key_text: str,
        digest: str,
        file_digests: dict[str, str],
        record: models.Model,
        values: dict[str, Any],
        related: dict[str, list[Any]],
    ) -> None:
        state = self.states.get(key_text) or ReferenceRowState(source=self.action, key=key_text)
        state.digest, state.field_digests = digest, file_digests
        # After a write the record holds the file's related values: no need to read them back.
        state.written_digests = self._written(record, values, related, read_related=False)
        state.loaded_at = self.loaded_at
        self.states[key_text] = state
        self.changed_states[key_text] = state

    def finish(self) -> None:
        """Store the digests of this load, and note the source if it changed since the last."""
        # Sorted: reordering a file changes none of its rows.
        whole = hashlib.sha256("\n".join(sorted(self.seen)).encode()).hexdigest()
        source_state = self.states.get("") or ReferenceRowState(source=self.action, key="")
        if source_state.digest != whole:
            if self.source not in self.report.changed_sources:
                self.report.changed_sources.append(self.source)
            source_state.digest, source_state.loaded_at = whole, self.loaded_at
            self.changed_states[""] = source_state
        states = self.changed_states.values()
        ReferenceRowState.objects.bulk_create([state for state in states if state.pk is None])
        ReferenceRowState.objects.bulk_update(
            [state for state in states if state.pk is not None],
            ["digest", "field_digests", "written_digests", "loaded_at"],
        )
        self.changed_states = {}


def report_progress(progress: Progress | None, kind: str, items: Iterable[Any]) -> Iterable[Any]:
    """Yield items, telling `progress` how far along the kind is."""
    materialised = list(items)
    total = len(materialised)
    for index, item in enumerate(materialised, start=1):
        yield item
        if progress is not None:
            progress(kind, index, total)

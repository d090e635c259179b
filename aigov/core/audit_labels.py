"""The audit log in words: actions, fields and values as a person reads them.

Every audit entry stores an action code (`<module>.<entity>.<verb>`) and, per changed field, the
values before and after as JSON. Modules register the words for their actions from their own
`audit_actions.py` (imported in AppConfig.ready()); a creation, change or deletion nobody
named reads "Created a record (change proposal)" from the model's verbose name. Field names
come from the models' verbose names, choice values from their labels, moments are shown to the
second in the reader's time zone. Nothing here reads a module's tables: a foreign key shows its key.
"""

import datetime
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from aigov.core.exchange.formulas import formula_escaped

_labels: dict[str, str | Promise] = {}

EMPTY = "—"
MOMENT = "%Y-%m-%d %H:%M:%S"


def register_actions(labels: dict[str, str | Promise]) -> None:
    """Register the words for audit actions: {"landscape.proposal.accept": _("Accepted …")}."""
    _labels.update(labels)


# The core's own: `aigov export --as` records who exported what (aigov/core/management).
register_actions({"core.dataset.export": gettext_lazy("Exported a dataset")})


def registered_actions() -> dict[str, str | Promise]:
    return dict(_labels)


def _model_of(entry: LogEntry) -> type[models.Model] | None:
    return entry.content_type.model_class()


def record_kind(model: type[models.Model] | None, fallback: str) -> str:
    """Return the kind of record in words ("Change proposal"), or `fallback` for a lost model."""
    return str(capfirst(model._meta.verbose_name)) if model is not None else fallback


def action_code(entry: LogEntry) -> str:
    return str((entry.additional_data or {}).get("action") or entry.get_action_display())


@functools.lru_cache(maxsize=1024)
def _model_named(code: str) -> type[models.Model] | None:
    """Return the model an action code names (`landscape.un_project.create`), if any."""
    parts = code.split(".")
    if len(parts) < 3:
        return None
    wanted = (parts[0], parts[1].replace("_", ""))
    for model in apps.get_models():
        if (model._meta.app_label, model._meta.model_name) == wanted:
            return model
    return None


_GENERIC = {
    "create": gettext_lazy("Created a record (%(kind)s)"),
    "update": gettext_lazy("Changed a record (%(kind)s)"),
    "delete": gettext_lazy("Deleted a record (%(kind)s)"),
}


def action_label(code: str, model: type[models.Model] | None = None) -> str:
    """Return an action in words: the module's own, else a creation, change or deletion of the
    kind of record (the entry's model, or the one the code names), else the code itself."""
    if code in _labels:
        return str(_labels[code])
    verb = code.rsplit(".", 1)[-1]
    if verb not in _GENERIC:
        return code
    model = model or _model_named(code)
    kind = str(model._meta.verbose_name) if model is not None else code.rsplit(".", 1)[0]
    return str(_GENERIC[verb]) % {"kind": kind}


def module_name(label: str) -> str:
    """Return a module's name in words from its app label (the label itself if unknown)."""
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


@dataclass(frozen=True)
class _FieldWords:
    """What the log needs of one field, in one language: its name and its choices' labels."""

    label: str
    choices: dict[Any, str]
    is_moment: bool


@functools.lru_cache(maxsize=4096)
def _field_words(
    model: type[models.Model] | None, attname: str, language: str | None
) -> _FieldWords:
    # Cached per language: a page or an export names the same few fields thousands of times.
    field = None
    if model is not None:
        field = next((f for f in model._meta.concrete_fields if f.attname == attname), None)
    if field is None:
        return _FieldWords(attname, {}, is_moment=False)
    choices = {value: str(label) for value, label in field.flatchoices} if field.choices else {}
    return _FieldWords(
        str(capfirst(field.verbose_name)),
        choices,
        is_moment=isinstance(field, models.DateTimeField),
    )


def field_label(model: type[models.Model] | None, attname: str) -> str:
    return _field_words(model, attname, get_language()).label


def _moment(text: str, zone: datetime.tzinfo) -> str:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(zone).strftime(MOMENT)


def value_text(
    model: type[models.Model] | None, attname: str, value: Any, zone: datetime.tzinfo
) -> str:
    """Return a stored value in words: a choice's label, yes or no, a moment in `zone`, the
    texts of a translated field by language, a list joined."""
    if value is None or value in ("", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    words = _field_words(model, attname, get_language())
    if words.choices and isinstance(value, (str, int)):
        return words.choices.get(value, str(value))
    if words.is_moment and isinstance(value, str):
        return _moment(value, zone)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text}" for key, text in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    """One audit entry as a person reads it."""

    pk: int
    moment: str  # to the second, in the reader's zone
    moment_iso: str  # ISO 8601 with the zone's offset
    person: str
    person_email: str
    action: str
    action_code: str
    module: str
    record_kind: str
    record: str
    record_id: str
    changes: list[Change]


def readable(entry: LogEntry, zone: datetime.tzinfo) -> ReadableEntry:
    """Return `entry` in words, its moments in `zone`."""
    model = _model_of(entry)
    code = action_code(entry)
    moment = entry.timestamp.astimezone(zone)
    changes = []
    for attname, pair in (entry.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else [None, pair]
        changes.append(
            Change(
                field=field_label(model, attname),
                before=value_text(model, attname, before, zone),
                after=value_text(model, attname, after, zone),
            )
        )
    actor = entry.actor
    return ReadableEntry(
        pk=entry.pk,
        moment=moment.strftime(MOMENT),
        moment_iso=moment.isoformat(timespec="seconds"),
        person=str(actor) if actor is not None else _("Nobody signed in"),
        person_email=actor.email if actor is not None else "",
        action=action_label(code, model),
        action_code=code,
        module=module_name(code.split(".", 1)[0]),
        record_kind=record_kind(
            model, f"{entry.content_type.app_label}.{entry.content_type.model}"
        ),
        record=entry.object_repr,
        record_id=str(entry.object_pk),
        changes=changes,
    )


def csv_header() -> list[str]:
    return [
        _("Time"),
        _("Time zone"),
        _("Person"),
        _("E-mail"),
        _("Action"),
        _("Action code"),
        _("Module"),
        _("Kind of record"),
        _("Record"),
        _("Record number"),
        _("Changes"),
    ]


def csv_rows(entries: QuerySet[LogEntry], zone: datetime.tzinfo) -> Iterator[list[str]]:
    """Yield the CSV rows of `entries` (header first), read in chunks, every cell kept from
    running as a spreadsheet formula; the changes of an entry are one cell, a line per field."""
    yield [formula_escaped(cell) for cell in csv_header()]
    zone_name = str(zone)
    for entry in entries.iterator(chunk_size=500):
        row = readable(entry, zone)
        changes = "\n".join(
            _("%(field)s: %(before)s → %(after)s")
            % {"field": change.field, "before": change.before, "after": change.after}
            for change in row.changes
        )
        cells = [
            row.moment_iso,
            zone_name,
            row.person,
            row.person_email,
            row.action,
            row.action_code,
            row.module,
            row.record_kind,
            row.record,
            row.record_id,
            changes,
        ]
        yield [formula_escaped(cell) for cell in cells]


def people_choices(people: Iterable[Any]) -> list[tuple[int, str]]:
    """Return (id, "Name (e-mail)") for a pick-list of the people in the log."""
    choices = []
    for person in people:
        name = str(person)
        label = name if name == person.email else f"{name} ({person.email})"
        choices.append((person.pk, label))
    return choices


def module_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Return (app label, module name) for the modules the action names belong to, by name."""
    labels = {code.split(".", 1)[0] for code in codes}
    return sorted(((label, module_name(label)) for label in labels), key=lambda pair: pair[1])


def action_choices(codes: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the action names in words, grouped under their module's name (<optgroup>s)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in codes:
        groups.setdefault(module_name(code.split(".", 1)[0]), []).append((code, action_label(code)))
    return [
        (group, sorted(actions, key=lambda pair: pair[1]))
        for group, actions in sorted(groups.items())
    ]

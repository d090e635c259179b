"""Demonstration data: generated records marked `is_demo`, added by `aigov demo load` and removed
by `aigov demo clear`.

Modules register a `DemoGenerator` from their AppConfig.ready(). A generator
- creates its records through the module's services with `is_demo=True`, acting as the actor it
  is given (the system actor), never as a demonstration user: the audit log is append-only and
  keeps every entry's actor, so a user named as an actor there could never be removed;
- is deterministic: it draws only from the `rng` it is given, seeded from `SEED` and its name,
  so a new generator does not change what the others make;
- is idempotent: it looks each record up by its natural key first and counts it as unchanged;
- gives records obviously generated names ("Demo focal point 3 (Kenya)") and e-mail addresses at
  `DEMO_EMAIL_DOMAIN`, placed in real countries from the reference data, and never states
  anything about a real person or organisation;
- lists in `models` the models whose `is_demo` rows it creates, in the order it creates them;
- may give a `clear(actor)` of its own, run before its models' rows are deleted, for records the
  generic deletion cannot remove (a fund's books, whose posted rows protect each other): it
  deletes them, audited, returns counts by model label, and raises InvalidState, deleting
  nothing, when real records hang on them.
- may name `after_clear(*, actor)`, run in the clearing transaction once every generator's
  records are gone, to bring figures derived from them back in line (compute's per-country
  usage, say).

`demo_clear` removes the `is_demo` rows of those models, generators in reverse order of
registration and models in reverse order, with the rows that belong to them (a demo user's role
assignments), each deletion audited, in one transaction. It refuses, changing nothing, when that
would delete or change anything that is not demonstration data: a real record pointing at a demo
one, reference data, or the audit log.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from auditlog.models import LogEntry
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from aigov.core import audit, authority
from aigov.core.errors import InvalidState
from aigov.core.models import DemoMarkedModel
from aigov.core.reference import LoadReport
from aigov.core.search import index as search_index
from aigov.core.search.registry import type_for_model

SEED = 2024
DEMO_EMAIL_DOMAIN = "demo.aigov.invalid"


@dataclass(frozen=True)
class DemoGenerator:
    """A module's generator: `load(*, actor, rng, report)` and the models it marks."""

    name: str
    load: Callable[..., None]
    models: tuple[type[DemoMarkedModel], ...]
    clear: Callable[..., Counter[str]] | None = None
    after_clear: Callable[..., None] | None = None


_generators: list[DemoGenerator] = []


def register_generator(generator: DemoGenerator) -> None:
    """Register a module's generator once (ready() may run more than once in tests)."""
    if all(existing.name != generator.name for existing in _generators):
        _generators.append(generator)


def generators() -> list[DemoGenerator]:
    """Return the generators in the order registered."""
    return list(_generators)


def demo_load(*, actor: Any, dry_run: bool = False) -> LoadReport:
    """Run every generator in one transaction; return what was created and what already was.

    A second run creates nothing. Raise NotAllowed unless `actor` may manage demonstration
    data (a system job for that purpose: an operator's task, not a user's action), and
    InvalidState when the reference data the generators place records in is missing.
    """
    authority.require(actor, "core.manage_demo_data")
    report = LoadReport()
    with transaction.atomic():
        for generator in generators():
            rng = random.Random(f"{SEED}:{generator.name}")  # noqa: S311  (no secret is drawn)
            generator.load(actor=actor, rng=rng, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def demo_clear(*, actor: Any, dry_run: bool = False) -> dict[str, int]:
    """Delete every demonstration record in one transaction; return counts by model label.

    Raise NotAllowed unless `actor` may manage demonstration data, and InvalidState, deleting
    nothing, when removing them would delete or change records that are not demonstration data.
    """
    authority.require(actor, "core.manage_demo_data")
    removed: Counter[str] = Counter()
    with transaction.atomic():
        for generator in reversed(generators()):
            if generator.clear is not None:
                removed.update(generator.clear(actor=actor))
            for model in reversed(generator.models):
                removed.update(_delete_demo_records(actor, model))
        for generator in reversed(generators()):
            if generator.after_clear is not None:
                generator.after_clear(actor=actor)
        if dry_run:
            transaction.set_rollback(True)
    return dict(removed)


def _describe(records: list[models.Model]) -> str:
    shown = [f"{record._meta.verbose_name} “{record}”" for record in records[:5]]
    if len(records) > 5:
        shown.append("…")
    return ", ".join(shown)


def _delete_demo_records(actor: Any, model: type[DemoMarkedModel]) -> Counter[str]:
    """Delete the demo rows of `model` with what belongs to them, auditing each deleted row."""
    records = list(model._default_manager.filter(is_demo=True))
    if not records:
        return Counter()
    collector = Collector(using=router.db_for_write(model))
    try:
        collector.collect(records)
    except (ProtectedError, RestrictedError) as blocked:
        found = getattr(blocked, "protected_objects", None) or getattr(
            blocked, "restricted_objects", []
        )
        raise InvalidState(
            _(
                "Demonstration records cannot be removed while these records refer to them: "
                "%(records)s."
            )
            % {"records": _describe(list(found))}
        ) from blocked
    doomed: dict[type[models.Model], list[models.Model]] = {
        related: list(instances) for related, instances in collector.data.items()
    }
    for queryset in collector.fast_deletes:
        doomed.setdefault(queryset.model, []).extend(queryset)
    _refuse_real_records(doomed, collector)
    removed: Counter[str] = Counter()
    for related, instances in doomed.items():
        action = f"{related._meta.app_label}.{related._meta.model_name}.delete"
        # The rows of a many-to-many table go with their record, whose own entry stands for
        # them (auditing them would also give these hidden tables content types of their own).
        for instance in [] if related._meta.auto_created else instances:
            audit.record(
                actor=actor,
                action=action,
                obj=instance,
                before=audit.snapshot(instance),
                extra={"reason": "demo clear"},
            )
        removed[related._meta.label] += len(instances)
    _forget_in_search(doomed)
    collector.delete()
    return removed


def _forget_in_search(doomed: dict[type[models.Model], list[models.Model]]) -> None:
    """Drop the search entries of the deleted records once the deletion is committed."""
    stale = [
        (related, instance.pk)
        for related, instances in doomed.items()
        if type_for_model(related) is not None
        for instance in instances
    ]

    def forget() -> None:
        for related, pk in stale:
            search_index.remove(related(pk=pk))

    if stale:
        transaction.on_commit(forget)


def _refuse_real_records(
    doomed: dict[type[models.Model], list[models.Model]], collector: Collector
) -> None:
    """Raise InvalidState if the deletion would delete or change anything but demonstration data."""
    real: list[models.Model] = []
    for related, instances in doomed.items():
        if related is LogEntry:
            real.extend(instances)
        elif issubclass(related, DemoMarkedModel):
            real.extend(
                instance for instance in instances if not getattr(instance, "is_demo", False)
            )
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            # django-stubs types each batch as one row; Django 5 stores querysets of rows.
            changed = list(cast("Iterable[models.Model]", batch))
            if field.model is LogEntry or not issubclass(field.model, DemoMarkedModel):
                real.extend(changed)
            else:
                real.extend(
                    instance for instance in changed if not getattr(instance, "is_demo", False)
                )
    if real:
        raise InvalidState(
            _(
                "Removing the demonstration records would also delete or change records that are "
                "not demonstration data: %(records)s. Detach those records first; nothing was "
                "removed."
            )
            % {"records": _describe(real)}
        )

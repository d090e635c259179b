"""The datasets modules offer for import and export, registered from their AppConfig.ready().

A dataset has a slug (`organisations`, `countries`) and an exporter, an importer, or both. The
exporter names its columns and the selector that returns the records the actor may see, so an
export never shows more than the module's pages would. The importer names a Django form that
validates one row (its fields are the importable columns) and an apply function that writes one
validated row through the module's services, as the actor.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from aigov.core.errors import NotFound


class Outcome(StrEnum):
    """What applying one row did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Column:
    """One importable column: its header, whether every row needs it, and what it holds."""

    name: str
    required: bool
    help_text: str


def _column_help(field: forms.Field) -> str:
    """Return what a column holds: the field's help, or for a date the format files use (a
    form's date field is a picker on a page, where no format needs saying)."""
    if field.help_text:
        return str(field.help_text)
    if isinstance(field, forms.DateField):
        return _("YYYY-MM-DD.")
    return ""


@dataclass(frozen=True)
class Exporter:
    """How to export a dataset.

    `records(actor=...)` is the module's selector, already narrowed to what the actor may see;
    `row(record)` gives the value of each of `columns` for one record.
    """

    columns: tuple[str, ...]
    records: Callable[..., Iterable[Any]]
    row: Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Importer:
    """How to import a dataset.

    `form` validates one row; its fields are the columns (a required field is a required
    column) and its `cleaned_data` is what `apply(actor=..., values=...)` receives, limited to the
    columns the file has, so a column left out of a file leaves that field unchanged.
    `natural_key` names the columns that identify a record: two rows with the same key are
    reported, since which of them wins would depend on their order.
    """

    form: type[forms.Form]
    apply: Callable[..., Outcome]
    natural_key: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(
            Column(name=name, required=field.required, help_text=_column_help(field))
            for name, field in self.form.base_fields.items()
        )


@dataclass(frozen=True)
class Dataset:
    slug: str
    label: Any  # a lazy translated string
    exporter: Exporter | None = None
    importer: Importer | None = None

    @property
    def ignored_on_import(self) -> frozenset[str]:
        """Return the export-only columns: ignored on import, so that an export re-imports."""
        if self.exporter is None or self.importer is None:
            return frozenset()
        return frozenset(self.exporter.columns) - {column.name for column in self.importer.columns}


_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    """Offer `dataset` for import and export (again with the same definition is a no-op).

    Raise ImproperlyConfigured when another definition already holds the slug.
    """
    existing = _datasets.get(dataset.slug)
    if existing is not None and existing != dataset:
        raise ImproperlyConfigured(f"Two modules register the dataset {dataset.slug!r}.")
    _datasets[dataset.slug] = dataset


def unregister_dataset(slug: str) -> None:
    """Withdraw a dataset (tests register their own and withdraw them afterwards)."""
    _datasets.pop(slug, None)


def datasets() -> list[Dataset]:
    """Return every registered dataset, by slug."""
    return [_datasets[slug] for slug in sorted(_datasets)]


def dataset_get(slug: str) -> Dataset:
    """Return the dataset registered as `slug`; raise NotFound naming the ones that exist."""
    try:
        return _datasets[slug]
    except KeyError as missing:
        raise NotFound(
            _("There is no dataset called %(slug)s; use one of: %(slugs)s.")
            % {"slug": slug, "slugs": ", ".join(sorted(_datasets))}
        ) from missing

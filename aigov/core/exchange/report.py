"""What an import found and did: problems by row and field, and counts."""

from dataclasses import dataclass, field
from typing import Any

from aigov.core.errors import InvalidInput, field_error


@dataclass(frozen=True)
class RowError:
    """One problem in an import file.

    `row` is the row as a person sees it: in CSV and XLSX the header is row 1, so the first record
    is row 2; in JSON the first object is row 1. It is None for a problem with the whole file.
    `field` is the column, or None for a problem with the whole row.
    """

    row: int | None
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Return the error in the shape of the API's problem `errors` list."""
        item = field_error(self.field, self.code, self.message, row=self.row)
        item.setdefault("row", None)  # the API's row errors always say which row, or none
        return item

    def __str__(self) -> str:
        place = [f"row {self.row}"] if self.row is not None else []
        place += [f"field {self.field}"] if self.field else []
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class ImportReport:
    """The result of one import.

    With errors nothing was written and the counts are zero. With `dry_run` the counts say what
    the import would have done, and nothing was written either.
    """

    dataset: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def is_applied(self) -> bool:
        """Return whether the rows were written (no error, not a dry run)."""
        return not self.errors and not self.dry_run

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"

    def raise_if_invalid(self) -> None:
        """Raise InvalidInput listing every error by row and field, if there is any."""
        if self.errors:
            raise InvalidInput(errors=[error.as_dict() for error in self.errors])

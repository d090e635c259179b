"""Domain errors, and the one shape every problem with input takes.

Each domain error carries a stable `code` for programs, an HTTP status for the API, and a
translated message for people. Problems with particular fields or rows are *error items*,
`{"field", "row", "code", "message"}`: services build them with `field_error()`, and
`error_items()` turns Django's and Pydantic's validation errors into the same items, so the API,
pages, imports and the command line all show one shape.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ErrorItem = dict[str, Any]


def field_error(field: str | None, code: str, message: Any, *, row: int | None = None) -> ErrorItem:
    """Return one error item: what is wrong (`message`, for people; `code`, for programs) with
    which `field` (dotted for nested ones) of which `row` (imports count from 1)."""
    item: ErrorItem = {"field": field, "code": code, "message": str(message)}
    if row is not None:
        item["row"] = row
    return item


def _normalised(items: Iterable[Mapping[str, Any]]) -> list[ErrorItem]:
    # Items come from field_error() (a test keeps hand-built ones out of the code base); one
    # without a code still reaches the client, as "invalid", rather than failing the request.
    return [
        field_error(
            item.get("field"),
            item.get("code") or "invalid",
            item.get("message", ""),
            row=item.get("row"),
        )
        for item in items
    ]


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(
        self, message: Any = None, *, errors: Iterable[Mapping[str, Any]] | None = None
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.errors = _normalised(errors or [])
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    code = "not_allowed"
    status = 403
    default_message = _("You are not allowed to do this.")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = _("Sign in, or send a valid API token, to do this.")


class NotFound(DomainError):
    """Raised for a missing record and for one the actor may not see, so existence never leaks."""

    code = "not_found"
    status = 404
    default_message = _("No such record.")


class InvalidState(DomainError):
    code = "invalid_state"
    status = 409
    default_message = _("The record is not in a state that allows this.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with an existing record.")


class InvalidInput(DomainError):
    """Input failed validation; `errors` lists each problem by row and field."""

    code = "invalid"
    status = 422
    default_message = _("The input is not valid; nothing was changed.")


_LOCATION_WORDS = {"body", "query", "path", "payload", "filters", "form", "header", "cookie"}


def _dotted(location: Iterable[Any]) -> str | None:
    parts = [str(part) for part in location if part not in _LOCATION_WORDS]
    return ".".join(parts) or None


def error_items(error: Exception) -> list[ErrorItem]:
    """Return the error items of a Django ValidationError, a Pydantic/ninja validation error
    (anything with `.errors` as a list of `{loc, type, msg}`) or a DomainError."""
    if isinstance(error, DomainError):
        return list(error.errors)
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [
                field_error(
                    None if field == "__all__" else field,
                    problem.code or "invalid",
                    " ".join(problem.messages),
                )
                for field, problems in error.error_dict.items()
                for problem in problems
            ]
        return [
            field_error(None, problem.code or "invalid", " ".join(problem.messages))
            for problem in error.error_list
        ]
    raw = getattr(error, "errors", None)
    listed = raw() if callable(raw) else raw
    if isinstance(listed, list):
        return [
            field_error(
                _dotted(item.get("loc", [])), item.get("type") or "invalid", item.get("msg", "")
            )
            for item in listed
        ]
    raise TypeError(f"Cannot describe {type(error).__name__} as error items.")

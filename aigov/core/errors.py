"""Domain errors: every rule a service enforces fails with one of these.

Each carries a stable `code` for programs, an HTTP status for the API, and a translated message
for people. Field-level problems use Django's ValidationError instead.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message: Any = None, *, errors: list[dict[str, Any]] | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.errors = errors or []
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

"""Input checks and helpers that the standards services share."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, field_error
from aigov.core.search import index as search_index
from aigov.standards.models import Standard


def _invalid(field: str, code: str, message: str) -> InvalidInput:
    """Return the error for one bad field (the API's `errors` list with a single entry)."""
    return InvalidInput(errors=[field_error(field, code, message)])


def _refresh_later(standard: Standard) -> None:
    transaction.on_commit(lambda: search_index.refresh(standard))


def _check_rationale(rationale: str) -> str:
    text = rationale.strip()
    if not text:
        raise _invalid("rationale", "required", _("Give the reasons for your position."))
    return text


def _participant(actor: Actor, perm: str, obj: Any, on_behalf_of: User | None) -> User:
    """Return who writes: the actor, or (demonstration data only) a participant it names.

    Only the demonstration-data job writes on behalf of another user, so the audit log keeps
    the job as the one who acted (see aigov.core.demo). Raise NotAllowed.
    """
    if on_behalf_of is None:
        require(actor, perm, obj)
        author = actor
    else:
        require(actor, "standards.write_on_behalf")
        require(on_behalf_of, perm, obj)
        author = on_behalf_of
    # The rules grant these permissions to signed-in participants only (no job holds them), so
    # the author is an account; the check keeps the type honest for the foreign key.
    if not isinstance(author, User):
        raise NotAllowed()
    return author


def _awaits_moderation(actor: Actor, perm: str) -> bool:
    """Whether what `actor` posts waits for moderation: it does unless they moderate themselves."""
    return not has(actor, perm)


def _set_hidden(
    *, actor: Actor, locked: Any, is_hidden: bool, note: str, action: str, unchanged: str
) -> Any:
    """Moderate a locked review or gap proposal: hide it, restore it, or (while it awaits
    moderation) keep it as it is; record the note and audit it as `action`. Raise InvalidState
    when the decision would change nothing."""
    if locked.is_hidden == is_hidden and not locked.awaits_moderation:
        raise InvalidState(unchanged)
    before = audit.snapshot(locked)
    locked.is_hidden, locked.moderation_note = is_hidden, note
    locked.awaits_moderation = False
    locked.save(update_fields=["is_hidden", "moderation_note", "awaits_moderation", "updated_at"])
    audit.record(actor=actor, action=action, obj=locked, before=before)
    return locked

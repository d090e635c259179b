"""How core asks the permission mechanism without importing it.

Core is the lowest layer (core → taxonomy → accounts → modules), yet a few of its services
(demonstration data, the audit log) must ask whether an actor may act. The accounts app
installs its `access.has` here when Django starts; core calls `require` and never imports
accounts.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from aigov.core.errors import NotAllowed

Check = Callable[[Any, str, Any], bool]
_check: Check | None = None


def install(check: Check) -> None:
    """Install the permission check (called by the accounts app's ready())."""
    global _check
    _check = check


def allows(actor: Any, perm: str, obj: Any = None) -> bool:
    """Return whether `actor` may do `perm` to `obj`, as the accounts rules say."""
    if _check is None:
        raise ImproperlyConfigured("aigov.accounts is not installed: no permission mechanism.")
    return _check(actor, perm, obj)


def require(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise NotAllowed unless `actor` may do `perm` to `obj`."""
    if not allows(actor, perm, obj):
        raise NotAllowed()

"""Who a write acts as. `aigov demo load` writes demonstration projects, requests, decisions
and jobs as the system's demonstration job (never as a demonstration user: the audit log keeps
every entry's actor), in the stead of the demonstration users the records name; it may do so on
demonstration records only. Everyone else is asked the module's rule as usual."""

from typing import Any

from aigov.accounts.access import Actor, account_required, has, require
from aigov.accounts.models import User
from aigov.core.errors import NotAllowed


def require_or_demo(actor: Actor, perm: str, record: Any, *, is_demo: bool) -> None:
    """Allow the demonstration job on a demonstration record; ask `perm` of anyone else."""
    if is_demo and has(actor, "compute.load_demo"):
        return
    require(actor, perm, record)


def acting_account(actor: Actor, on_behalf_of: User | None, *, is_demo: bool) -> User:
    """The account a record names as its author: the actor's own, or, for the demonstration
    job writing a demonstration record, the demonstration user it names."""
    if on_behalf_of is None:
        return account_required(actor)
    if not (is_demo and on_behalf_of.is_demo and has(actor, "compute.load_demo")):
        raise NotAllowed()
    return on_behalf_of

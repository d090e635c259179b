"""Reads of credentials: listing, verification and the revocation status list."""

import uuid
from typing import Any

from django.db.models import QuerySet

from aigov.accounts.access import Actor, scope
from aigov.capacity import credentials
from aigov.capacity.models import Credential
from aigov.core.errors import NotFound


def credential_list(*, actor: Actor) -> QuerySet[Credential]:
    """Return the credentials `actor` may see, newest first: their own (the secretariat: all)."""
    visible = scope(actor, "capacity.view_credential", Credential.objects.all())
    return visible.select_related("offering").order_by("-created_at", "pk")


def credential_get_by_id(*, credential_id: str, for_update: bool = False) -> Credential:
    """Return a credential by its `id` (urn:uuid:… or the UUID); raise NotFound.

    For the command line and services acting as the system; pages use credential_list.
    """
    raw = credential_id.strip().removeprefix("urn:uuid:")
    try:
        key = uuid.UUID(raw)
    except ValueError as bad:
        raise NotFound() from bad
    credentials_qs = Credential.objects.all()
    if for_update:
        credentials_qs = credentials_qs.select_for_update()
    credential = credentials_qs.filter(pk=key).first()
    if credential is None:
        raise NotFound()
    return credential


def revoked_status_indexes() -> set[int]:
    return set(
        Credential.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    )


def status_list_document() -> dict[str, Any]:
    """Return the signed Bitstring Status List credential that is published."""
    return credentials.status_list_credential(revoked_status_indexes())


def credential_verify(*, document: Any) -> credentials.Verification:
    """Verify a credential anyone pasted: proof, issuer, dates and the published status list."""
    encoded = credentials.encode_status_list(revoked_status_indexes())
    return credentials.verify(document, revoked_list=encoded)


def credential_get(*, actor: Actor, pk: str) -> Credential:
    """Return one credential `actor` may see, by its UUID; raise NotFound otherwise."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError as bad:
        raise NotFound() from bad
    credential = credential_list(actor=actor).filter(pk=key).first()
    if credential is None:
        raise NotFound()
    return credential

"""/api/capacity/credentials: a learner's credentials, the status list and verification."""

import datetime
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors
from aigov.capacity.models import Credential
from aigov.core.api import Page

router = Router()


class CredentialOut(Schema):
    id: str
    offering: str
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    credential: dict[str, Any]

    @staticmethod
    def resolve_id(obj: Credential) -> str:
        return obj.urn

    @staticmethod
    def resolve_offering(obj: Credential) -> str:
        return obj.offering.slug

    @staticmethod
    def resolve_issued_at(obj: Credential) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_credential(obj: Credential) -> dict[str, Any]:
        return dict(obj.document)


class CredentialVerificationOut(Schema):
    valid: bool
    reason: str


@router.get(
    "/credentials",
    response=list[CredentialOut],
    auth=actor_auth,
    summary="My credentials",
    operation_id="capacity_credentials",
)
@paginate(Page)
def credential_list(request: HttpRequest) -> Any:
    return selectors.credential_list(actor=request.user)


@router.get(
    "/credentials/status-list",
    response=dict[str, Any],
    summary="The revocation list: a signed Bitstring Status List credential",
    operation_id="capacity_status_list",
)
def status_list(request: HttpRequest) -> Any:
    return selectors.status_list_document()


@router.post(
    "/credentials/verify",
    response=CredentialVerificationOut,
    summary="Verify a credential (send the credential's JSON as the body)",
    operation_id="capacity_credential_verify",
    openapi_extra={
        # Any body gets an answer of the same shape, so the document declares no constraint.
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": {"description": "An OpenBadgeCredential."}}},
        }
    },
)
def credential_verify(request: HttpRequest) -> Any:
    # The body is read as it came: a verifier must judge exactly the bytes it was given, and any
    # body — even one that is not JSON — gets an answer of the same shape.
    try:
        document = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"valid": False, "reason": _("The body is not JSON.")})
    return selectors.credential_verify(document=document).as_dict()

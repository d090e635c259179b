"""Open Badges 3.0 credentials: building, the Bitstring Status List, and verification.

A credential is an `OpenBadgeCredential` (Open Badges 3.0 on the W3C Verifiable Credentials
Data Model 2.0), signed by `aigov.capacity.signing`. Its `credentialStatus` is a
`BitstringStatusListEntry` pointing into the platform's revocation list, itself a signed
`BitstringStatusListCredential` (W3C Bitstring Status List v1.0): the bits are GZIP-compressed,
base64url-encoded without padding and prefixed with the multibase `u`; bit 0 is the most
significant bit of the first byte; the list holds 131,072 entries (the 16 KiB minimum the
specification sets, so that one entry cannot be told apart from the others).
"""

import base64
import datetime
import gzip
import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from aigov.capacity import signing

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = [VC_CONTEXT, OB_CONTEXT]
STATUS_LIST_SIZE = 131_072
STATUS_LIST_PATH = "/api/capacity/credentials/status-list"


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_url() -> str:
    return signing.public_url() + STATUS_LIST_PATH


def encode_status_list(revoked_indexes: set[int]) -> str:
    """Return the multibase (`u`, base64url) GZIP-compressed bitstring with those bits set."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def status_bit(encoded_list: str, index: int) -> bool:
    """Return the bit at `index` of a multibase-encoded list; raise ValueError if malformed."""
    if not encoded_list.startswith("u"):
        raise ValueError("not a multibase base64url value")
    body = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    if not 0 <= index < len(bits) * 8:
        raise ValueError("index outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    revoked_indexes: set[int], *, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """Return the signed revocation list credential published at STATUS_LIST_PATH."""
    url = status_list_url()
    document = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": signing.issuer_did(),
        "validFrom": _timestamp(now or datetime.datetime.now(tz=datetime.UTC)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked_indexes),
        },
    }
    return signing.sign(document, created=now)


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


@dataclass(frozen=True)
class Achievement:
    url: str
    name: str
    description: str
    criteria: str
    language: str


def build_credential(
    *,
    credential_id: str,
    recipient: Recipient,
    achievement: Achievement,
    status_index: int,
    issued_at: datetime.datetime,
) -> dict[str, Any]:
    """Return the unsigned OpenBadgeCredential for one learner and one achievement.

    The e-mail address is carried only as a salted SHA-256 hash (Open Badges' IdentityObject),
    so the badge proves who earned it to someone who knows the address without publishing it.
    """
    salt = hashlib.sha256(credential_id.encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((recipient.email.lower() + salt).encode()).hexdigest()
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": salt,
            "identityHash": f"sha256${email_hash}",
        }
    ]
    if recipient.name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": recipient.name,
            }
        )
    did = signing.issuer_did()
    return {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": did,
            "type": ["Profile"],
            "name": "aigov capacity development network",
            "url": signing.public_url(),
        },
        "validFrom": _timestamp(issued_at),
        "name": achievement.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement.url,
                "type": ["Achievement"],
                "name": achievement.name,
                "description": achievement.description or achievement.name,
                "criteria": {"narrative": achievement.criteria},
                "inLanguage": achievement.language,
            },
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url(),
        },
    }


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str
    credential_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "reason": self.reason}


def _parse_time(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _invalid(reason: str, credential_id: str = "") -> Verification:
    return Verification(valid=False, reason=reason, credential_id=credential_id)


def verify(
    document: Any, *, revoked_list: str, now: datetime.datetime | None = None
) -> Verification:
    """Return whether `document` is a genuine, current, unrevoked credential of this platform.

    `revoked_list` is the `encodedList` of the platform's published status list. Every failure
    is a Verification with the reason, never an exception.
    """
    now = now or datetime.datetime.now(tz=datetime.UTC)
    if not isinstance(document, dict):
        return _invalid(_("The credential is not a JSON object."))
    raw_id = document.get("id")
    credential_id = raw_id if isinstance(raw_id, str) else ""
    context = document.get("@context")
    if not isinstance(context, list) or context[:2] != CONTEXTS:
        return _invalid(
            _(
                "The @context does not begin with the Verifiable Credentials 2.0 and "
                "Open Badges 3.0 contexts."
            ),
            credential_id,
        )
    types = document.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "OpenBadgeCredential"} <= set(
        types
    ):
        return _invalid(_("The credential is not an OpenBadgeCredential."), credential_id)
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != signing.issuer_did():
        return _invalid(
            _("The issuer is not this platform (%(did)s).") % {"did": signing.issuer_did()},
            credential_id,
        )
    try:
        checked = signing.check_proof(document)
    except signing.ProofError as failed:
        return _invalid(
            _("The proof is not valid: %(problem)s.") % {"problem": failed}, credential_id
        )
    if not checked.verification_method.startswith(signing.issuer_did() + "#"):
        return _invalid(_("The proof was not made by the issuer's key."), credential_id)
    valid_from = _parse_time(document.get("validFrom"))
    if valid_from is None:
        return _invalid(_("The credential has no valid validFrom date."), credential_id)
    if valid_from > now:
        return _invalid(_("The credential is not valid yet."), credential_id)
    valid_until = _parse_time(document.get("validUntil")) if "validUntil" in document else None
    if "validUntil" in document and (valid_until is None or valid_until <= now):
        return _invalid(_("The credential has expired."), credential_id)
    status = document.get("credentialStatus")
    if not (
        isinstance(status, dict)
        and status.get("type") == "BitstringStatusListEntry"
        and status.get("statusPurpose") == "revocation"
        and status.get("statusListCredential") == status_list_url()
        and isinstance(status.get("statusListIndex"), str)
        and status["statusListIndex"].isdigit()
    ):
        return _invalid(
            _("The credential has no revocation status entry in this platform's status list."),
            credential_id,
        )
    try:
        revoked = status_bit(revoked_list, int(status["statusListIndex"]))
    except ValueError:
        return _invalid(_("The status list index is outside the list."), credential_id)
    if revoked:
        return _invalid(_("The credential has been revoked."), credential_id)
    return Verification(
        valid=True,
        reason=_(
            "The signature is valid, the issuer is this platform and the credential is not revoked."
        ),
        credential_id=credential_id,
    )

"""The platform's issuer identity: its Ed25519 key, its did:web document and Data Integrity proofs.

Credentials carry a W3C Data Integrity proof with the `eddsa-jcs-2022` cryptosuite (W3C "Data
Integrity EdDSA Cryptosuites v1.0", section 3.3): the document and the proof configuration are
canonicalised with JCS (RFC 8785, the `rfc8785` library), each hashed with SHA-256, and the two
hashes concatenated are signed with Ed25519 (the `cryptography` library). The public key is
published as a Multikey in the DID document of a `did:web` identifier derived from
`AIGOV_PUBLIC_URL`, served at `/.well-known/did.json`.

The key comes from `AIGOV_CREDENTIAL_KEY` (the 32-byte private seed, base64url) or, in the
embedded default, is generated once into `var/credential_ed25519.key` (like SECRET_KEY).
"""

import base64
import binascii
import datetime
import hashlib
import os
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_TYPE = "DataIntegrityProof"
KEY_FILE_NAME = "credential_ed25519.key"
# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded), as Multikey requires.
ED25519_PUBLIC_PREFIX = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

_lock = threading.Lock()
_cached: dict[str, Ed25519PrivateKey] = {}


class ProofError(Exception):
    """A proof that is malformed, made by an unknown key, or does not match the document."""


def base58btc_encode(raw: bytes) -> str:
    """Encode bytes in Bitcoin's base58 alphabet (the multibase `z` encoding; not cryptography)."""
    number = int.from_bytes(raw, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    """Decode base58btc text; raise ValueError on a character outside the alphabet."""
    number = 0
    for character in text:
        position = BASE58_ALPHABET.find(character)
        if position < 0:
            raise ValueError("not base58btc")
        number = number * 58 + position
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def public_url() -> str:
    return str(settings.AIGOV_PUBLIC_URL).rstrip("/")


def issuer_did() -> str:
    """Return `did:web:<host>` for AIGOV_PUBLIC_URL (a port's colon percent-encoded)."""
    return "did:web:" + quote(urlsplit(public_url()).netloc, safe="")


def verification_method_id() -> str:
    return f"{issuer_did()}#key-1"


def _load_or_create_key() -> Ed25519PrivateKey:
    configured = str(getattr(settings, "AIGOV_CREDENTIAL_KEY", "") or "")
    if configured:
        seed = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        return Ed25519PrivateKey.from_private_bytes(seed)
    path = settings.VAR_DIR / KEY_FILE_NAME
    try:
        # O_EXCL: two processes starting together cannot both write a different key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key.") from None
        return loaded
    key = Ed25519PrivateKey.generate()
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return key


def platform_key() -> Ed25519PrivateKey:
    """Return the platform's signing key (loaded once per process)."""
    with _lock:
        if "key" not in _cached:
            _cached["key"] = _load_or_create_key()
        return _cached["key"]


def forget_key() -> None:
    """Drop the cached key (tests that change the key setting call this)."""
    with _lock:
        _cached.clear()


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_PUBLIC_PREFIX + raw)


def did_document() -> dict[str, Any]:
    """Return the DID document published at /.well-known/did.json."""
    did, method = issuer_did(), verification_method_id()
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(platform_key().public_key()),
            }
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }


def _resolve(method_id: str) -> Ed25519PublicKey:
    """Return the public key of a verification method this platform publishes.

    Only our own did:web is resolved, from the same document we publish: a verifier that fetched
    other issuers' documents would make requests wherever a pasted credential pointed.
    """
    for method in did_document()["verificationMethod"]:
        if method["id"] == method_id:
            raw = base58btc_decode(method["publicKeyMultibase"][1:])
            return Ed25519PublicKey.from_public_bytes(raw[len(ED25519_PUBLIC_PREFIX) :])
    raise ProofError("unknown verification method")


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return (
        hashlib.sha256(rfc8785.dumps(proof_config)).digest()
        + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    )


def _proof_config(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def proof_value(document: dict[str, Any], proof: dict[str, Any], key: Ed25519PrivateKey) -> str:
    """Return the eddsa-jcs-2022 `proofValue` (multibase base58btc) for `document` and `proof`."""
    return "z" + base58btc_encode(key.sign(_hash_data(document, _proof_config(document, proof))))


def sign(
    document: dict[str, Any],
    *,
    key: Ed25519PrivateKey | None = None,
    created: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Return `document` with an eddsa-jcs-2022 Data Integrity proof by the platform's key."""
    created = created or datetime.datetime.now(tz=datetime.UTC)
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method_id(),
        "proofPurpose": "assertionMethod",
    }
    proof["proofValue"] = proof_value(document, proof, key or platform_key())
    return {**{k: v for k, v in document.items() if k != "proof"}, "proof": proof}


@dataclass(frozen=True)
class CheckedProof:
    verification_method: str
    created: str


def check_proof(document: dict[str, Any]) -> CheckedProof:
    """Check the document's eddsa-jcs-2022 proof; raise ProofError saying what is wrong."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the credential has no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"the proof is not a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof purpose is not assertionMethod")
    method = proof.get("verificationMethod")
    value = proof.get("proofValue")
    if not isinstance(method, str) or not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("the proof lacks a verification method or a base58btc proof value")
    public_key = _resolve(method)
    try:
        signature = base58btc_decode(value[1:])
        hash_data = _hash_data(document, _proof_config(document, proof))
        public_key.verify(signature, hash_data)
    except (InvalidSignature, ValueError, TypeError, binascii.Error) as failed:
        raise ProofError("the signature does not match the credential") from failed
    except rfc8785.CanonicalizationError as failed:
        raise ProofError("the credential cannot be canonicalised (JCS)") from failed
    return CheckedProof(verification_method=method, created=str(proof.get("created", "")))

"""Open Badges 3.0 credentials: signing per the W3C vectors, verification, revocation, commands."""

import base64
import copy
import gzip
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import credentials, selectors, services, signing
from aigov.capacity.models import Credential
from aigov.capacity.tests.factories import make_course
from aigov.core.errors import Conflict, InvalidState, NotAllowed

pytestmark = pytest.mark.django_db

NAMES = ["أمينة الحسن", "李明", "Анна Петрова", "José Ñúñez"]


@pytest.fixture
def credential():
    learner = UserFactory(role="learner", email="amina@example.org", display_name=NAMES[0])
    return services.credential_issue(
        actor=UserFactory(role="secretariat"), learner=learner, offering=make_course()
    )


def test_eddsa_jcs_2022_reproduces_the_w3c_test_vector():
    # W3C Data Integrity EdDSA Cryptosuites v1.0, test vectors for eddsa-jcs-2022: Ed25519 is
    # deterministic, so the same key, document and options must give the published proofValue.
    secret = signing.base58btc_decode("3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
    assert secret[:2] == b"\x80\x26"
    key = Ed25519PrivateKey.from_private_bytes(secret[2:])
    public = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    assert signing.public_key_multibase(key.public_key()) == public
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    }
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": f"did:key:{public}#{public}",
        "proofPurpose": "assertionMethod",
    }
    assert signing.proof_value(document, proof, key) == (
        "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
    )


def test_base58btc_round_trips_leading_zeros():
    for raw in [b"", b"\0", b"\0\0\x01\xff", bytes(range(64))]:
        assert signing.base58btc_decode(signing.base58btc_encode(raw)) == raw


def test_an_issued_credential_is_an_open_badge_that_verifies(credential):
    document = credential.document
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == credential.urn
    assert document["issuer"]["id"] == signing.issuer_did()
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["credentialStatus"]["statusListIndex"] == str(credential.status_index)
    identity = document["credentialSubject"]["identifier"]
    assert "amina@example.org" not in json.dumps(identity)  # hashed with a salt
    assert identity[1]["identityHash"] == NAMES[0]
    result = selectors.credential_verify(document=document)
    assert result.valid, result.reason


@pytest.mark.parametrize("name", NAMES)
def test_credentials_with_non_latin_names_verify(name):
    learner = UserFactory(role="learner", display_name=name)
    issued = services.credential_issue(
        actor=UserFactory(role="secretariat"),
        learner=learner,
        offering=make_course(titles={"en": "Course", "ar": "دورة", "zh-hans": "课程"}),
    )
    # Through a JSON round trip, as a wallet or a file would carry it.
    document = json.loads(json.dumps(issued.document, ensure_ascii=False))
    assert selectors.credential_verify(document=document).valid


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), "Another course"),
        (("credentialSubject", "achievement", "name"), "Advanced AI governance"),
        (("credentialSubject", "identifier", 1, "identityHash"), "Somebody Else"),
        (("validFrom",), "2020-01-01T00:00:00Z"),
        (("credentialStatus", "statusListIndex"), "7"),
    ],
)
def test_changing_any_field_breaks_the_signature(credential, path, value):
    altered = copy.deepcopy(credential.document)
    target = altered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    result = selectors.credential_verify(document=altered)
    assert not result.valid
    assert "signature does not match" in result.reason


def test_a_revoked_credential_fails(credential):
    assert selectors.credential_verify(document=credential.document).valid
    services.credential_revoke(
        actor=UserFactory(role="secretariat"), credential_id=credential.urn, reason="test"
    )
    result = selectors.credential_verify(document=credential.document)
    assert not result.valid and "revoked" in result.reason
    with pytest.raises(InvalidState):
        services.credential_revoke(
            actor=UserFactory(role="secretariat"), credential_id=credential.urn
        )


def test_a_credential_signed_with_another_key_fails(credential):
    forged = signing.sign(credential.document, key=Ed25519PrivateKey.generate())
    assert forged["proof"]["verificationMethod"] == signing.verification_method_id()
    result = selectors.credential_verify(document=forged)
    assert not result.valid and "signature does not match" in result.reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.pop("proof"), "no proof"),
        (lambda d: d["proof"].update(cryptosuite="eddsa-rdfc-2022"), "cryptosuite"),
        (lambda d: d["issuer"].update(id="did:web:elsewhere.example"), "issuer is not"),
        (lambda d: d["proof"].update(verificationMethod="did:web:x#key-1"), "unknown verification"),
        (lambda d: d.update({"@context": ["https://www.w3.org/2018/credentials/v1"]}), "@context"),
        (lambda d: d["proof"].update(proofValue="z0OIl"), "signature does not match"),
    ],
)
def test_malformed_credentials_fail_with_a_reason(credential, change, reason):
    document = copy.deepcopy(credential.document)
    change(document)
    result = selectors.credential_verify(document=document)
    assert not result.valid and reason in result.reason


def test_only_the_secretariat_issues_and_revokes_by_hand(credential):
    learner = UserFactory(role="learner")
    with pytest.raises(NotAllowed):
        services.credential_issue(actor=learner, learner=learner, offering=make_course())
    with pytest.raises(NotAllowed):
        services.credential_revoke(actor=learner, credential_id=credential.urn)
    with pytest.raises(Conflict):
        services.credential_issue(
            actor=UserFactory(role="secretariat"),
            learner=credential.learner,
            offering=credential.offering,
        )


def test_status_list_follows_the_bitstring_status_list_encoding(credential):
    encoded = credentials.encode_status_list({0, 9, 131_071})
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) == 16_384  # 131,072 bits, the specification's minimum
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000 and raw[-1] == 0b0000_0001
    assert credentials.status_bit(encoded, 9) and not credentials.status_bit(encoded, 8)


def test_published_status_list_and_did_document(client: Client, credential):
    services.credential_revoke(actor=UserFactory(role="secretariat"), credential_id=credential.urn)
    status = client.get("/api/capacity/credentials/status-list").json()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status["id"] == credential.document["credentialStatus"]["statusListCredential"]
    signing.check_proof(status)  # signed by the platform too
    assert credentials.status_bit(
        status["credentialSubject"]["encodedList"], credential.status_index
    )

    did = client.get("/.well-known/did.json").json()
    assert did["id"] == signing.issuer_did() == credential.document["issuer"]["id"]
    method = did["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert did["assertionMethod"] == [credential.document["proof"]["verificationMethod"]]


def test_verify_api_answers_exactly_valid_and_reason(client: Client, credential):
    def post(body):
        return client.post(
            "/api/capacity/credentials/verify", body, content_type="application/json"
        )

    good = post(json.dumps(credential.document, ensure_ascii=False))
    assert good.status_code == 200 and good.json()["valid"] is True
    assert set(good.json()) == {"valid", "reason"}
    altered = copy.deepcopy(credential.document)
    altered["name"] = "Forged"
    bad = post(json.dumps(altered)).json()
    assert (
        bad["valid"] is False and "signature" in bad["reason"] and set(bad) == {"valid", "reason"}
    )
    assert post("not json").json() == {"valid": False, "reason": "The body is not JSON."}
    assert post("[1, 2]").json()["valid"] is False


def test_commands_issue_verify_and_revoke(tmp_path, capsys):
    learner = UserFactory(role="learner", email="li@example.org", display_name=NAMES[1])
    course = make_course(slug="cli-course")
    call_command(
        "capacity", "credential", "issue", "--email", "LI@example.org", "--offering", "cli-course"
    )
    document = json.loads(capsys.readouterr().out)
    assert document["credentialSubject"]["achievement"]["name"] == str(course)
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    call_command("capacity", "credential", "verify", str(path))
    assert capsys.readouterr().out.strip() == "valid"

    call_command("capacity", "credential", "revoke", document["id"])
    assert Credential.objects.get(learner=learner).revoked_at is not None
    with pytest.raises(CommandError, match="revoked"):
        call_command("capacity", "credential", "verify", str(path))
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("capacity", "credential", "verify", str(path))
    with pytest.raises(CommandError, match="No user"):
        call_command(
            "capacity", "credential", "issue", "--email", "x@y.z", "--offering", "cli-course"
        )
    with pytest.raises(CommandError):
        call_command("capacity", "credential", "revoke", "urn:uuid:not-a-uuid")

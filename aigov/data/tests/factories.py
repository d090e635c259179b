"""Factories for the data module: valid defaults; records go through the services so the
rules and validation apply."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import OrganisationFactory, UserFactory
from aigov.data import services

# The policy of issue 22's "Done when": non-commercial research in African Group countries,
# commercial use prohibited; attribution and deletion after the term are duties.
AFRICAN_RESEARCH_POLICY: dict[str, Any] = {
    "@context": "http://www.w3.org/ns/odrl.jsonld",
    "@type": "Set",
    "permission": [
        {
            "uid": "research-in-africa",
            "action": "use",
            "constraint": [
                {
                    "leftOperand": "purpose",
                    "operator": "isAnyOf",
                    "rightOperand": ["non_commercial_research", "model_training"],
                },
                {"leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "African"},
            ],
            "duty": [{"action": "attribute"}, {"action": "delete_after_term"}],
        }
    ],
    "prohibition": [
        {
            "uid": "no-commercial-use",
            "action": "use",
            "constraint": [
                {"leftOperand": "purpose", "operator": "eq", "rightOperand": "commercial_use"}
            ],
        }
    ],
}


def trustee(**kwargs: Any) -> Any:
    return UserFactory(role=Role.DATA_TRUSTEE, **kwargs)


def secretariat() -> Any:
    return UserFactory(role=Role.SECRETARIAT)


def make_trust(by: Any, *, slug: str = "health-trust", members: tuple[Any, ...] = ()) -> Any:
    return services.trust_create(
        actor=by,
        slug=slug,
        name="East African health data trust",
        trustee=OrganisationFactory(),
        members=list(members),
        governing_rules="Requests are decided within 30 days.",
    )


def make_dataset(by: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "title": "Swahili clinical notes",
        "description": "De-identified clinical notes in Swahili and English.",
        "license": "CC-BY-4.0",
        "access": "restricted",
        "languages": ["sw", "en"],
        "countries": ["KEN", "TZA"],
        "policy": AFRICAN_RESEARCH_POLICY,
        "tasks": ["text_classification"],
        "sample": "patient_id,note\n1,homa kali",
        "rai": {"dataCollection": "Notes from three district hospitals.", "dataBiases": ["urban"]},
    }
    fields.update(overrides)
    return services.dataset_create(actor=by, **fields)


def csv_upload(name: str = "notes.csv", content: bytes = b"id,note\n1,homa\n") -> Any:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def stream(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)

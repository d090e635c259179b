"""The model data-sharing agreement (issue 22, item 3): clauses from one template, filled for a
request, frozen with the SHA-256 of the text that both sides accept.

The template is content, like a record's text, and stays in the language it was drafted in;
its version is stored with each agreement so that a later template never changes one signed.
"""

import hashlib
from dataclasses import dataclass

TEMPLATE_VERSION = "1"

TEMPLATE = """\
DATA ACCESS AGREEMENT (model clauses, version {version})

1. Parties. {trust} ("the provider") and {holder}{organisation} ("the recipient").
2. Data. "{dataset}" (catalogue record {dataset_ref}), licence {licence}.
3. Purposes. The recipient may use the data only for: {purposes}.
4. Place. The recipient uses the data from {country}; onward transfer to other countries
   needs the provider's written consent.
5. Term. From {starts_on} to {ends_on}. Access ends at once if the provider revokes it.
6. Duties. {duties}
7. Safeguards. The recipient does not try to identify any person in the data, keeps it secure,
   and reports any breach to the provider without delay.
8. Use policy. The ODRL policy {policy_uid} forms part of this agreement.
"""

DUTY_TEXTS = {
    "attribute": "Attribute the data to the provider in every publication and model card.",
    "share_results_back": "Share results and derived data back with the provider.",
    "delete_after_term": "Delete the data and every copy at the end of the term.",
}


@dataclass(frozen=True)
class AgreementText:
    text: str
    sha256: str
    version: str = TEMPLATE_VERSION


def agreement_fill(
    *,
    trust: str,
    holder: str,
    organisation: str,
    dataset: str,
    dataset_ref: str,
    licence: str,
    purposes: list[str],
    country: str,
    starts_on: str,
    ends_on: str,
    duties: list[str],
    policy_uid: str,
) -> AgreementText:
    """Return the template's clauses filled for one grant, and their hash."""
    text = TEMPLATE.format(
        version=TEMPLATE_VERSION,
        trust=trust,
        holder=holder,
        organisation=f" of {organisation}" if organisation else "",
        dataset=dataset,
        dataset_ref=dataset_ref,
        licence=licence,
        purposes=", ".join(purposes),
        country=country,
        starts_on=starts_on,
        ends_on=ends_on,
        duties=" ".join(DUTY_TEXTS[duty] for duty in duties) or "None beyond these clauses.",
        policy_uid=policy_uid or "(none)",
    )
    return AgreementText(text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())

"""The data module's vocabularies: purposes of use, duties, tasks, consent bases, PROV-O
relations and the Croissant RAI fields.

Purposes are one vocabulary (issue 22, "Interfaces"): the general terms of the GA4GH Data Use
Ontology (DUO) and an AI-purpose profile. A purpose that DUO names is also accepted as its DUO
IRI (http://purl.obolibrary.org/obo/DUO_0000046 or the CURIE DUO:0000046); the AI purposes DUO
has no term for are identified only by their slug.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

DUO_IRI = "http://purl.obolibrary.org/obo/DUO_"


@dataclass(frozen=True)
class Purpose:
    slug: str
    label: object  # a lazy translated string
    duo: str = ""  # "0000046" for DUO:0000046, or "" where DUO has no term
    # Slugs of the broader purposes this one is a case of (DUO's hierarchy: health research is
    # general research use): a permission for a broader purpose covers the narrower one.
    broader: tuple[str, ...] = ()

    @property
    def duo_iri(self) -> str:
        return f"{DUO_IRI}{self.duo}" if self.duo else ""


PURPOSES: tuple[Purpose, ...] = (
    # The AI-purpose profile (issue 22).
    Purpose("model_training", _("Model training")),
    Purpose("fine_tuning", _("Fine-tuning"), broader=("model_training",)),
    Purpose("evaluation_only", _("Evaluation only")),
    Purpose(
        "non_commercial_research",
        _("Non-commercial research"),
        duo="0000046",
        broader=("general_research_use",),
    ),
    Purpose("commercial_use", _("Commercial use")),
    Purpose("public_sector_use", _("Public-sector use")),
    # DUO's general terms of permitted use.
    Purpose("general_research_use", _("General research use"), duo="0000042"),
    Purpose(
        "health_research",
        _("Health, medical or biomedical research"),
        duo="0000006",
        broader=("general_research_use",),
    ),
    Purpose(
        "population_origins_research",
        _("Population origins or ancestry research"),
        duo="0000011",
        broader=("general_research_use",),
    ),
    Purpose("clinical_care_use", _("Clinical care use"), duo="0000043"),
    Purpose("not_for_profit_use", _("Use by not-for-profit organisations"), duo="0000045"),
)

PURPOSE_BY_SLUG = {purpose.slug: purpose for purpose in PURPOSES}


def purpose_slug(identifier: str) -> str | None:
    """Return the slug of a purpose given as its slug, DUO IRI or DUO CURIE; None if unknown."""
    text = identifier.strip()
    if text in PURPOSE_BY_SLUG:
        return text
    for prefix in (DUO_IRI, "DUO:", "obo:DUO_"):
        if text.startswith(prefix):
            number = text.removeprefix(prefix)
            return next((p.slug for p in PURPOSES if p.duo and p.duo == number), None)
    return None


def purpose_closure(slug: str) -> frozenset[str]:
    """Return `slug` and every purpose broader than it."""
    seen: set[str] = set()
    pending = [slug]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(PURPOSE_BY_SLUG[current].broader)
    return frozenset(seen)


class Duty(models.TextChoices):
    """What a grant obliges the user to do (ODRL duties)."""

    ATTRIBUTE = "attribute", _("Attribute the source")
    # DUO:0000029 "return to database or resource".
    SHARE_RESULTS_BACK = "share_results_back", _("Share results back")
    DELETE_AFTER_TERM = "delete_after_term", _("Delete the data after the term")


# The ODRL action each duty is written as in a policy, and what is accepted in its place.
DUTY_ACTIONS = {
    Duty.ATTRIBUTE: "attribute",
    Duty.SHARE_RESULTS_BACK: f"{DUO_IRI}0000029",
    Duty.DELETE_AFTER_TERM: "delete",
}
DUTY_ALIASES = {
    "attribute": Duty.ATTRIBUTE,
    "odrl:attribute": Duty.ATTRIBUTE,
    "share_results_back": Duty.SHARE_RESULTS_BACK,
    f"{DUO_IRI}0000029": Duty.SHARE_RESULTS_BACK,
    "DUO:0000029": Duty.SHARE_RESULTS_BACK,
    "delete": Duty.DELETE_AFTER_TERM,
    "odrl:delete": Duty.DELETE_AFTER_TERM,
    "delete_after_term": Duty.DELETE_AFTER_TERM,
}


class Task(models.TextChoices):
    """The machine-learning tasks a dataset serves (after the task categories of the Hugging
    Face Hub, the largest catalogue of ML datasets), grouped into the families gaps count."""

    TEXT_CLASSIFICATION = "text_classification", _("Text classification")
    TRANSLATION = "translation", _("Translation")
    SUMMARISATION = "summarisation", _("Summarisation")
    QUESTION_ANSWERING = "question_answering", _("Question answering")
    TEXT_GENERATION = "text_generation", _("Text generation")
    TOKEN_CLASSIFICATION = "token_classification", _("Named entities and tagging")
    SPEECH_RECOGNITION = "speech_recognition", _("Speech recognition")
    TEXT_TO_SPEECH = "text_to_speech", _("Text to speech")
    IMAGE_CLASSIFICATION = "image_classification", _("Image classification")
    OBJECT_DETECTION = "object_detection", _("Object detection")
    IMAGE_SEGMENTATION = "image_segmentation", _("Image segmentation")
    TABULAR = "tabular", _("Tabular prediction")
    TIME_SERIES = "time_series", _("Time-series forecasting")
    GEOSPATIAL = "geospatial", _("Geospatial analysis")


class ConsentBasis(models.TextChoices):
    """The legal basis on which personal data in a dataset was collected (the six bases of the
    GDPR, Art. 6, which most data-protection laws mirror), or that it holds none."""

    NOT_PERSONAL = "not_personal_data", _("No personal data")
    CONSENT = "consent", _("Consent of the people concerned")
    CONTRACT = "contract", _("Contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")


class ProvRelation(models.TextChoices):
    """How a dataset came from another resource (W3C PROV-O terms)."""

    DERIVED_FROM = "prov:wasDerivedFrom", _("Derived from")
    REVISION_OF = "prov:wasRevisionOf", _("Revision of")
    QUOTED_FROM = "prov:wasQuotedFrom", _("Quoted from")
    PRIMARY_SOURCE = "prov:hadPrimarySource", _("Primary source")


# The Croissant RAI vocabulary (http://mlcommons.org/croissant/RAI/), as mlcroissant reads it:
# the JSON-LD key, and whether it holds several texts.
RAI_FIELDS: dict[str, bool] = {
    "dataCollection": False,
    "dataCollectionType": True,
    "dataCollectionMissingData": False,
    "dataCollectionRawData": False,
    "dataImputationProtocol": False,
    "dataPreprocessingProtocol": True,
    "dataManipulationProtocol": False,
    "dataAnnotationProtocol": True,
    "dataAnnotationPlatform": True,
    "dataAnnotationAnalysis": True,
    "annotationsPerItem": False,
    "annotatorDemographics": True,
    "machineAnnotationTools": True,
    "dataBiases": True,
    "dataUseCases": True,
    "dataLimitations": True,
    "dataSocialImpact": False,
    "personalSensitiveInformation": True,
    "dataReleaseMaintenancePlan": False,
}

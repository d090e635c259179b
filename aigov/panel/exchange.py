"""The panel's datasets for `aigov export`: the roster, nominations and raw survey responses.

Each export starts from the same selector as the pages: the public sees the members of the
panel with their public fields; nominations follow `roster.nomination_list`; raw responses are
the secretariat's only (anyone else exports an empty file). Responses come in long form, one
row per answer, so surveys with different questions share the same columns.
"""

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.exchange import Dataset, Exporter, register_dataset
from aigov.panel import roster, selectors
from aigov.panel.models import Nomination

EXPERT_COLUMNS = (
    "id",
    "name",
    "nationalities",
    "residence",
    "disciplines",
    "affiliation_type",
    "languages",
    "is_member",
    "term_starts_on",
    "term_ends_on",
    "gender",
    "working_groups",
)
NOMINATION_COLUMNS = ("id", "expert", "kind", "country", "status", "created_at", "review_note")
RESPONSE_COLUMNS = ("survey", "response", "form_version", "submitted_at", "question", "answer")


def _experts(*, actor: Actor) -> Any:
    return roster.expert_directory(actor=actor)


def _expert_row(entry: roster.DirectoryEntry) -> Mapping[str, Any]:
    row = asdict(entry)
    for name in ("nationalities", "disciplines", "languages", "working_groups"):
        row[name] = " ".join(row[name])
    for name in ("term_starts_on", "term_ends_on"):
        row[name] = row[name].isoformat() if row[name] else ""
    row["gender"] = row["gender"] or ""
    return row


def _nominations(*, actor: Actor) -> Any:
    return roster.nomination_list(actor=actor).order_by("pk")


def _nomination_row(nomination: Nomination) -> Mapping[str, Any]:
    return {
        "id": nomination.pk,
        "expert": nomination.expert.name,
        "kind": nomination.kind,
        "country": nomination.country_id or "",
        "status": nomination.status,
        "created_at": nomination.created_at.isoformat(),
        "review_note": nomination.review_note,
    }


@dataclass(frozen=True)
class Answer:
    survey: str
    response: int
    form_version: int
    submitted_at: str
    question: str
    answer: str


def _answers(*, actor: Actor) -> Iterator[Answer]:
    for survey in selectors.survey_list(actor=actor).order_by("slug"):
        for response in selectors.response_list(actor=actor, survey=survey).iterator(2_000):
            for question, value in response.answers.items():
                yield Answer(
                    survey=survey.slug,
                    response=response.pk,
                    form_version=response.form_version,
                    submitted_at=response.submitted_at.isoformat(),
                    question=question,
                    answer=" ".join(value) if isinstance(value, list) else str(value),
                )


def _answer_row(answer: Answer) -> Mapping[str, Any]:
    return asdict(answer)


def register() -> None:
    register_dataset(
        Dataset(
            slug="panel-experts",
            label=_("Scientific panel: experts"),
            exporter=Exporter(columns=EXPERT_COLUMNS, records=_experts, row=_expert_row),
        )
    )
    register_dataset(
        Dataset(
            slug="panel-nominations",
            label=_("Scientific panel: nominations"),
            exporter=Exporter(
                columns=NOMINATION_COLUMNS, records=_nominations, row=_nomination_row
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="panel-responses",
            label=_("Scientific panel: survey responses (secretariat)"),
            exporter=Exporter(columns=RESPONSE_COLUMNS, records=_answers, row=_answer_row),
        )
    )

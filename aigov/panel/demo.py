"""A demonstration survey (see aigov.core.demo for the rules every generator keeps).

`demo-risk-pulse` asks the harm areas of the HLAB AI Risk Global Pulse Check whose wording the
reference data confirms (taxonomy risk pulse items), on the five-point scale with "don't know",
plus nationality, residence, gender, professional field and a free-text question. Its 300
responses are generated (real countries, invented answers), imported through the same services
as a real CSV, marked `is_demo`, and the results are published so a new user sees an analysis.
"""

import csv
import io
import random
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from aigov.accounts.access import Actor
from aigov.core.demo import DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.panel import services
from aigov.panel.models import Response, Survey
from aigov.taxonomy.models import Confidence, RiskPulseItem
from aigov.taxonomy.selectors import country_list

SLUG = "demo-risk-pulse"
RESPONDENTS = 300
GENDERS = [("female", "Female"), ("male", "Male"), ("other", "Another gender")]
FIELDS = [
    ("academia", "Academia and research"),
    ("government", "Government"),
    ("industry", "Private sector"),
    ("civil_society", "Civil society"),
    ("international", "International organisation"),
]
PHRASES = [
    "deepfakes during elections",
    "surveillance of journalists",
    "concentration of compute",
    "labour displacement",
    "autonomous weapons",
    "biased hiring systems",
    "misinformation at scale",
    "loss of human oversight",
]


def _form(path: Path, items: list[RiskPulseItem], countries: list[Any]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::English (en)", "relevant"])
    sheet.append(["select_multiple country", "nationality", "Your nationalities", ""])
    sheet.append(["select_one country", "residence", "Country where you live", ""])
    sheet.append(["select_one gender", "gender", "Gender", ""])
    sheet.append(["select_one field", "field", "Professional field", ""])
    sheet.append(["begin_group", "harms", "How concerned are you about harm in these areas?", ""])
    for item in items:
        sheet.append(["select_one concern", f"item_{item.letter}", item.texts.get("en", ""), ""])
    sheet.append(["end_group", "", "", ""])
    sheet.append(["text", "other_harms", "Which other harms concern you?", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)"])
    for country in countries:
        choices.append(["country", country.iso3, country.names.get("en", country.iso3)])
    for name, label in GENDERS:
        choices.append(["gender", name, label])
    for name, label in FIELDS:
        choices.append(["field", name, label])
    labels = ["1 not concerned", "2", "3", "4", "5 very concerned"]
    for value, label in zip("12345", labels, strict=True):
        choices.append(["concern", value, label])
    choices.append(["concern", "dont_know", "Don't know"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append(["Demo AI risk pulse check", SLUG, "English (en)"])
    book.save(path)


def _responses(rng: random.Random, items: list[RiskPulseItem], countries: list[Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "nationality",
            "residence",
            "gender",
            "field",
            *(f"harms/item_{i.letter}" for i in items),
            "other_harms",
        ]
    )
    codes = [country.iso3 for country in countries]
    leaning = {item.letter: rng.uniform(2.6, 4.2) for item in items}
    for _number in range(RESPONDENTS):
        nationalities = [rng.choice(codes)]
        if rng.random() < 0.15:
            nationalities.append(rng.choice(codes))
        residence = nationalities[0] if rng.random() < 0.8 else rng.choice(codes)
        answers = []
        for item in items:
            draw = rng.random()
            if draw < 0.04:
                answers.append("")
            elif draw < 0.10:
                answers.append("dont_know")
            else:
                answers.append(str(min(5, max(1, round(rng.gauss(leaning[item.letter], 1.0))))))
        text = " and ".join(rng.sample(PHRASES, rng.randint(1, 2))) if rng.random() < 0.4 else ""
        writer.writerow(
            [
                " ".join(nationalities),
                residence,
                rng.choice(GENDERS)[0] if rng.random() < 0.95 else "",
                rng.choice(FIELDS)[0],
                *answers,
                text,
            ]
        )
    return out.getvalue().encode()


def load(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    counts = report.for_kind("panel surveys")
    if Survey.objects.filter(slug=SLUG).exists():
        counts.unchanged += 1
        return
    countries = list(country_list(un_member=True).exclude(regional_group=""))
    items = list(RiskPulseItem.objects.filter(confidence=Confidence.HIGH).order_by("letter"))
    if not countries or not items:
        raise InvalidState("Load the reference data first (aigov load-reference).")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-risk-pulse.xlsx"
        _form(path, items, countries)
        survey = services.survey_import_form(
            actor=actor,
            slug=SLUG,
            path=path,
            roles=services.Roles(
                nationality="nationality", residence="residence", gender="gender", field="field"
            ),
            is_demo=True,
        )
    services.survey_import_responses(
        actor=actor,
        survey=survey,
        data=_responses(rng, items, countries),
        filename="demo-responses.csv",
        is_demo=True,
    )
    services.survey_set_status(actor=actor, survey=survey, status=Survey.Status.PUBLISHED)
    counts.created += 1


def register() -> None:
    register_generator(DemoGenerator(name="panel", load=load, models=(Survey, Response)))

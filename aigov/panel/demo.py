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
# The form's languages: XLSForm label columns, and our language codes.
LANGUAGES = {
    "en": "English (en)",
    "ar": "Arabic (ar)",
    "zh-hans": "Chinese (zh-Hans)",
    "fr": "French (fr)",
    "ru": "Russian (ru)",
    "es": "Spanish (es)",
}
# Every label of the form in the six languages (ar, zh-hans, fr, ru, es after the English),
# written for this demonstration (machine translations). "\uff1f" is the full-width question
# mark of Chinese text, escaped so the linter does not take it for a look-alike of "?".
QUESTIONS = {
    "nationality": (
        "Your nationalities",
        "جنسياتك",
        "您的国籍",
        "Vos nationalités",
        "Ваше гражданство",
        "Sus nacionalidades",
    ),
    "residence": (
        "Country where you live",
        "بلد الإقامة",
        "您居住的国家",
        "Pays où vous vivez",
        "Страна проживания",
        "País en el que vive",
    ),
    "gender": ("Gender", "نوع الجنس", "性别", "Genre", "Пол", "Género"),
    "field": (
        "Professional field",
        "المجال المهني",
        "职业领域",
        "Domaine professionnel",
        "Профессиональная сфера",
        "Ámbito profesional",
    ),
    "harms": (
        "How concerned are you about harm in these areas?",
        "ما مدى قلقك من الضرر في هذه المجالات؟",
        "您对以下领域的危害有多担忧\uff1f",
        "Dans quelle mesure les préjudices dans ces domaines vous préoccupent-ils ?",
        "Насколько вас беспокоит вред в следующих областях?",
        "¿Cuánto le preocupan los daños en estas áreas?",
    ),
    "other_harms": (
        "Which other harms concern you?",
        "ما الأضرار الأخرى التي تقلقك؟",
        "您还担忧哪些其他危害\uff1f",
        "Quels autres préjudices vous préoccupent ?",
        "Какой ещё вред вас беспокоит?",
        "¿Qué otros daños le preocupan?",
    ),
}
GENDERS = [
    ("female", ("Female", "أنثى", "女", "Femme", "Женский", "Mujer")),
    ("male", ("Male", "ذكر", "男", "Homme", "Мужской", "Hombre")),
    (
        "other",
        ("Another gender", "نوع جنس آخر", "其他性别", "Autre genre", "Другой", "Otro género"),
    ),
]
FIELDS = [
    (
        "academia",
        (
            "Academia and research",
            "الأوساط الأكاديمية والبحث",
            "学术界和研究",
            "Milieu universitaire et recherche",
            "Академическая и научная сфера",
            "Academia e investigación",
        ),
    ),
    (
        "government",
        (
            "Government",
            "الحكومة",
            "政府",
            "Administration publique",
            "Государственный сектор",
            "Gobierno",
        ),
    ),
    (
        "industry",
        (
            "Private sector",
            "القطاع الخاص",
            "私营部门",
            "Secteur privé",
            "Частный сектор",
            "Sector privado",
        ),
    ),
    (
        "civil_society",
        (
            "Civil society",
            "المجتمع المدني",
            "民间社会",
            "Société civile",
            "Гражданское общество",
            "Sociedad civil",
        ),
    ),
    (
        "international",
        (
            "International organisation",
            "منظمة دولية",
            "国际组织",
            "Organisation internationale",
            "Международная организация",
            "Organización internacional",
        ),
    ),
]
CONCERN = [
    (
        "1",
        (
            "1 not concerned",
            "1 غير قلق",
            "1 不担忧",
            "1 pas préoccupé",
            "1 не беспокоит",
            "1 nada preocupado",
        ),
    ),
    ("2", ("2",) * 6),
    ("3", ("3",) * 6),
    ("4", ("4",) * 6),
    (
        "5",
        (
            "5 very concerned",
            "5 قلق جدًا",
            "5 非常担忧",
            "5 très préoccupé",
            "5 очень беспокоит",
            "5 muy preocupado",
        ),
    ),
    (
        "dont_know",
        ("Don't know", "لا أعرف", "不知道", "Ne sait pas", "Затрудняюсь ответить", "No sabe"),
    ),
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


def _in_every_language(texts: dict[str, str]) -> list[str]:
    """The label columns of one row: a record's text per language, English where it has none."""
    return [texts.get(code) or texts.get("en", "") for code in LANGUAGES]


def _form(path: Path, items: list[RiskPulseItem], countries: list[Any]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    labels = [f"label::{name}" for name in LANGUAGES.values()]
    sheet.append(["type", "name", *labels, "relevant"])
    sheet.append(["select_multiple country", "nationality", *QUESTIONS["nationality"], ""])
    sheet.append(["select_one country", "residence", *QUESTIONS["residence"], ""])
    sheet.append(["select_one gender", "gender", *QUESTIONS["gender"], ""])
    sheet.append(["select_one field", "field", *QUESTIONS["field"], ""])
    sheet.append(["begin_group", "harms", *QUESTIONS["harms"], ""])
    for item in items:
        sheet.append(
            ["select_one concern", f"item_{item.letter}", *_in_every_language(item.texts), ""]
        )
    sheet.append(["end_group", "", *([""] * len(LANGUAGES)), ""])
    sheet.append(["text", "other_harms", *QUESTIONS["other_harms"], ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *labels])
    for country in countries:
        choices.append(["country", country.iso3, *_in_every_language(country.names)])
    for list_name, rows in (("gender", GENDERS), ("field", FIELDS), ("concern", CONCERN)):
        for name, texts in rows:
            choices.append([list_name, name, *texts])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append(["Demo AI risk pulse check", SLUG, LANGUAGES["en"]])
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

"""Survey analysis benchmark: 1,000,000 responses x 14 scale items, every Annex E breakdown.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses any other. It
loads the taxonomy (countries and their UN regional groups), imports a generated XLSForm with
14 five-point items (plus "don't know"), nationality, residence, gender and field, then stores
1,000,000 generated responses (a tenth with two nationalities, some blanks and "don't know"
answers) with their coded blocks, as `survey_import_responses` stores them, and times
`aigov.panel.selectors.survey_analysis`, the call behind
`aigov panel survey analyse` and the results page: reading the coded answers from the database,
placing respondents with several nationalities, and every figure of every breakdown.

The baseline is a plain pandas group-by of the same figures, over a DataFrame already in memory
(one column per item, one per grouping), timed in the same run; both answers are checked equal.
"""

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit, refuse_unless_bench_database

RESPONSES = 1_000_000
ITEMS = 14
RUNS = 5
TARGET_S = 2.0
SEED = 20_241_125
GENDERS = ["female", "male", "other"]
FIELDS = ["academia", "government", "industry", "civil_society", "international"]


def write_form(path: Path, countries: list[str]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::English (en)"])
    sheet.append(["select_multiple country", "nat", "Nationalities"])
    sheet.append(["select_one country", "res", "Country of residence"])
    sheet.append(["select_one gender", "gender", "Gender"])
    sheet.append(["select_one field", "field", "Professional field"])
    for number in range(1, ITEMS + 1):
        sheet.append(["select_one concern", f"q{number}", f"Concern {number}"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)"])
    for code in countries:
        choices.append(["country", code, code])
    for name in GENDERS:
        choices.append(["gender", name, name])
    for name in FIELDS:
        choices.append(["field", name, name])
    for value in ["1", "2", "3", "4", "5", "dk"]:
        choices.append(["concern", value, value])
    book.save(path)


def _insert(statement: str, rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(statement, rows)


def build(rng: random.Random) -> Any:
    """Import the form and store the generated responses; return the survey."""
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from aigov.accounts.services import system_actor
    from aigov.core.reference import LoadReport, loaders
    from aigov.panel import services
    from aigov.panel.coding import Coder
    from aigov.panel.models import Response
    from aigov.taxonomy.models import Country

    # Only the taxonomy's loader (countries and regional groups); no search index is needed.
    taxonomy = next(loader for loader in loaders() if loader.name == "taxonomy")
    with transaction.atomic():
        taxonomy.load(actor=system_actor(), report=LoadReport(), progress=None, dry_run=False)
    countries = list(
        Country.objects.exclude(regional_group="").order_by("iso3").values_list("iso3", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        write_form(path, countries)
        survey = services.survey_import_form(
            actor=system_actor(),
            slug="bench",
            path=path,
            roles=services.Roles(
                nationality="nat", residence="res", gender="gender", field="field"
            ),
        )
    coder = Coder.for_survey(survey, survey.questions.all())
    generator = np.random.default_rng(rng.randrange(2**32))
    answers_pool = np.array(["", "1", "2", "3", "4", "5", "dk"], dtype=object)
    weights = np.array([0.03, 0.08, 0.14, 0.25, 0.27, 0.18, 0.05])
    item_answers = generator.choice(len(answers_pool), size=(RESPONSES, ITEMS), p=weights)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Response._meta.db_table
    insert = (
        f"INSERT INTO {table} (survey_id, form_version, submitted_at, answers, is_demo) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    batch: list[tuple[Any, ...]] = []
    coded: list[str] = []
    for row in range(RESPONSES):
        first = rng.choice(countries)
        nationalities = [first]
        if rng.random() < 0.1:
            nationalities.append(rng.choice(countries))
        answers: dict[str, Any] = {"nat": nationalities, "res": rng.choice([first, *countries[:5]])}
        if rng.random() < 0.97:
            answers["gender"] = rng.choice(GENDERS)
        if rng.random() < 0.95:
            answers["field"] = rng.choice(FIELDS)
        for number, code in enumerate(item_answers[row], start=1):
            if code:
                answers[f"q{number}"] = answers_pool[code]
        batch.append((survey.pk, survey.form_version, now, json.dumps(answers), False))
        coded.append(coder.encode(answers))
        if len(batch) == 50_000:
            _insert(insert, batch)
            batch = []
    if batch:
        _insert(insert, batch)
    # The coded blocks, as survey_import_responses writes them in its transaction.
    with transaction.atomic():
        services._append_blocks(survey, coded)
        survey.profiles = coder.profiles
        survey.save(update_fields=["profiles"])
    return survey


def pandas_figures(frame: Any, items: list[str], genders: list[str], fields: list[str]) -> Any:
    """The same figures with a plain pandas group-by per item and grouping."""
    import pandas as pd

    from aigov.panel.analysis import REGIONAL_GROUPS

    def figures(values: Any) -> dict[str, Any]:
        n = int(values.count())
        if n == 0:
            return {"n": 0, "mean": None, "top2_share": None}
        return {"n": n, "mean": float(values.mean()), "top2_share": float((values >= 4).sum()) / n}

    out: dict[str, Any] = {}
    for item in items:
        valid = frame[item].where(frame[item].between(1, 5))
        table = pd.DataFrame(
            {
                "v": valid,
                "top": valid >= 4,
                "group": frame["group"],
                "gender": frame["gender"],
                "field": frame["field"],
            }
        )
        by: dict[str, Any] = {}
        for dimension, names in (
            ("group", REGIONAL_GROUPS),
            ("gender", genders),
            ("field", fields),
        ):
            grouped = table.groupby(dimension, observed=True).agg(
                n=("v", "count"), mean=("v", "mean"), top=("top", "sum")
            )
            n, mean, top = grouped["n"], grouped["mean"], grouped["top"]
            by[dimension] = {
                name: (
                    {
                        "n": int(n[name]),
                        "mean": float(mean[name]),
                        "top2_share": int(top[name]) / int(n[name]),
                    }
                    if name in n.index and n[name]
                    else {"n": 0, "mean": None, "top2_share": None}
                )
                for name in names
            }
        weog = table["group"] == "WEOG"
        non_weog = table["group"].notna() & ~weog
        out[item] = {
            **figures(valid),
            "by": {
                "weog": figures(valid[weog]),
                "non_weog": figures(valid[non_weog]),
                "regional_group": by["group"],
                "gender": by["gender"],
                "field": by["field"],
            },
        }
    return {"respondents": len(frame), "items": out}


def frame_of(survey: Any) -> Any:
    """The responses as a pandas DataFrame (decoded from the same stored rows)."""
    import numpy as np
    import pandas as pd

    from aigov.panel import analysis, selectors

    codes, layout = selectors.coded_matrix(survey)
    profile = (
        codes[:, 0].astype(np.intp)
        | (codes[:, 1].astype(np.intp) << 8)
        | (codes[:, 2].astype(np.intp) << 16)
    )
    counts = np.bincount(profile, minlength=len(survey.profiles))
    placed = analysis.place_profiles(survey.profiles, counts, selectors.country_groups())
    names = np.array([None, *analysis.REGIONAL_GROUPS], dtype=object)
    k = len(layout.items)
    data: dict[str, Any] = {
        "group": pd.Categorical(names[placed[profile]]),
        "gender": pd.Categorical(np.array([None, *layout.genders], dtype=object)[codes[:, 3 + k]]),
        "field": pd.Categorical(np.array([None, *layout.fields], dtype=object)[codes[:, 4 + k]]),
    }
    for position, item in enumerate(layout.items):
        data[item] = codes[:, 3 + position].astype(float)
    return pd.DataFrame(data), list(layout.items), list(layout.genders), list(layout.fields)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=lambda x: round(x, 9)) == json.dumps(
        b, sort_keys=True, default=lambda x: round(x, 9)
    ) or _close(a, b)


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return bool(a == b)


def main() -> None:
    refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection

    from aigov.accounts.services import system_actor
    from aigov.panel import selectors

    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    survey = build(random.Random(SEED))
    emit("panel_build", db, time.perf_counter() - started, "s", responses=RESPONSES, items=ITEMS)
    actor = system_actor()
    ours = selectors.survey_analysis(actor=actor, survey=survey)  # also warms the caches
    frame, items, genders, fields = frame_of(survey)
    theirs = pandas_figures(frame, items, genders, fields)
    assert _close(ours, theirs), "the analysis and the pandas baseline disagree"
    timings, baseline = [], []
    for _ in range(RUNS):
        begun = time.perf_counter()
        selectors.survey_analysis(actor=actor, survey=survey)
        timings.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        pandas_figures(frame, items, genders, fields)
        baseline.append(time.perf_counter() - begun)
    value, base = statistics.median(timings), statistics.median(baseline)
    emit(
        "panel_survey_analysis",
        db,
        value,
        "s",
        baseline=round(base, 3),
        ratio=round(value / base, 4),
        target=TARGET_S,
        responses=RESPONSES,
        items=ITEMS,
        note=(
            "ours includes reading the coded blocks from the database; "
            "the pandas baseline starts from a DataFrame in memory"
        ),
    )


if __name__ == "__main__":
    main()

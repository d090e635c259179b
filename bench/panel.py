"""Survey results benchmark: 1,000,000 responses x 14 scale items and 2 free-text questions.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses any other. It
loads the taxonomy (countries and their UN regional groups), imports a generated XLSForm with
14 five-point items (plus "don't know"), nationality, residence, gender, field and two
free-text questions, then stores 1,000,000 generated responses (a tenth with two nationalities,
some blanks and "don't know" answers; a fifth and a tenth answer the text questions, in
English, French, Spanish, some Arabic and Chinese) with their coded blocks and keyword counts,
as `survey_import_responses` stores them (bulk inserts; COPY on PostgreSQL).

It times, against idiomatic pandas over DataFrames already in memory (the same figures, and the
keywords of every text answer counted with `.map(answer_keywords).explode().value_counts()`),
both answers checked equal:

- `selectors.survey_analysis` (the scale items, from the coded blocks: the older figure);
- `selectors.survey_results`: everything the results page shows (figures, keyword tags, charts);
- the results page `/en/panel/surveys/bench/` and `/api/panel/surveys/bench/analysis`, rendered
  through Django's test client, for the public and a signed-in member: warm (repeated views)
  and cold (the first view after a new response was submitted through a single-use link, whose
  submission is timed too).
"""

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

RESPONSES = 1_000_000
ITEMS = 14
TEXTS = {"other_risks": 0.2, "why": 0.1}  # free-text questions and the share answering each
RUNS = 5
PAGE_RUNS = 20
COLD_RUNS = 5
TARGET_S = 0.5
RATIO_TARGET = 1 / 3  # at least three times faster than pandas
SEED = 20_241_125
GENDERS = ["female", "male", "other"]
FIELDS = ["academia", "government", "industry", "civil_society", "international"]
SLUG = "bench"
_WORD_TEXT = (
    "the and of to in for with on that by risks risk harm harms deepfakes elections labour "
    "markets surveillance misinformation disinformation privacy bias discrimination safety "
    "security cyberattacks weapons autonomy accountability transparency concentration power "
    "inequality jobs education health climate energy water compute chips models agents "
    "children women minorities languages culture trust democracy courts police borders "
    "finance fraud scams copyright creators journalism media platforms moderation "
    "risques emplois élections vie privée désinformation sécurité santé "
    "riesgos empleo elecciones privacidad desinformación seguridad salud"
)
WORDS = _WORD_TEXT.split(" ")
ARABIC = ["الوظائف", "والذكاء", "الاصطناعي", "الانتخابات", "الخصوصية", "المعلومات", "في", "من"]
CHINESE = ["就业", "人工智能", "选举", "隐私", "虚假信息", "安全", "的", "和"]


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
    sheet.append(["text", "other_risks", "Which other risks do you see?"])
    sheet.append(["text", "why", "Why?"])
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


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _text(rng: random.Random, weights: list[float]) -> str:
    draw = rng.random()
    if draw < 0.02:
        return " ".join(rng.choices(ARABIC, k=rng.randint(2, 8)))
    if draw < 0.03:
        return "".join(rng.choices(CHINESE, k=rng.randint(2, 6)))
    return " ".join(rng.choices(WORDS, weights=weights, k=rng.randint(3, 15)))


def build(rng: random.Random) -> tuple[Any, dict[str, list[str | None]]]:
    """Import the form and store the generated responses, their coded blocks and keyword
    counts; return the survey and the text answers (for the pandas baseline)."""
    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from aigov.accounts.services import system_actor
    from aigov.core.reference import LoadReport, loaders
    from aigov.panel import services
    from aigov.panel.coding import Coder
    from aigov.panel.models import Response
    from aigov.panel.services import counts as response_counts
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
            slug=SLUG,
            path=path,
            roles=services.Roles(
                nationality="nat", residence="res", gender="gender", field="field"
            ),
        )
    questions = list(survey.questions.all())
    coder = Coder.for_survey(survey, questions)
    tally = response_counts.Tally(questions)
    generator = np.random.default_rng(rng.randrange(2**32))
    answers_pool = np.array(["", "1", "2", "3", "4", "5", "dk"], dtype=object)
    weights = np.array([0.03, 0.08, 0.14, 0.25, 0.27, 0.18, 0.05])
    item_answers = generator.choice(len(answers_pool), size=(RESPONSES, ITEMS), p=weights)
    word_weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # Zipf-like
    texts: dict[str, list[str | None]] = {name: [] for name in TEXTS}
    now = timezone.now()
    table = Response._meta.db_table
    columns = ["survey_id", "form_version", "submitted_at", "answers", "is_demo"]
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
        for name, share in TEXTS.items():
            text = _text(rng, word_weights) if rng.random() < share else None
            texts[name].append(text)
            if text:
                answers[name] = text
        batch.append((survey.pk, survey.form_version, now, json.dumps(answers), False))
        coded.append(coder.encode(answers))
        tally.add(answers)
        if len(batch) == 50_000:
            _insert(table, columns, batch)
            batch = []
    if batch:
        _insert(table, columns, batch)
    # The coded blocks and keyword counts, as survey_import_responses writes them.
    with transaction.atomic():
        response_counts.append_blocks(survey, coded)
        response_counts.replace_tally(survey, tally)
        survey.profiles = coder.profiles
        survey.save(update_fields=["profiles", "text_answers", "keywords_version"])
    return survey, texts


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


def pandas_keywords(texts: Any) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """The keyword tags of each text question, the idiomatic pandas way: every answer's
    keywords, exploded and counted; the 30 most used, ties in alphabetical order."""
    from aigov.panel.keywords import answer_keywords

    out = {}
    for name in TEXTS:
        answered = texts[name].dropna()
        answered = answered[answered != ""]
        counts = answered.map(answer_keywords).explode().dropna().value_counts()
        top = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:30]
        out[name] = (len(answered), [(str(word), int(n)) for word, n in top])
    return out


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


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return bool(a == b)


def _timed(run: Any, times: int) -> list[float]:
    timings = []
    for _ in range(times):
        begun = time.perf_counter()
        run()
        timings.append(time.perf_counter() - begun)
    return timings


def _submit_one(survey: Any, rng: random.Random) -> float:
    """Answer the survey through a new single-use link; return the submission's seconds."""
    from aigov.accounts.services import system_actor
    from aigov.panel import services

    (invitation,) = services.invitation_create(actor=system_actor(), survey=survey, labels=[""])
    submitted = {
        "nat": ["KEN"],
        "res": ["KEN"],
        "gender": ["female"],
        **{f"q{n}": [rng.choice("12345")] for n in range(1, ITEMS + 1)},
        "other_risks": ["Deepfakes in elections and surveillance"],
    }
    services.invitation_answer(
        actor=None, token=invitation.token, submitted=submitted, submit=False
    )
    begun = time.perf_counter()
    services.invitation_submit(actor=None, token=invitation.token)
    return time.perf_counter() - begun


def measure_pages(db: str, survey: Any, baseline_s: float) -> None:
    """The results page and the analysis API for the public and a signed-in member, warm and
    cold (the first view after a response was submitted)."""
    from django.test import Client

    from aigov.accounts.models import User
    from aigov.accounts.services import system_actor
    from aigov.panel import services

    member = User.objects.create(email="bench-panel-member@example.org", display_name="Member")
    signed_in = Client()
    signed_in.force_login(member)
    actors = {"public": Client(), "member": signed_in}
    paths = {"page": f"/en/panel/surveys/{SLUG}/", "api": f"/api/panel/surveys/{SLUG}/analysis"}

    def view(client: Client, path: str) -> float:
        begun = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - begun
        assert response.status_code == 200, (path, response.status_code)
        return seconds

    rng = random.Random(SEED + 7)
    cold: dict[tuple[str, str], list[float]] = {}
    submissions = []
    for _ in range(COLD_RUNS):
        # Answers are taken while the survey is open; its results are public once published.
        services.survey_set_status(actor=system_actor(), survey=survey, status="open")
        submissions.append(_submit_one(survey, rng))
        services.survey_set_status(actor=system_actor(), survey=survey, status="published")
        for actor, client in actors.items():
            for kind, path in paths.items():
                cold.setdefault((kind, actor), []).append(view(client, path))
    emit(
        "panel_submit_p95",
        db,
        percentile(submissions, 0.95) * 1000,
        "ms (one response through its single-use link, keyword counts included)",
        path="/en/panel/respond/TOKEN/",
        median=round(statistics.median(submissions) * 1000, 2),
        runs=COLD_RUNS,
    )
    for actor, client in actors.items():
        for kind, path in paths.items():
            view(client, path)  # warm-up
            warm = [view(client, path) for _ in range(PAGE_RUNS)]
            for state, timings in (("warm", warm), ("cold", cold[(kind, actor)])):
                value = percentile(timings, 0.95)
                emit(
                    f"panel_results_{kind}_{actor}_{state}_p95",
                    db,
                    value,
                    "s",
                    path=path,
                    median=round(statistics.median(timings), 4),
                    runs=len(timings),
                    baseline=round(baseline_s, 3),
                    ratio=round(value / baseline_s, 4),
                    target=TARGET_S,
                    note="baseline: idiomatic pandas, DataFrames in memory (figures, keywords)",
                )


def main() -> None:
    refuse_unless_bench_database()
    # The pages are requested through Django's test client, whose host is "testserver".
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    import pandas as pd
    from django.core.cache import cache
    from django.db import connection
    from django.utils import translation

    from aigov.accounts.services import system_actor
    from aigov.panel import selectors, services
    from aigov.panel.models import Survey

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    survey, texts = build(random.Random(SEED))
    emit(
        "panel_build",
        db,
        time.perf_counter() - started,
        "s",
        responses=RESPONSES,
        items=ITEMS,
        text_questions=len(TEXTS),
    )
    actor = system_actor()
    services.survey_set_status(actor=actor, survey=survey, status="published")
    survey = Survey.objects.get(pk=survey.pk)
    ours = selectors.survey_analysis(actor=actor, survey=survey)  # also warms the caches
    frame, items, genders, fields = frame_of(survey)
    text_frame = pd.DataFrame(texts)
    assert _close(ours, pandas_figures(frame, items, genders, fields)), "analysis != pandas"
    results = selectors.survey_results(actor=actor, survey=survey)
    begun = time.perf_counter()
    theirs = pandas_keywords(text_frame)
    keywords_timings = [time.perf_counter() - begun]
    for text in results.texts:
        assert (text.answered, text.tags) == theirs[text.question.name], text.question.name

    def computed(select: Any) -> Any:
        # The figures are kept in the cache until the survey changes: time computing them.
        cache.delete(selectors.analysis_key(survey))
        return select(actor=actor, survey=survey)

    timings = _timed(lambda: computed(selectors.survey_analysis), RUNS)
    baseline = _timed(lambda: pandas_figures(frame, items, genders, fields), RUNS)
    value, base = statistics.median(timings), statistics.median(baseline)
    emit(
        "panel_survey_analysis",
        db,
        value,
        "s",
        path=f"/api/panel/surveys/{SLUG}/analysis (the selector)",
        baseline=round(base, 3),
        ratio=round(value / base, 4),
        target=2.0,
        responses=RESPONSES,
        items=ITEMS,
        note=(
            "ours includes reading the coded blocks from the database; "
            "the pandas baseline starts from a DataFrame in memory"
        ),
    )
    results_timings = _timed(lambda: computed(selectors.survey_results), RUNS)
    keywords_timings += _timed(lambda: pandas_keywords(text_frame), 1)
    full_baseline = base + statistics.median(keywords_timings)
    value = statistics.median(results_timings)
    emit(
        "panel_survey_results",
        db,
        value,
        "s",
        path=f"/en/panel/surveys/{SLUG}/ (the selector: figures, keyword tags, charts)",
        baseline=round(full_baseline, 3),
        ratio=round(value / full_baseline, 4),
        target=TARGET_S,
        ratio_target=round(RATIO_TARGET, 4),
        pandas_keywords_s=round(statistics.median(keywords_timings), 3),
        text_answers=sum(text.answered for text in results.texts),
    )
    measure_pages(db, survey, full_baseline)


if __name__ == "__main__":
    main()

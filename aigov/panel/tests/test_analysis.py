"""The Annex E analysis against figures computed by hand on a constructed case.

The eight respondents of tests/forms.py ROWS, and where each is placed:
  1 FRA, lives in FRA                -> WEOG (one nationality)
  2 KEN                              -> African
  3 KEN, lives in FRA                -> African (one nationality; residence does not matter)
  4 FRA+BRA, lives in BRA            -> GRULAC (placed by residence)
  5 DEU+KEN, lives in CHN            -> placed so far: WEOG 1, African 2, GRULAC 1,
                                        Asia-Pacific 0, EEG 0
                                        DEU (WEOG, 1) beats KEN (African, 2) -> WEOG
  6 POL+CHN, lives in FRA            -> EEG 0 and Asia-Pacific 0 tie -> ISO order, CHN
                                        -> Asia-Pacific
  7 no nationality                   -> left out of the regional breakdowns
  8 POL+CHN, no residence            -> also Asia-Pacific: only respondents placed by one
                                        nationality or residence count, not respondents 5 and 6
"""

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from aigov.accounts.services import system_actor
from aigov.panel import analysis, selectors, services
from aigov.panel.models import Response, Survey
from aigov.panel.tests.conftest import ROLES
from aigov.panel.tests.forms import write_form

pytestmark = pytest.mark.django_db


def figures(n: int, total: float | None = None, top2: int = 0) -> dict[str, object]:
    if n == 0:
        return {"n": 0, "mean": None, "top2_share": None}
    assert total is not None
    return {"n": n, "mean": pytest.approx(total / n), "top2_share": pytest.approx(top2 / n)}


def test_q1_by_hand(answered: Survey) -> None:
    result = selectors.survey_analysis(actor=system_actor(), survey=answered)
    assert result["respondents"] == 8
    q1 = result["items"]["q1"]
    # valid answers 5 2 4 3 1 5 4 (respondent 4 said don't know)
    assert {k: q1[k] for k in ("n", "mean", "top2_share")} == figures(7, 24, 4)
    by = q1["by"]
    assert by["weog"] == figures(2, 5 + 3, 1)
    assert by["non_weog"] == figures(4, 2 + 4 + 1 + 4, 2)  # respondent 7 has no group
    assert by["regional_group"] == {
        "African": figures(2, 2 + 4, 1),
        "Asia-Pacific": figures(2, 1 + 4, 1),
        "EEG": figures(0),
        "GRULAC": figures(0),  # its one respondent did not know
        "WEOG": figures(2, 5 + 3, 1),
    }
    assert by["gender"] == {
        "female": figures(3, 5 + 4 + 1, 2),
        "male": figures(2, 2 + 4, 1),
        "other": figures(1, 5, 1),
    }
    assert by["field"] == {
        "academia": figures(3, 5 + 3 + 5, 2),
        "government": figures(2, 2 + 1, 0),
        "industry": figures(2, 4 + 4, 2),
    }


def test_q2_blank_and_dont_know_are_not_valid(answered: Survey) -> None:
    q2 = selectors.survey_analysis(actor=system_actor(), survey=answered)["items"]["q2"]
    assert {k: q2[k] for k in ("n", "mean", "top2_share")} == figures(6, 4 + 3 + 5 + 2 + 5 + 4, 4)
    assert q2["by"]["weog"] == figures(2, 4 + 5, 2)
    assert q2["by"]["non_weog"] == figures(3, 3 + 2 + 4, 1)
    assert q2["by"]["regional_group"]["African"] == figures(0)


def test_analyse_command_prints_exact_shape(answered: Survey) -> None:
    out = StringIO()
    call_command("panel", "survey", "analyse", "pulse", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert set(printed) == {"respondents", "items"}
    assert list(printed["items"]) == ["q1", "q2"]
    item = printed["items"]["q1"]
    assert set(item) == {"n", "mean", "top2_share", "by"}
    assert set(item["by"]) == {"weog", "non_weog", "regional_group", "gender", "field"}
    assert set(item["by"]["regional_group"]) == {"African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"}
    assert item["by"]["regional_group"]["EEG"] == {"n": 0, "mean": None, "top2_share": None}
    assert printed["respondents"] == 8


def test_group_names_follow_the_reference_file() -> None:
    root = Path(__file__).resolve().parents[3]
    rows = (root / "data" / "reference" / "un_regional_groups.csv").read_text().splitlines()[1:]
    assert {line.split(",")[1] for line in rows} == set(analysis.REGIONAL_GROUPS)


def test_placement_rules_directly() -> None:
    groups = {"DEU": "WEOG", "KEN": "African", "CHN": "Asia-Pacific", "POL": "EEG", "FRA": "WEOG"}
    profiles = [["KEN", ""], ["DEU", ""], ["CHN KEN", "KEN"], ["DEU POL", ""], ["CHN POL", "FRA"]]
    counts = np.array([3, 1, 1, 1, 1])
    placed = analysis.place_profiles(profiles, counts, groups)
    names = [analysis.REGIONAL_GROUPS[c - 1] if c else None for c in placed]
    # already placed: African 3 + 1 (by residence), WEOG 1, EEG 0, Asia-Pacific 0
    assert names == ["African", "WEOG", "African", "EEG", "Asia-Pacific"]


def test_empty_survey_has_nulls(survey: Survey) -> None:
    result = selectors.survey_analysis(actor=system_actor(), survey=survey)
    assert result["respondents"] == 0
    assert result["items"]["q1"]["mean"] is None
    assert result["items"]["q1"]["by"]["gender"]["female"]["n"] == 0


def test_replacing_the_form_recodes_responses(answered: Survey, tmp_path: Path) -> None:
    before = selectors.survey_analysis(actor=system_actor(), survey=answered)["items"]["q1"]
    replaced = services.survey_import_form(
        actor=system_actor(),
        slug="pulse",
        path=write_form(tmp_path / "v2.xlsx", with_q2=False),
        roles=ROLES,
    )
    assert replaced.pk == answered.pk
    assert replaced.form_version == 2
    assert replaced.layout == ["q1"]
    assert Response.objects.filter(survey=replaced).count() == 8
    after = selectors.survey_analysis(actor=system_actor(), survey=replaced)
    assert list(after["items"]) == ["q1"]
    assert after["items"]["q1"] == before

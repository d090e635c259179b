"""XLSForm files and response CSVs built for the tests (with openpyxl, as a person would)."""

from pathlib import Path

import openpyxl

COUNTRIES = ["BRA", "CHN", "DEU", "FRA", "KEN", "NGA", "POL"]


def write_form(
    path: Path, *, with_q2: bool = True, extra_rows: list[list[str]] | None = None
) -> Path:
    """A risk-pulse-like form: nationality, residence, gender, field, scale items, text."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        ["type", "name", "label::English (en)", "label::French (fr)", "relevant", "required"]
    )
    survey.append(["select_multiple country", "nat", "Nationalities", "Nationalités", "", "yes"])
    survey.append(
        ["select_one country", "res", "Country of residence", "Pays de résidence", "", ""]
    )
    survey.append(["select_one gender", "gender", "Gender", "Genre", "", ""])
    survey.append(["select_one field", "field", "Professional field", "Domaine", "", ""])
    survey.append(["begin_group", "risks", "Risks", "Risques", "", ""])
    survey.append(["select_one concern", "q1", "Harm to people", "Atteinte aux personnes", "", ""])
    if with_q2:
        survey.append(
            ["select_one concern", "q2", "Harm to the environment", "Environnement", "", ""]
        )
    survey.append(["end_group", "", "", "", "", ""])
    survey.append(["text", "comment", "Why?", "Pourquoi ?", "${q1} = '5'", ""])
    survey.append(["integer", "age", "Age", "Âge", "", ""])
    for row in extra_rows or []:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::French (fr)"])
    for code in COUNTRIES:
        choices.append(["country", code, code, code])
    for name, en, fr in [
        ("female", "Female", "Femme"),
        ("male", "Male", "Homme"),
        ("other", "Other", "Autre"),
    ]:
        choices.append(["gender", name, en, fr])
    for name in ["academia", "government", "industry"]:
        choices.append(["field", name, name.title(), name])
    for value in "12345":
        choices.append(["concern", value, value, value])
    choices.append(["concern", "dk", "Don't know", "Ne sait pas"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["Risk pulse check (test)", "pulse_test", "1", "English (en)"])
    book.save(path)
    return path


HEADER = "_id,nat,res,gender,field,risks/q1,risks/q2,comment,age"
# The constructed case of test_analysis.py (figures computed by hand there).
ROWS = [
    "1,FRA,FRA,female,academia,5,4,Deepfakes in elections,40",
    "2,KEN,KEN,male,government,2,dk,,35",
    "3,KEN,FRA,female,industry,4,,,",
    "4,FRA BRA,BRA,male,academia,dk,3,,",
    "5,DEU KEN,CHN,,academia,3,5,,",
    "6,POL CHN,FRA,female,government,1,2,,",
    "7,,KEN,other,academia,5,5,Labour markets and deepfakes,",
    "8,POL CHN,,male,industry,4,4,,",
]


def responses_csv(rows: list[str] | None = None, header: str = HEADER) -> bytes:
    return ("\n".join([header, *(ROWS if rows is None else rows)]) + "\n").encode()

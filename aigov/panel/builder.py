"""A form built in the app, as an alternative to an XLSForm file: one question a line.

    TYPE NAME | LABEL | CHOICES | OPTION; OPTION

TYPE is one of select_one, select_multiple, text, integer, decimal, date, note; NAME a question
name (letters, digits, _). CHOICES (select types only) is `scale` (1 to 5 and "don't know"),
`countries` (every country of the reference data, by ISO alpha-3 code, with its names in every
language) or `name=Label, name=Label`. OPTIONs are `required`, `relevant: EXPRESSION` (the
XLSForm relevance subset of relevance.py) and `section: NAME`. Labels are in the form's
language. The result is the same `ParsedForm` an XLSForm gives, so both go through the same
checks and storage.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from aigov.core.errors import field_error
from aigov.panel.models import Question
from aigov.panel.xlsform import ParsedForm, ParsedQuestion

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SELECTS = {Question.Kind.SELECT_ONE, Question.Kind.SELECT_MULTIPLE}


def _choices(spec: str, language: str, countries: list[tuple[str, dict[str, str]]]) -> Any:
    if spec == "scale":
        return [
            *({"name": str(value), "labels": {language: str(value)}} for value in range(1, 6)),
            {"name": "dk", "labels": {language: str(_("Don't know"))}},
        ]
    if spec == "countries":
        return [{"name": code, "labels": names} for code, names in countries]
    choices = []
    for part in spec.split(","):
        name, _sep, label = part.partition("=")
        name = name.strip()
        if not _NAME.match(name) and not name.isdigit():
            return None
        choices.append({"name": name, "labels": {language: (label.strip() or name)}})
    return choices or None


def parse_definition(
    text: str, *, language: str, countries: list[tuple[str, dict[str, str]]]
) -> tuple[list[ParsedQuestion], list[dict[str, Any]]]:
    """Read a form definition; return its questions and the problems, each naming its line."""
    questions: list[ParsedQuestion] = []
    errors: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        problem = ""
        cells = [cell.strip() for cell in line.split("|")]
        head = cells[0].split()
        kind, name = [*head, "", ""][:2]
        label = cells[1] if len(cells) > 1 else ""
        spec = cells[2] if len(cells) > 2 else ""
        options = [o.strip() for o in (cells[3] if len(cells) > 3 else "").split(";") if o.strip()]
        choices: Any = []
        if len(head) != 2 or kind not in Question.Kind.values or not _NAME.match(name):
            problem = str(_("begin with a type and a question name, e.g. select_one q1."))
        elif not label:
            problem = str(_("give the question's label after the first |."))
        elif kind in _SELECTS:
            choices = _choices(spec, language, countries)
            if choices is None:
                problem = str(_("give the choices: scale, countries or name=Label, name=Label."))
        relevant, required, section = "", False, ""
        for option in options:
            key, _sep, value = option.partition(":")
            if key.strip() == "required":
                required = True
            elif key.strip() == "relevant" and value.strip():
                relevant = value.strip()
            elif key.strip() == "section" and value.strip():
                section = value.strip()
            else:
                problem = str(_("unknown option %(option)s.") % {"option": option})
        if problem:
            errors.append(
                field_error(
                    "definition",
                    "invalid",
                    _("Line %(line)d: %(problem)s") % {"line": number, "problem": problem},
                    row=number,
                )
            )
            continue
        questions.append(
            ParsedQuestion(
                name=name,
                kind=kind,
                labels={language: label},
                hints={},
                choices=choices,
                relevant=relevant,
                required=required,
                group=section,
                group_labels={language: section} if section else {},
            )
        )
    return questions, errors


def built_form(
    *, title: str, language: str, questions: list[ParsedQuestion], definition: str
) -> ParsedForm:
    """The ParsedForm of a form built in the app (its definition kept as the raw form)."""
    return ParsedForm(
        form_id="",
        titles={language: title},
        default_language=language,
        questions=questions,
        raw={"built_in_app": True, "definition": definition},
    )

"""Reading an XLSForm with pyxform into the questions the panel stores.

pyxform turns the spreadsheet into its JSON survey structure (`parse_file_to_json`); we walk that
tree, keep the answerable questions with their labels in every language, choice lists,
relevance and section, and drop what only ODK clients use (meta fields, calculations).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from aigov.core.errors import InvalidInput, field_error
from aigov.core.translation import normalise_language

KINDS = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
}
SKIPPED = {
    "calculate", "start", "end", "today", "deviceid", "subscriberid", "simserial",
    "phonenumber", "username", "email", "audit", "start-geopoint", "hidden",
}  # fmt: skip
_LANGUAGE_IN_BRACKETS = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\)\s*$")


@dataclass
class ParsedQuestion:
    name: str
    kind: str
    labels: dict[str, str]
    hints: dict[str, str]
    choices: list[dict[str, Any]]
    relevant: str
    required: bool
    group: str
    group_labels: dict[str, str]


@dataclass
class ParsedForm:
    form_id: str
    titles: dict[str, str]
    default_language: str
    questions: list[ParsedQuestion] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


def language_code(name: str | None, default: str = "en") -> str:
    """Return our language code for an XLSForm language name ('English (en)' -> 'en')."""
    if not name or name == "default":
        return default
    match = _LANGUAGE_IN_BRACKETS.search(name)
    return normalise_language(match.group(1) if match else name)


def _texts(value: Any, default: str) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return {language_code(key, default): str(text) for key, text in value.items() if text}
    return {default: str(value)}


def _walk(
    node: dict[str, Any],
    default: str,
    out: list[ParsedQuestion],
    group: str,
    group_labels: dict[str, str],
    group_relevant: str,
) -> None:
    for child in node.get("children", []):
        kind = child.get("type", "")
        name = child.get("name", "")
        bind = child.get("bind") or {}
        relevant = str(bind.get("relevant") or "")
        if kind == "repeat":
            raise InvalidInput(
                _("Repeated groups are not supported (%(name)s).") % {"name": name},
                errors=[
                    field_error(
                        name,
                        "invalid",
                        _("Repeated groups are not supported."),
                    )
                ],
            )
        if kind == "group":
            if (child.get("control") or {}).get("bodyless"):
                continue  # the meta group
            both = " and ".join(f"({r})" for r in (group_relevant, relevant) if r)
            path = f"{group}/{name}" if group else name
            _walk(child, default, out, path, _texts(child.get("label"), default), both)
            continue
        if kind in SKIPPED:
            continue
        if kind not in KINDS:
            raise InvalidInput(
                _("Question %(name)s has a type the panel does not support: %(type)s.")
                % {"name": name, "type": kind},
                errors=[
                    field_error(
                        name,
                        "invalid",
                        _("Unsupported type %(type)s.") % {"type": kind},
                    )
                ],
            )
        both = " and ".join(f"({r})" for r in (group_relevant, relevant) if r)
        out.append(
            ParsedQuestion(
                name=name,
                kind=KINDS[kind],
                labels=_texts(child.get("label"), default),
                hints=_texts(child.get("hint"), default),
                choices=[
                    {"name": str(choice["name"]), "labels": _texts(choice.get("label"), default)}
                    for choice in child.get("choices", [])
                ],
                relevant=both if group_relevant else relevant,
                required=str(bind.get("required", "")).lower() in {"yes", "true", "true()"},
                group=group,
                group_labels=group_labels,
            )
        )


def parse_form(path: str | Path) -> ParsedForm:
    """Read an XLSForm (.xlsx, .xls or .csv) with pyxform; raise InvalidInput if it is not one."""
    try:
        raw = parse_file_to_json(str(path))
    except (PyXFormError, ValueError, KeyError, OSError) as error:
        raise InvalidInput(
            _("The file is not a valid XLSForm: %(error)s") % {"error": error},
            errors=[field_error("form", "invalid", str(error))],
        ) from error
    default = language_code(raw.get("default_language"), "en")
    form = ParsedForm(
        form_id=str(raw.get("id_string") or ""),
        titles=_texts(raw.get("title"), default),
        default_language=default,
        raw=raw,
    )
    _walk(raw, default, form.questions, "", {}, "")
    return form

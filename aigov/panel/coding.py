"""Turning one response's answers into the coded bytes the analysis reads (see models.py)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from aigov.panel.analysis import Layout
from aigov.panel.models import DONT_KNOW, Question, Survey

MAX_PROFILES = 1 << 24


@dataclass
class Coder:
    """Codes responses for one survey; collects new nationality profiles as it goes."""

    survey: Survey
    questions: dict[str, Question]
    layout: Layout
    profiles: list[list[str]]
    _profile_index: dict[tuple[str, str], int]

    @classmethod
    def for_survey(cls, survey: Survey, questions: Iterable[Question]) -> "Coder":
        by_name = {question.name: question for question in questions}
        layout = layout_of(survey, by_name)
        profiles = [list(p) for p in survey.profiles]
        index = {(str(p[0]), str(p[1])): i for i, p in enumerate(profiles)}
        return cls(survey, by_name, layout, profiles, index)

    def profile(self, answers: dict[str, Any]) -> int:
        nationalities = answers.get(self.survey.nationality_question) or []
        if isinstance(nationalities, str):
            nationalities = nationalities.split()
        unique = sorted(set(nationalities))
        residence = str(answers.get(self.survey.residence_question) or "")
        # Residence only matters for placement when it is one of several nationalities.
        key = (" ".join(unique), residence if len(unique) > 1 and residence in unique else "")
        found = self._profile_index.get(key)
        if found is None:
            found = len(self.profiles)
            if found >= MAX_PROFILES:
                raise ValueError("too many distinct nationality profiles")
            self.profiles.append([key[0], key[1]])
            self._profile_index[key] = found
        return found

    def encode(self, answers: dict[str, Any]) -> str:
        profile = self.profile(answers)
        out = bytearray(profile.to_bytes(3, "little"))
        for name in self.layout.items:
            value = answers.get(name)
            if value in (None, ""):
                out.append(0)
            elif value in ("1", "2", "3", "4", "5"):
                out.append(int(value))
            else:
                out.append(DONT_KNOW)
        for name, names in (
            (self.survey.gender_question, self.layout.genders),
            (self.survey.field_question, self.layout.fields),
        ):
            value = answers.get(name)
            out.append(names.index(value) + 1 if value in names else 0)
        return out.hex()


def layout_of(survey: Survey, questions: dict[str, Question]) -> Layout:
    items = [name for name in survey.layout if name in questions]
    gender = questions.get(survey.gender_question)
    field = questions.get(survey.field_question)
    return Layout(
        items=items,
        genders=gender.choice_names() if gender else [],
        fields=field.choice_names() if field else [],
    )


def parse_value(question: Question, text: str) -> tuple[Any, str | None]:
    """Return (value, None) for a CSV cell, or (None, message) when it is not valid."""
    text = text.strip()
    if text == "":
        return None, None
    kind = question.kind
    if kind == Question.Kind.SELECT_ONE:
        if text not in question.choice_names():
            return None, _("%(value)s is not a choice of this question.") % {"value": text}
        return text, None
    if kind == Question.Kind.SELECT_MULTIPLE:
        names = question.choice_names()
        values = text.split()
        unknown = [value for value in values if value not in names]
        if unknown:
            return None, _("%(value)s is not a choice of this question.") % {
                "value": " ".join(unknown)
            }
        return sorted(set(values), key=names.index), None
    if kind == Question.Kind.INTEGER:
        try:
            return int(text), None
        except ValueError:
            return None, _("%(value)s is not a whole number.") % {"value": text}
    if kind == Question.Kind.DECIMAL:
        try:
            return str(Decimal(text)), None
        except InvalidOperation:
            return None, _("%(value)s is not a number.") % {"value": text}
    if kind == Question.Kind.DATE:
        try:
            return datetime.date.fromisoformat(text[:10]).isoformat(), None
        except ValueError:
            return None, _("%(value)s is not a date (YYYY-MM-DD).") % {"value": text}
    if kind == Question.Kind.NOTE:
        return None, None
    return text, None

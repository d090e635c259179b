"""Survey charts and tables embedded in reports: checked when a draft is saved, drawn live in a
draft, frozen with their figures and labels (in every language) when the report is published.

A frozen figure keeps its numbers and the text of its title and rows; the chart and the table
are drawn from them when the page or PDF is rendered, with the same number formatting (the
reader's, e.g. "2,89" in Arabic), so a chart never disagrees with its table.

An embed is `{"survey": SLUG, "kind": "item", "item": NAME, "by": BREAKDOWN}` (one scale item's
bars by regional group, gender, field or all of them) or `{"survey": SLUG, "kind": "annex"}`
(the Annex E table of every scale item of the survey: n, mean and share of 4-5 overall and by
regional group).
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core.charts import format_decimal, format_percent
from aigov.core.errors import DomainError, field_error
from aigov.panel import charts, selectors
from aigov.panel.models import Question, Survey

KIND_ITEM = "item"
KIND_ANNEX = "annex"
KINDS = (KIND_ITEM, KIND_ANNEX)


@dataclass(frozen=True)
class Figure:
    """A figure as a page or PDF shows it: title, chart, and the table of its numbers."""

    number: int
    title: str
    chart: SafeString
    columns: list[str]
    rows: list[list[str]]  # the table's cells, formatted as the chart writes them
    is_frozen: bool


def describe(embed: dict[str, Any]) -> str:
    """One line naming an embed, as it is written in the draft form and in a diff."""
    if embed.get("kind") == KIND_ANNEX:
        return f"{embed.get('survey')} annex"
    return f"{embed.get('survey')} {embed.get('item')} {embed.get('by', selectors.BREAKDOWN_ALL)}"


def parse_lines(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read the draft form's figure lines (`SLUG annex` or `SLUG ITEM [BREAKDOWN]`).

    Return the embeds and the problems found, each naming its line.
    """
    embeds: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        if len(words) == 2 and words[1] == KIND_ANNEX:
            embeds.append({"survey": words[0], "kind": KIND_ANNEX})
        elif len(words) in (2, 3):
            by = words[2] if len(words) == 3 else selectors.BREAKDOWN_ALL
            embeds.append({"survey": words[0], "kind": KIND_ITEM, "item": words[1], "by": by})
        else:
            errors.append(
                field_error(
                    "figures",
                    "invalid",
                    _(
                        "Line %(line)d: write SURVEY annex, or SURVEY ITEM followed by "
                        "all, regional_group, gender or field."
                    )
                    % {"line": number},
                    row=number,
                )
            )
    return embeds, errors


def check(*, actor: Actor, embeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the problems of `embeds` for `actor` (a survey they may not see is unknown)."""
    errors: list[dict[str, Any]] = []
    for number, embed in enumerate(embeds, start=1):
        problem = _problem(actor, embed)
        if problem:
            errors.append(
                field_error(
                    "figures",
                    "invalid",
                    _("Figure %(number)d: %(problem)s") % {"number": number, "problem": problem},
                    row=number,
                )
            )
    return errors


def _problem(actor: Actor, embed: Any) -> str:
    if not isinstance(embed, dict) or embed.get("kind") not in KINDS:
        return str(_("the kind must be item or annex."))
    try:
        survey = selectors.survey_get(actor=actor, slug=str(embed.get("survey", "")))
    except DomainError:
        return str(_("there is no survey %(slug)s.") % {"slug": embed.get("survey")})
    if embed["kind"] == KIND_ANNEX:
        return "" if survey.layout else str(_("the survey has no five-point items."))
    if embed.get("item") not in survey.layout:
        return str(
            _("%(item)s is not a five-point item of %(slug)s.")
            % {"item": embed.get("item"), "slug": survey.slug}
        )
    if embed.get("by") not in selectors.BREAKDOWNS:
        return str(_("the breakdown must be all, regional_group, gender or field."))
    return ""


def _draw(embed: dict[str, Any], survey: Survey, analysis: dict[str, Any]) -> dict[str, Any]:
    """Title and rows of one embed in the active language, from analysed figures: a row is
    [label, n, mean, share answering 4 or 5] and, in the annex, the share in each group."""
    questions = {question.name: question for question in survey.questions.all()}
    if embed["kind"] == KIND_ANNEX:
        title = _("%(survey)s: every item") % {"survey": survey.title}
        labelled = [
            (questions[name].label if name in questions else name, item)
            for name, item in analysis["items"].items()
        ]
        rows = [
            [label, item["n"], item["mean"], item["top2_share"]]
            + [
                item["by"]["regional_group"][group]["top2_share"]
                for group in item["by"]["regional_group"]
            ]
            for label, item in labelled
        ]
        groups = list(next(iter(analysis["items"].values()))["by"]["regional_group"])
        return {"title": str(title), "rows": rows, "groups": groups}
    question: Question | None = questions.get(embed["item"])
    label = question.label if question else embed["item"]
    labelled = selectors.breakdown_rows(
        analysis["items"][embed["item"]],
        embed["by"],
        gender=questions.get(survey.gender_question),
        field=questions.get(survey.field_question),
    )
    rows = [[text, f["n"], f["mean"], f["top2_share"]] for text, f in labelled]
    return {"title": label, "rows": rows}


def _figure(number: int, drawn: dict[str, Any], *, is_frozen: bool) -> Figure:
    """Draw a figure from its title and rows (a publication frozen before charts were drawn
    this way also stored an SVG, which is no longer read)."""
    columns = [str(_("Group")), "n", str(_("Mean")), str(_("Share answering 4 or 5"))]
    if "groups" in drawn:
        from aigov.taxonomy.models import RegionalGroup

        columns = [
            str(_("Item")),
            *columns[1:],
            *(str(RegionalGroup(group).label) for group in drawn["groups"]),
        ]
    rows = drawn["rows"]
    chart = charts.item_chart(
        drawn["title"],
        [(row[0], {"n": row[1], "mean": row[2], "top2_share": row[3]}) for row in rows],
    )
    table = [
        [
            str(label),
            format_decimal(answers, 0),
            format_decimal(mean),
            *(format_percent(share) for share in shares),
        ]
        for label, answers, mean, *shares in rows
    ]
    return Figure(number, drawn["title"], chart, columns, table, is_frozen)


def _analysed(slug: str, actor: Actor) -> tuple[Survey, Any]:
    survey = selectors.survey_get(actor=actor, slug=slug)
    return survey, selectors.survey_analysis(actor=actor, survey=survey)


def live(*, actor: Actor, embeds: list[dict[str, Any]]) -> list[Figure]:
    """The figures of a draft with today's responses (what the reader may see of them)."""
    figures = []
    analyses: dict[str, tuple[Survey, Any] | None] = {}
    for number, embed in enumerate(embeds, start=1):
        slug = embed["survey"]
        if slug not in analyses:
            try:
                analyses[slug] = _analysed(slug, actor)
            except DomainError:
                analyses[slug] = None  # a survey the reader may not see stays out of their view
        found = analyses[slug]
        if found is not None:
            figures.append(_figure(number, _draw(embed, *found), is_frozen=False))
    return figures


def freeze(*, actor: Actor, embeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The frozen figures of a publication: numbers once, titles and labels in every UI
    language.

    Every embedded survey must have published results, or the report would make public what
    the survey does not yet show.
    """
    analyses: dict[str, tuple[Survey, Any]] = {}
    frozen = []
    for embed in embeds:
        if embed["survey"] not in analyses:
            analyses[embed["survey"]] = _analysed(embed["survey"], actor)
        survey, analysis = analyses[embed["survey"]]
        numbers = (
            analysis["items"] if embed["kind"] == KIND_ANNEX else analysis["items"][embed["item"]]
        )
        drawn = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                drawn[language] = _draw(embed, survey, analysis)
        frozen.append(
            {
                **embed,
                "respondents": analysis["respondents"],
                "figures": numbers,
                "drawn": drawn,
            }
        )
    return frozen


def thawed(frozen: list[dict[str, Any]], language: str) -> list[Figure]:
    """The stored figures of a publication, labelled as they were in `language`."""
    figures = []
    for number, entry in enumerate(frozen, start=1):
        drawn = entry["drawn"].get(language) or entry["drawn"].get(settings.LANGUAGE_CODE)
        figures.append(_figure(number, drawn, is_frozen=True))
    return figures

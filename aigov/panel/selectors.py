"""Every read of the panel module, already narrowed by permission."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, has, require, scope
from aigov.core.errors import NotAllowed, NotFound
from aigov.core.translation import pick
from aigov.panel import analysis, charts, keywords
from aigov.panel.coding import layout_of
from aigov.panel.keywords import keyword_tags
from aigov.panel.models import (
    CodedBlock,
    Invitation,
    KeywordTally,
    Question,
    Referral,
    Report,
    Response,
    Survey,
    WorkingGroup,
)
from aigov.panel.relevance import is_relevant
from aigov.taxonomy.models import Country, RegionalGroup


def survey_list(*, actor: Actor) -> QuerySet[Survey]:
    return scope(actor, "panel.view_survey", Survey.objects.all())


def survey_get(*, actor: Actor, slug: str) -> Survey:
    """Return the survey `slug`; NotFound when it is missing or hidden from `actor`."""
    survey = survey_list(actor=actor).filter(slug=slug).first()
    if survey is None:
        raise NotFound()
    return survey


def question_list(*, actor: Actor, survey: Survey) -> QuerySet[Question]:
    require(actor, "panel.view_survey", survey)
    return survey.questions.order_by("position")


def response_list(*, actor: Actor, survey: Survey) -> QuerySet[Response]:
    """The raw responses of `survey`: the secretariat's only (others get none)."""
    return scope(actor, "panel.view_responses", Response.objects.filter(survey=survey)).order_by(
        "pk"
    )


def country_groups() -> dict[str, str]:
    """ISO alpha-3 -> UN regional group, for every country that belongs to one."""
    return dict(Country.objects.exclude(regional_group="").values_list("iso3", "regional_group"))


def coded_matrix(survey: Survey) -> Any:
    """Return the (responses x layout width) matrix of coded answers of `survey`."""
    questions = {question.name: question for question in survey.questions.all()}
    layout = layout_of(survey, questions)
    blocks = list(
        CodedBlock.objects.filter(survey=survey)
        .order_by("position")
        .values_list("codes", flat=True)
    )
    return analysis.matrix(blocks, layout.width), layout


def survey_analysis(*, actor: Actor, survey: Survey) -> dict[str, Any]:
    """The Annex E analysis of `survey` (the shape of `aigov panel survey analyse`).

    Public once the survey is published; before that, the secretariat's. It reads only the
    coded bytes, never the raw answers, so the figures are the same for every reader, and
    they are kept in the cache until the survey changes (`analysis_key`).
    """
    if not has(actor, "panel.view_results", survey):
        raise NotAllowed()
    key = analysis_key(survey)
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        codes, layout = coded_matrix(survey)
        figures = analysis.analyse(codes, layout, survey.profiles, country_groups())
        cache.set(key, figures, ANALYSIS_KEEP_SECONDS)
    return figures


ANALYSIS_KEEP_SECONDS = 3600


def analysis_key(survey: Survey) -> str:
    """The cache key of a survey's analysis as it stands: every write that changes its
    responses, blocks or form saves the survey (services.py), which moves `updated_at`, so a
    new response is counted on the next view. The figures are the same for every reader."""
    stamp = survey.updated_at.timestamp() if survey.updated_at else 0
    return f"panel:analysis:{survey.pk}:{survey.form_version}:{stamp}"


@dataclass(frozen=True)
class ItemResult:
    question: Question
    figures: dict[str, Any]
    chart: str


@dataclass(frozen=True)
class TextResult:
    question: Question
    answered: int
    tags: list[tuple[str, int]]
    chart: str


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    respondents: int
    items: list[ItemResult]
    texts: list[TextResult]


BREAKDOWN_ALL = "all"
BREAKDOWNS = (BREAKDOWN_ALL, "regional_group", "gender", "field")


def breakdown_rows(
    item: dict[str, Any], by: str, *, gender: Question | None, field: Question | None
) -> list[tuple[str, dict[str, Any]]]:
    """The labelled rows of one item's figures for a breakdown (`BREAKDOWNS`), all first."""
    breakdown = item["by"]
    rows: list[tuple[str, dict[str, Any]]] = [(str(_("All respondents")), item)]
    if by in (BREAKDOWN_ALL, "regional_group"):
        rows += [(str(_("WEOG")), breakdown["weog"]), (str(_("Non-WEOG")), breakdown["non_weog"])]
        rows += [
            (str(RegionalGroup(group).label), breakdown["regional_group"][group])
            for group in breakdown["regional_group"]
        ]
    if by in (BREAKDOWN_ALL, "gender"):
        rows += [
            ((gender.choice_label(v) if gender else v), f) for v, f in breakdown["gender"].items()
        ]
    if by in (BREAKDOWN_ALL, "field"):
        rows += [
            ((field.choice_label(v) if field else v), f) for v, f in breakdown["field"].items()
        ]
    return rows


def survey_results(*, actor: Actor, survey: Survey) -> SurveyResults:
    """Everything the results page shows: per item figures and chart, keyword tags per text.

    Drawing the charts took longer than counting, so what is drawn is kept in the cache with
    the figures, per language, until the survey changes (`analysis_key`)."""
    figures = survey_analysis(actor=actor, survey=survey)
    questions = list(survey.questions.order_by("position"))
    key = f"{analysis_key(survey)}:drawn:{translation.get_language()}"
    drawn: dict[str, Any] | None = cache.get(key)
    if drawn is None:
        drawn = _drawn(survey, questions, figures)
        cache.set(key, drawn, ANALYSIS_KEEP_SECONDS)
    by_name = {question.name: question for question in questions}
    items = [
        ItemResult(by_name[name], item, drawn["items"][name])
        for name, item in figures["items"].items()
    ]
    texts = [
        TextResult(by_name[name], answered, tags, chart)
        for name, (answered, tags, chart) in drawn["texts"].items()
    ]
    return SurveyResults(survey, figures["respondents"], items, texts)


def _drawn(survey: Survey, questions: list[Question], figures: dict[str, Any]) -> dict[str, Any]:
    """The charts of every item and the keyword tags (with their chart) of every text question,
    in the active language (`survey_results`)."""
    by_name = {question.name: question for question in questions}
    gender = by_name.get(survey.gender_question)
    field = by_name.get(survey.field_question)
    items = {}
    for name, item in figures["items"].items():
        rows = breakdown_rows(item, BREAKDOWN_ALL, gender=gender, field=field)
        items[name] = charts.item_chart(by_name[name].label, rows)
    texts = {}
    for question in questions:
        if question.kind == Question.Kind.TEXT:
            answered, tags = _text_keywords(survey, question.name)
            texts[question.name] = (answered, tags, charts.tag_chart(question.label, tags))
    return {"items": items, "texts": texts}


TAGS_SHOWN = 30


def _text_keywords(
    survey: Survey, name: str, limit: int = TAGS_SHOWN
) -> tuple[int, list[tuple[str, int]]]:
    """How many responses answer the free-text question `name`, and its `limit` most used
    keywords with the number of responses using each (ties in alphabetical order).

    Read from the counts kept as responses arrive (`KeywordTally`); only counts kept under
    other keyword rules (a later release changed them, and no response has been stored
    since) are passed over for a count of every answer, as `keyword_tags` gives it."""
    if survey.keywords_version != keywords.VERSION:
        answers = [
            text
            for text in Response.objects.filter(survey=survey)
            .values_list(f"answers__{name}", flat=True)
            .iterator(5_000)
            if text
        ]
        return len(answers), keyword_tags(answers, limit)
    kept = KeywordTally.objects.filter(survey=survey, question=name)
    # The limit-th highest count, then every keyword counted at least that often, sorted here:
    # ties are ordered as Python orders text whatever the database's collation.
    floor = list(kept.order_by("-count").values_list("count", flat=True)[limit - 1 : limit])
    if floor:
        kept = kept.filter(count__gte=floor[0])
    rows = sorted(kept.values_list("keyword", "count"), key=lambda pair: (-pair[1], pair[0]))
    return int(survey.text_answers.get(name, 0)), rows[:limit]


def can_see_responses(*, actor: Actor, survey: Survey) -> bool:
    return has(actor, "panel.view_responses", survey)


@dataclass(frozen=True)
class ResponseTable:
    columns: list[str]
    rows: Any  # a lazy sequence of lists, for the paginator


class _Rows:
    """The raw responses as table rows, sliced lazily so a page reads only its own rows."""

    def __init__(self, queryset: QuerySet[Response], columns: list[str]) -> None:
        self.queryset, self.columns = queryset, columns

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[list[str]]:
        out = []
        for response in self.queryset[window]:
            cells = []
            for name in self.columns:
                value = response.answers.get(name, "")
                cells.append(" ".join(value) if isinstance(value, list) else str(value))
            out.append([str(response.pk), *cells])
        return out


def response_table(*, actor: Actor, survey: Survey) -> ResponseTable:
    """Raw responses of `survey`, one row each: the secretariat's only (NotAllowed otherwise)."""
    require(actor, "panel.view_responses", survey)
    columns = list(
        survey.questions.exclude(kind=Question.Kind.NOTE)
        .order_by("position")
        .values_list("name", flat=True)
    )
    return ResponseTable(["#", *columns], _Rows(response_list(actor=actor, survey=survey), columns))


@dataclass(frozen=True)
class FormField:
    question: Question
    value: Any
    choices: list[tuple[str, str]]
    new_section: str  # the section label when this question starts a new section, else ""


@dataclass(frozen=True)
class RespondentForm:
    invitation: Invitation
    survey: Survey
    fields: list[FormField]
    is_closed: bool


def respondent_form(*, token: str) -> RespondentForm:
    """The form behind a single-use link, with the questions relevant to the saved answers.

    The link is the credential: NotFound for an unknown token.
    """
    invitation = Invitation.objects.select_related("survey").filter(token=token).first()
    if invitation is None:
        raise NotFound()
    survey = invitation.survey
    questions = list(survey.questions.order_by("position"))
    answers = invitation.draft
    fields = []
    section = None
    for question in questions:
        if not is_relevant(question.relevant, answers):
            continue
        heading = ""
        if question.group != section:
            section = question.group
            heading = pick(question.group_labels).text or question.group
        fields.append(
            FormField(question, answers.get(question.name), question.labelled_choices(), heading)
        )
    closed = invitation.submitted_at is not None or survey.status != Survey.Status.OPEN
    return RespondentForm(invitation, survey, fields, closed)


def invitation_list(*, actor: Actor, survey: Survey) -> QuerySet[Invitation]:
    """The survey's links and whether each was used: the secretariat's only."""
    require(actor, "panel.manage_survey", survey)
    return survey.invitations.order_by("pk")


def referral_list(*, actor: Actor, survey: Survey) -> QuerySet[Referral]:
    """The experts respondents suggested for `survey`: the secretariat's only."""
    require(actor, "panel.manage_survey", survey)
    return survey.referrals.select_related("referred_by", "invitation").order_by("pk")


def referral_get(*, actor: Actor, survey: Survey, pk: int) -> Referral:
    """Return one expert a respondent suggested for `survey`. Raise NotAllowed or NotFound."""
    try:
        return referral_list(actor=actor, survey=survey).get(pk=pk)
    except Referral.DoesNotExist as missing:
        raise NotFound() from missing


def working_group_list(*, actor: Actor) -> QuerySet[WorkingGroup]:
    """Working groups: all of them for the secretariat, one's own for an expert."""
    groups = WorkingGroup.objects.prefetch_related("members").order_by("slug")
    if has(actor, "panel.manage_working_groups"):
        return groups
    if not getattr(actor, "is_authenticated", False):
        return groups.none()
    return groups.filter(members__user=account_of(actor)).distinct()


def working_group_get(*, actor: Actor, slug: str) -> WorkingGroup:
    """Return the working group `slug` if `actor` may see it. Raise NotFound otherwise."""
    try:
        return working_group_list(actor=actor).get(slug=slug)
    except WorkingGroup.DoesNotExist as missing:
        raise NotFound() from missing


def report_link_list(*, actor: Actor) -> QuerySet[Report]:
    """Return the reports `actor` may read, by slug, for other modules to link (dialogue's agenda
    items): published ones, and the drafts the panel lets the actor read."""
    return scope(actor, "panel.view_report", Report.objects.all()).order_by("slug")

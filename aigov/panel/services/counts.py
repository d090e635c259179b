"""Coded blocks and keyword counts of a survey's responses, kept as responses arrive."""

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from aigov.panel import keywords
from aigov.panel.coding import Coder
from aigov.panel.models import (
    BLOCK_SIZE,
    CodedBlock,
    KeywordTally,
    Question,
    Response,
    Survey,
)

BATCH = 5_000


def append_blocks(survey: Survey, coded: Iterable[str]) -> None:
    """Add coded responses to the survey's blocks, filling the last block first."""
    last = CodedBlock.objects.filter(survey=survey).order_by("-position").first()
    pending: list[str] = []
    if last is not None and last.count < BLOCK_SIZE:
        pending, position = [last.codes], last.position
        count = last.count
        last.delete()
    else:
        position = last.position + 1 if last is not None else 0
        count = 0
    blocks: list[CodedBlock] = []
    for codes in coded:
        pending.append(codes)
        count += 1
        if count == BLOCK_SIZE:
            blocks.append(
                CodedBlock(survey=survey, position=position, count=count, codes="".join(pending))
            )
            pending, position, count = [], position + 1, 0
    if count:
        blocks.append(
            CodedBlock(survey=survey, position=position, count=count, codes="".join(pending))
        )
    CodedBlock.objects.bulk_create(blocks)


class Tally:
    """Keyword counts of free-text answers being added up: per text question, how many
    responses answer it and how many use each keyword (once per response)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.names = [q.name for q in questions if q.kind == Question.Kind.TEXT]
        self.answered: Counter[str] = Counter()
        self.keywords: dict[str, Counter[str]] = {name: Counter() for name in self.names}

    def add(self, answers: dict[str, Any]) -> None:
        for name in self.names:
            text = answers.get(name)
            if text:
                self.answered[name] += 1
                self.keywords[name].update(keywords.answer_keywords(text))


def store_tally(survey: Survey, tally: Tally, *, fresh: bool) -> None:
    """Add `tally` to the survey's kept keyword counts (`fresh`: there are none yet).

    The caller holds the survey's row lock, so counts read here are not changed by anyone
    else before they are written back: concurrent submissions lose nothing.
    """
    for name, counts in tally.keywords.items():
        if not counts:
            continue
        kept: dict[str, KeywordTally] = {}
        if not fresh:
            words = list(counts)
            for start in range(0, len(words), 500):
                kept.update(
                    (row.keyword, row)
                    for row in KeywordTally.objects.filter(
                        survey=survey, question=name, keyword__in=words[start : start + 500]
                    ).only("pk", "keyword", "count")
                )
        for word, row in kept.items():
            row.count += counts[word]
        KeywordTally.objects.bulk_update(list(kept.values()), ["count"], batch_size=500)
        KeywordTally.objects.bulk_create(
            (
                KeywordTally(survey=survey, question=name, keyword=word, count=count)
                for word, count in counts.items()
                if word not in kept
            ),
            batch_size=2_000,
        )
    answered = Counter(survey.text_answers if not fresh else {})
    answered.update(tally.answered)
    survey.text_answers = {name: answered[name] for name in tally.names if answered[name]}


def recount_keywords(survey: Survey, questions: list[Question]) -> None:
    """Count the keywords of every stored answer again (the keyword rules changed)."""
    tally = Tally(questions)
    answers = (
        Response.objects.filter(survey=survey).order_by("pk").values_list("answers", flat=True)
    )
    for one in answers.iterator(BATCH):
        tally.add(one)
    replace_tally(survey, tally)


def replace_tally(survey: Survey, tally: Tally) -> None:
    KeywordTally.objects.filter(survey=survey).delete()
    store_tally(survey, tally, fresh=True)
    survey.keywords_version = keywords.VERSION


def tally_responses(
    survey: Survey, questions: list[Question], added: Iterable[dict[str, Any]]
) -> None:
    """Add the keywords of responses just stored to the survey's counts, in their transaction
    (the caller holds the survey's row lock and saves `text_answers`, `keywords_version`)."""
    if survey.keywords_version != keywords.VERSION:
        recount_keywords(survey, questions)  # counted by other rules: all again, these included
        return
    tally = Tally(questions)
    for answers in added:
        tally.add(answers)
    store_tally(survey, tally, fresh=False)


def save_counts(survey: Survey, coder: Coder) -> None:
    """Save what storing responses changed on the survey: the answers per text question, the
    keyword rules, the nationality profiles when new ones came (a large list, so only then),
    and `updated_at`, which tells the kept analysis to be computed again."""
    fields = ["text_answers", "keywords_version", "updated_at"]
    if len(coder.profiles) != len(survey.profiles):
        survey.profiles = coder.profiles
        fields.append("profiles")
    survey.save(update_fields=fields)


def recode(survey: Survey, questions: list[Question]) -> int:
    """Recompute the coded blocks and the keyword counts from every stored response after the
    form changed (one pass over the responses)."""
    coder = Coder.for_survey(survey, questions)
    coder.profiles.clear()
    coder._profile_index.clear()
    tally = Tally(questions)
    CodedBlock.objects.filter(survey=survey).delete()
    answers = (
        Response.objects.filter(survey=survey).order_by("pk").values_list("answers", flat=True)
    )

    def coded() -> Iterator[str]:
        for one in answers.iterator(BATCH):
            tally.add(one)
            yield coder.encode(one)

    append_blocks(survey, coded())
    replace_tally(survey, tally)
    survey.profiles = coder.profiles
    survey.save(update_fields=["profiles", "text_answers", "keywords_version", "updated_at"])
    return len(coder.profiles)

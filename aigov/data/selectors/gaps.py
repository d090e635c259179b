"""Data commons gaps (issue 22, item 5): for each language, UN regional group or income group,
which tasks and topics the catalogue has datasets for, and which it has none for.

Counts start from the datasets the actor may see, so a draft never fills a gap for the public.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, scope
from aigov.core.errors import InvalidInput, field_error
from aigov.data.models import DataNeed, Dataset
from aigov.data.vocabulary import Task
from aigov.taxonomy.models import Country, IncomeGroup, Language, RegionalGroup, Topic

BY = ("language", "region", "income_group")


@dataclass
class GapRow:
    key: str
    label: str
    datasets: int = 0
    needs: int = 0  # data people registered as missing (item 7), as far as the reader sees
    tasks_covered: list[str] = field(default_factory=list)
    tasks_missing: list[str] = field(default_factory=list)
    topics_covered: list[str] = field(default_factory=list)
    topics_missing: list[str] = field(default_factory=list)


def gaps(*, actor: Actor, by: str, un_languages_only: bool = False) -> list[GapRow]:
    """Return one row per language, regional group or income group; raise InvalidInput for an
    unknown `by`. Rows with no dataset at all come first: they are the largest gaps."""
    if by not in BY:
        raise InvalidInput(
            errors=[field_error("by", "invalid", _("Group by language, region or income_group."))]
        )
    visible = scope(actor, "data.view_dataset", Dataset.objects.all())
    rows: dict[str, GapRow] = {}
    if by == "language":
        languages = Language.objects.all()
        if un_languages_only:
            languages = languages.filter(is_un_official=True)
        rows = {row.tag: GapRow(row.tag, row.name) for row in languages.order_by("tag")}
        links = visible.values_list("pk", "languages__tag")
    elif by == "region":
        rows = {value: GapRow(value, str(label)) for value, label in RegionalGroup.choices}
        links = visible.values_list("pk", "countries__regional_group")
    else:
        rows = {value: GapRow(value, str(label)) for value, label in IncomeGroup.choices}
        links = visible.values_list("pk", "countries__income_group")
    needs = scope(actor, "data.view_need", DataNeed.objects.all())
    need_key = {
        "language": "language_id",
        "region": "country__regional_group",
        "income_group": "country__income_group",
    }[by]
    for key in needs.values_list(need_key, flat=True):
        if key in rows:
            rows[key].needs += 1
    members: dict[str, set[int]] = defaultdict(set)
    for pk, key in links:
        if key in rows:
            members[key].add(pk)
    all_ids = set().union(*members.values()) if members else set()
    tasks_of = dict(Dataset.objects.filter(pk__in=all_ids).values_list("pk", "tasks"))
    topics_of: dict[int, set[str]] = defaultdict(set)
    for pk, slug in Dataset.topics.through.objects.filter(dataset_id__in=all_ids).values_list(
        "dataset_id", "topic_id"
    ):
        topics_of[pk].add(slug)
    all_tasks = list(Task.values)
    all_topics = list(Topic.objects.order_by("slug").values_list("slug", flat=True))
    for key, row in rows.items():
        ids = members.get(key, set())
        row.datasets = len(ids)
        tasks = {task for pk in ids for task in tasks_of.get(pk) or []}
        topics = {topic for pk in ids for topic in topics_of.get(pk, set())}
        row.tasks_covered = [task for task in all_tasks if task in tasks]
        row.tasks_missing = [task for task in all_tasks if task not in tasks]
        row.topics_covered = [topic for topic in all_topics if topic in topics]
        row.topics_missing = [topic for topic in all_topics if topic not in topics]
    return sorted(rows.values(), key=lambda row: (row.datasets > 0, row.key))


def countries_without_data(*, actor: Actor) -> list[str]:
    """Return the ISO alpha-3 codes of UN Member States no visible dataset covers."""
    visible = scope(actor, "data.view_dataset", Dataset.objects.all())
    covered = set(visible.values_list("countries__iso3", flat=True))
    return sorted(
        code
        for code in Country.objects.filter(is_un_member=True).values_list("iso3", flat=True)
        if code not in covered
    )

"""Reads of the catalogue, each starting from what the actor may see (aigov/data/permissions)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from aigov.accounts import selectors as accounts
from aigov.accounts.access import Actor, has, scope
from aigov.core.errors import InvalidInput, NotAllowed, NotFound, field_error
from aigov.data.croissant import CroissantFile, croissant_document
from aigov.data.models import Dataset, DatasetFile, DataTrust
from aigov.data.vocabulary import Task


def dataset_list(
    *,
    actor: Actor,
    query: str = "",
    language: str = "",
    country: str = "",
    topic: str = "",
    sdg: int | None = None,
    task: str = "",
    access: str = "",
    trust: str = "",
) -> QuerySet[Dataset]:
    """Return the datasets `actor` may see, filtered by the catalogue's facets."""
    datasets = scope(actor, "data.view_dataset", Dataset.objects.all())
    if query:
        datasets = datasets.filter(title__icontains=query)
    if language:
        datasets = datasets.filter(languages__tag__iexact=language)
    if country:
        datasets = datasets.filter(countries__iso3=country.upper())
    if topic:
        datasets = datasets.filter(topics__slug=topic)
    if sdg:
        datasets = datasets.filter(sdgs__number=sdg)
    if task:
        # JSON containment differs by database; a task slug appears quoted in the stored list.
        datasets = datasets.filter(tasks__icontains=f'"{task}"')
    if access:
        datasets = datasets.filter(access=access)
    if trust:
        datasets = datasets.filter(trust__slug=trust)
    return (
        datasets.distinct()
        .select_related("trust")
        .prefetch_related("languages", "countries", "topics", "sdgs")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


def dataset_facets(*, actor: Actor, datasets: QuerySet[Dataset]) -> dict[str, list[Facet]]:
    """Return counts by language, country, access and task over `datasets` (already scoped to
    `actor`, so a hidden dataset is never counted)."""
    ids = datasets.order_by().values("pk")
    visible = Dataset.objects.filter(pk__in=ids)
    languages = (
        visible.values("languages__tag")
        .exclude(languages__tag=None)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "languages__tag")[:30]
    )
    countries = (
        visible.values("countries__iso3")
        .exclude(countries__iso3=None)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "countries__iso3")[:30]
    )
    access = visible.values("access").annotate(n=Count("pk")).order_by("access")
    tasks: dict[str, int] = {}
    for row in visible.values_list("tasks", flat=True):
        for task in row or []:
            tasks[task] = tasks.get(task, 0) + 1
    task_labels = dict(Task.choices)
    access_labels = dict(Dataset.Access.choices)
    return {
        "language": [Facet(r["languages__tag"], r["languages__tag"], r["n"]) for r in languages],
        "country": [Facet(r["countries__iso3"], r["countries__iso3"], r["n"]) for r in countries],
        "access": [Facet(r["access"], str(access_labels[r["access"]]), r["n"]) for r in access],
        "task": [
            Facet(task, str(task_labels.get(task, task)), count)
            for task, count in sorted(tasks.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def dataset_get(*, actor: Actor, pk: int) -> Dataset:
    """Return one dataset `actor` may see; raise NotFound for a missing or hidden one."""
    dataset = (
        scope(actor, "data.view_dataset", Dataset.objects.all())
        .select_related("trust", "trust__trustee", "created_by")
        .prefetch_related("languages", "countries", "topics", "sdgs")
        .filter(pk=pk)
        .first()
    )
    if dataset is None:
        raise NotFound()
    return dataset


def dataset_files_readable(*, actor: Actor, dataset: Dataset) -> bool:
    """Whether `actor` may read the dataset's files and sample (open, entitled or deciding)."""
    return has(actor, "data.read_dataset_files", dataset)


def dataset_is_managed(*, actor: Actor, dataset: Dataset) -> bool:
    return has(actor, "data.manage_dataset", dataset)


def dataset_files(*, actor: Actor, dataset: Dataset) -> QuerySet[DatasetFile]:
    """Return the dataset's files if `actor` may read them, else none (their names, sizes and
    number are restricted metadata)."""
    files = DatasetFile.objects.filter(version__dataset=dataset).select_related("version")
    if not dataset_files_readable(actor=actor, dataset=dataset):
        return files.none()
    return files.order_by("-version__created_at", "name", "pk")


def dataset_file_get(*, actor: Actor, dataset_pk: int, file_pk: int) -> DatasetFile:
    """Return a file to download. Raise NotFound (dataset hidden, or no such file) or NotAllowed
    (the dataset is seen but its files need a live entitlement)."""
    dataset = dataset_get(actor=actor, pk=dataset_pk)
    if not dataset_files_readable(actor=actor, dataset=dataset):
        raise NotAllowed()
    found = DatasetFile.objects.filter(version__dataset=dataset, pk=file_pk).first()
    if found is None:
        raise NotFound()
    return found


def dataset_sample(*, actor: Actor, dataset: Dataset) -> str:
    return dataset.sample if dataset_files_readable(actor=actor, dataset=dataset) else ""


def dataset_croissant(*, actor: Actor, pk: int, base_url: str) -> dict[str, Any]:
    """Return the dataset's Croissant 1.1 JSON-LD as `actor` may see it: without files unless
    they may read them."""
    dataset = dataset_get(actor=actor, pk=pk)
    readable = dataset_files_readable(actor=actor, dataset=dataset)
    files = None
    if readable:
        files = [
            CroissantFile(
                name=item.name,
                url=item.url or f"{base_url}/api/data/datasets/{dataset.pk}/files/{item.pk}",
                content_type=item.content_type,
                sha256=item.sha256,
                size=item.size,
            )
            for item in dataset_files(actor=actor, dataset=dataset)
        ]
    latest = dataset.versions.order_by("-created_at", "-pk").first()
    return croissant_document(
        url=f"{base_url}{dataset.get_absolute_url()}",
        title=dataset.title,
        description=dataset.description,
        license=dataset.license,
        publisher=dataset.publisher,
        version=latest.version if latest else "",
        published_at=dataset.created_at,
        languages=[language.tag for language in dataset.languages.all()],
        countries=[(country.iso3, country.name) for country in dataset.countries.all()],
        keywords=[topic.slug for topic in dataset.topics.all()] + list(dataset.tasks),
        rai=dataset.rai,
        derived_from=dataset.derived_from,
        policy=dataset.policy or None,
        files=files,
    )


def trust_list(*, actor: Actor) -> QuerySet[DataTrust]:
    return (
        scope(actor, "data.view_trust", DataTrust.objects.all())
        .select_related("trustee")
        .order_by("name")
    )


def trust_get(*, actor: Actor, slug: str) -> DataTrust:
    trust = trust_list(actor=actor).filter(slug=slug).first()
    if trust is None:
        raise NotFound()
    return trust


def trust_get_for_publishing(*, actor: Actor, pk: int | None) -> DataTrust | None:
    """Return the trust a new dataset goes into (None: outside a trust); NotFound if unknown."""
    if pk is None:
        return None
    trust = trust_list(actor=actor).filter(pk=pk).first()
    if trust is None:
        raise NotFound()
    return trust


def trust_parties(*, actor: Actor, trustee: int, members: list[str]) -> tuple[Any, list[Any]]:
    """Return the trustee organisation and the member accounts (named by e-mail) of a new
    trust; raise InvalidInput naming the unknown ones."""
    errors = []
    organisation = accounts.organisation_list(actor=actor).filter(pk=trustee).first()
    if organisation is None:
        errors.append(field_error("trustee", "unknown", _("No such organisation.")))
    found = accounts.users_by_email(emails=members)
    people = []
    for position, email in enumerate(members):
        person = found.get(email.strip().lower())
        if person is None:
            errors.append(
                field_error(f"members[{position}]", "unknown", _("No account has this address."))
            )
        else:
            people.append(person)
    if errors:
        raise InvalidInput(errors=errors)
    return organisation, people

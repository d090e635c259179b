"""/api/data/ catalogue routes: datasets, their files, Croissant out and in, trusts, gaps.

A dataset the caller may not see is answered 404 like a missing one; the files of a restricted
dataset without a live entitlement are absent from the dataset's answer and its Croissant
export, and their download is answered 403.
"""

import json
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from ninja import Body, Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.data import selectors, services
from aigov.data.files import file_response
from aigov.data.models import Dataset, DatasetFile

router = Router()

PK = Annotated[int, Field(ge=1, le=2**53)]
Code = Annotated[str, Field(min_length=1, max_length=20)]


class DatasetIn(Schema):
    title: str = Field(max_length=300)
    description: str = Field(max_length=20000)
    languages: list[Code] = Field(default_factory=list, max_length=200)
    countries: list[Code] = Field(default_factory=list, max_length=300)
    license: str = Field(max_length=200)
    access: Literal["open", "restricted"]
    policy: dict[str, Any] | None = None
    publisher: str = Field("", max_length=300)
    trust: PK | None = None
    topics: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=50)
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default_factory=list, max_length=17)
    tasks: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    sources: list[dict[str, str]] = Field(default_factory=list, max_length=50)
    collection_method: str = Field("", max_length=10000)
    consent_basis: str = Field("", max_length=30)
    derived_from: list[dict[str, str]] = Field(default_factory=list, max_length=50)
    rai: dict[str, Any] = Field(default_factory=dict)
    sample: str = Field("", max_length=20000)
    version: str = Field("1.0", max_length=40)
    status: Literal["draft", "published"] = "published"


class DatasetFileOut(Schema):
    id: int
    name: str
    version: str
    content_type: str
    size: int | None
    sha256: str
    link: str
    url: str


class DatasetOut(Schema):
    id: int
    title: str
    description: str
    publisher: str
    license: str
    access: str
    status: str
    trust: str | None
    languages: list[str]
    countries: list[str]
    topics: list[str]
    sdgs: list[int]
    tasks: list[str]
    sources: list[dict[str, str]]
    collection_method: str
    consent_basis: str
    derived_from: list[dict[str, str]]
    rai: dict[str, Any]
    policy: dict[str, Any] | None
    is_demo: bool

    @staticmethod
    def resolve_trust(obj: Dataset) -> str | None:
        return obj.trust.slug if obj.trust else None

    @staticmethod
    def resolve_languages(obj: Dataset) -> list[str]:
        return [language.tag for language in obj.languages.all()]

    @staticmethod
    def resolve_countries(obj: Dataset) -> list[str]:
        return [country.iso3 for country in obj.countries.all()]

    @staticmethod
    def resolve_topics(obj: Dataset) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_sdgs(obj: Dataset) -> list[int]:
        return [goal.number for goal in obj.sdgs.all()]

    @staticmethod
    def resolve_policy(obj: Dataset) -> dict[str, Any] | None:
        return obj.policy or None


class DatasetDetailOut(DatasetOut):
    versions: list[str]
    files: list[DatasetFileOut]
    sample: str

    @staticmethod
    def resolve_versions(obj: Dataset) -> list[str]:
        return [version.version for version in obj.versions.all()]

    @staticmethod
    def resolve_files(obj: Dataset) -> list[dict[str, Any]]:
        return [_file(item) for item in getattr(obj, "readable_files", [])]

    @staticmethod
    def resolve_sample(obj: Dataset) -> str:
        return str(getattr(obj, "readable_sample", ""))


def _file(item: DatasetFile) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "version": item.version.version,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "link": item.url,
        "url": f"/api/data/datasets/{item.version.dataset_id}/files/{item.pk}",
    }


def _detail(request: HttpRequest, dataset: Dataset) -> Dataset:
    """Attach what the caller may read of the files and sample (restricted metadata)."""
    dataset.readable_files = list(selectors.dataset_files(actor=request.user, dataset=dataset))  # type: ignore[attr-defined]  # read by DatasetDetailOut
    dataset.readable_sample = selectors.dataset_sample(actor=request.user, dataset=dataset)  # type: ignore[attr-defined]  # read by DatasetDetailOut
    return dataset


@router.get(
    "/datasets",
    response=list[DatasetOut],
    summary="The catalogue, filtered by its facets",
    operation_id="data_datasets",
)
@paginate(Page)
def datasets(
    request: HttpRequest,
    q: Annotated[str, Field(max_length=200)] = "",
    language: Annotated[str, Field(max_length=20)] = "",
    country: Annotated[str, Field(max_length=3)] = "",
    topic: Annotated[str, Field(max_length=80)] = "",
    sdg: Annotated[int, Field(ge=1, le=17)] | None = None,
    task: Annotated[str, Field(max_length=40)] = "",
    access: Literal["open", "restricted", ""] = "",
    trust: Annotated[str, Field(max_length=80)] = "",
) -> Any:
    return selectors.dataset_list(
        actor=request.user,
        query=q,
        language=language,
        country=country,
        topic=topic,
        sdg=sdg,
        task=task,
        access=access,
        trust=trust,
    )


class FacetOut(Schema):
    value: str
    label: str
    count: int


@router.get(
    "/datasets/facets",
    response=dict[str, list[FacetOut]],
    summary="Counts of the datasets you may see, by language, country, access and task",
    operation_id="data_dataset_facets",
)
def dataset_facets(request: HttpRequest) -> Any:
    visible = selectors.dataset_list(actor=request.user)
    return selectors.dataset_facets(actor=request.user, datasets=visible)


@router.post(
    "/datasets",
    response={201: DatasetDetailOut},
    auth=actor_auth,
    summary="Publish a dataset (data trustee or secretariat)",
    operation_id="data_dataset_create",
)
def dataset_create(request: HttpRequest, payload: DatasetIn) -> Status[Any]:
    fields = payload.dict()
    trust = selectors.trust_get_for_publishing(actor=request.user, pk=fields.pop("trust"))
    dataset = services.dataset_create(actor=request.user, trust=trust, **fields)
    return Status(201, _detail(request, dataset))


@router.post(
    "/datasets/import",
    response={201: dict[str, int]},
    auth=actor_auth,
    summary="Import a dataset from a Croissant JSON-LD document",
    operation_id="data_dataset_import",
)
def dataset_import(request: HttpRequest, document: Body[dict[str, Any]]) -> Status[Any]:
    dataset = services.dataset_import_croissant(actor=request.user, document=document)
    return Status(201, {"id": dataset.pk})


@router.get(
    "/datasets/{id}",
    response=DatasetDetailOut,
    summary="One dataset; its files and sample only for open data or with a live entitlement",
    operation_id="data_dataset",
)
def dataset(request: HttpRequest, id: PK) -> Any:
    return _detail(request, selectors.dataset_get(actor=request.user, pk=id))


@router.get(
    "/datasets/{id}/croissant",
    response=dict[str, Any],
    summary="The dataset as Croissant 1.1 JSON-LD",
    operation_id="data_dataset_croissant",
)
def dataset_croissant(request: HttpRequest, id: PK) -> HttpResponse:
    document = selectors.dataset_croissant(
        actor=request.user, pk=id, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(json.dumps(document), content_type="application/ld+json")
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/datasets/{id}/files",
    response={201: DatasetFileOut},
    auth=actor_auth,
    summary="Upload a file to the dataset's latest version (multipart)",
    operation_id="data_file_upload",
)
def file_upload(request: HttpRequest, id: PK, file: File[UploadedFile]) -> Status[Any]:
    dataset = selectors.dataset_get(actor=request.user, pk=id)
    stored = services.dataset_file_upload(actor=request.user, dataset=dataset, upload=file)
    return Status(201, _file(stored))


class FileLinkIn(Schema):
    name: str = Field("", max_length=200)
    url: str = Field(max_length=1000)
    content_type: str = Field("application/octet-stream", max_length=100)
    sha256: str = Field("", max_length=64)


@router.post(
    "/datasets/{id}/links",
    response={201: DatasetFileOut},
    auth=actor_auth,
    summary="Add a file that lives elsewhere (a link out)",
    operation_id="data_file_link",
)
def file_link(request: HttpRequest, id: PK, payload: FileLinkIn) -> Status[Any]:
    dataset = selectors.dataset_get(actor=request.user, pk=id)
    linked = services.dataset_file_link(actor=request.user, dataset=dataset, **payload.dict())
    return Status(201, _file(linked))


@router.get(
    "/datasets/{id}/files/{file_id}",
    summary="Download a file: open data, or with a live entitlement",
    operation_id="data_file_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as uploaded (a link out answers 302 to it).",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def file_download(request: HttpRequest, id: PK, file_id: PK) -> HttpResponseBase:
    found = selectors.dataset_file_get(actor=request.user, dataset_pk=id, file_pk=file_id)
    if found.url:
        return HttpResponseRedirect(found.url)
    return file_response(found)


class TrustOut(Schema):
    id: int
    slug: str
    name: str
    trustee: str
    governing_rules: str

    @staticmethod
    def resolve_trustee(obj: Any) -> str:
        return str(obj.trustee.name)


@router.get(
    "/trusts",
    response=list[TrustOut],
    summary="Data trusts",
    operation_id="data_trusts",
)
@paginate(Page)
def trusts(request: HttpRequest) -> Any:
    return selectors.trust_list(actor=request.user)


class TrustIn(Schema):
    slug: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9]+$")
    name: str = Field(min_length=1, max_length=300)
    trustee: PK
    members: list[Annotated[str, Field(max_length=254)]] = Field(
        default_factory=list, max_length=100
    )
    governing_rules: str = Field("", max_length=20000)


@router.post(
    "/trusts",
    response={201: TrustOut},
    auth=actor_auth,
    summary="Create a data trust (data trustee or secretariat); its creator is a member",
    operation_id="data_trust_create",
)
def trust_create(request: HttpRequest, payload: TrustIn) -> Status[Any]:
    organisation, members = selectors.trust_parties(
        actor=request.user, trustee=payload.trustee, members=payload.members
    )
    trust = services.trust_create(
        actor=request.user,
        slug=payload.slug,
        name=payload.name,
        trustee=organisation,
        members=members,
        governing_rules=payload.governing_rules,
    )
    return Status(201, trust)


class VersionIn(Schema):
    version: str = Field(min_length=1, max_length=40)
    notes: str = Field("", max_length=5000)


class VersionOut(Schema):
    id: int
    version: str
    notes: str


@router.post(
    "/datasets/{id}/versions",
    response={201: VersionOut},
    auth=actor_auth,
    summary="Add a version; files uploaded next go into it",
    operation_id="data_version_add",
)
def version_add(request: HttpRequest, id: PK, payload: VersionIn) -> Status[Any]:
    dataset = selectors.dataset_get(actor=request.user, pk=id)
    added = services.dataset_version_add(
        actor=request.user, dataset=dataset, version=payload.version, notes=payload.notes
    )
    return Status(201, added)


class GapOut(Schema):
    key: str
    label: str
    datasets: int
    needs: int
    tasks_covered: list[str]
    tasks_missing: list[str]
    topics_covered: list[str]
    topics_missing: list[str]


class GapsOut(Schema):
    count: int
    items: list[GapOut]


@router.get(
    "/gaps",
    response=GapsOut,
    summary="Which tasks and topics have datasets, by language, region or income group",
    operation_id="data_gaps",
)
def gaps(
    request: HttpRequest, by: Literal["language", "region", "income_group"] = "language"
) -> Any:
    rows = selectors.gaps(actor=request.user, by=by)
    return {"count": len(rows), "items": rows}

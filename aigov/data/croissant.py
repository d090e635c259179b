"""Croissant 1.1 JSON-LD out and in, through mlcroissant (the MLCommons reference library).

Out: the dataset's metadata, licence, languages, publisher, version, the Croissant RAI fields
and, for whoever may read them, its files as `FileObject`s; beside them the PROV-O lineage
(`prov:wasDerivedFrom` …), the countries covered (`spatialCoverage`), topics and tasks
(`keywords`) and the ODRL use policy (`usageInfo`, as ANCHORS.md asks).
In: a document mlcroissant accepts, read back into the same fields; problems name the field.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import mlcroissant as mlc
from django.utils.translation import gettext as _
from mlcroissant._src.core.context import CroissantVersion

from aigov.core.errors import ErrorItem, field_error
from aigov.data.vocabulary import RAI_FIELDS, ProvRelation

PROV = "http://www.w3.org/ns/prov#"
SPDX_PREFIXES = ("https://spdx.org/licenses/", "http://spdx.org/licenses/")


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


@dataclass
class CroissantFile:
    name: str
    url: str
    content_type: str
    sha256: str = ""
    size: int | None = None


@dataclass
class CroissantRecord:
    """What an imported document says, in this module's terms (codes still unchecked)."""

    title: str
    description: str
    license: str
    publisher: str = ""
    version: str = ""
    languages: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    rai: dict[str, Any] = field(default_factory=dict)
    derived_from: list[dict[str, str]] = field(default_factory=list)
    policy: dict[str, Any] | None = None
    files: list[CroissantFile] = field(default_factory=list)


class CroissantInvalid(ValueError):
    def __init__(self, errors: list[ErrorItem]) -> None:
        super().__init__("; ".join(item["message"] for item in errors))
        self.errors = errors


def croissant_document(
    *,
    url: str,
    title: str,
    description: str,
    license: str,
    publisher: str,
    version: str,
    published_at: datetime.datetime,
    languages: list[str],
    countries: list[tuple[str, str]],
    keywords: list[str],
    rai: dict[str, Any],
    derived_from: list[dict[str, str]],
    policy: dict[str, Any] | None,
    files: list[CroissantFile] | None,
) -> dict[str, Any]:
    """Return the Croissant 1.1 JSON-LD of a dataset; `files` None leaves the distribution out
    (a restricted dataset seen without an entitlement)."""
    ctx = mlc.Context(conforms_to=CroissantVersion.V_1_1)
    rai_values = {
        _snake(key): (value if RAI_FIELDS[key] else str(value))
        for key, value in rai.items()
        if key in RAI_FIELDS and value
    }
    distribution = [
        mlc.FileObject(
            ctx=ctx,
            id=f"file-{number}",
            name=item.name,
            content_url=item.url,
            encoding_formats=[item.content_type],
            sha256=item.sha256 or None,
            content_size=f"{item.size} B" if item.size else None,
        )
        for number, item in enumerate(files or [], start=1)
    ]
    metadata = mlc.Metadata(
        ctx=ctx,
        name=title,
        description=description,
        url=url,
        license=[license],
        in_language=languages or None,
        version=version or None,
        date_published=published_at,
        publisher=[mlc.Organization(ctx=ctx, name=publisher)] if publisher else [],
        keywords=keywords or None,
        distribution=distribution,
        **rai_values,
    )
    document: dict[str, Any] = metadata.to_json()
    document["@context"]["prov"] = PROV
    for relation in ProvRelation.values:
        sources = [
            {"@id": item["iri"], **({"name": item["name"]} if item.get("name") else {})}
            for item in derived_from
            if item.get("relation") == relation
        ]
        if sources:
            document[relation] = sources
    if countries:
        document["spatialCoverage"] = [
            {"@type": "sc:Country", "identifier": code, "name": name} for code, name in countries
        ]
    if policy:
        document["usageInfo"] = policy
    return document


def _text(value: Any) -> str:
    """A Croissant 1.1 text may be tagged by language: take English, else the first."""
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value or "")


def _licence(value: Any) -> str:
    first = value[0] if isinstance(value, list) and value else value
    text = str(getattr(first, "url", None) or getattr(first, "name", None) or first or "")
    for prefix in SPDX_PREFIXES:
        if text.startswith(prefix):
            text = text.removeprefix(prefix).removesuffix(".html").removesuffix(".json")
    return text


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def croissant_read(document: Any) -> CroissantRecord:
    """Return what a Croissant document says; raise CroissantInvalid naming the fields."""
    if not isinstance(document, dict):
        raise CroissantInvalid(
            [field_error("croissant", "not_object", _("Send a Croissant JSON-LD object."))]
        )
    try:
        metadata = mlc.Dataset(jsonld=document).metadata
    except (
        mlc.ValidationError,
        AssertionError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
    ) as refused:
        # mlcroissant asserts and indexes its way through a document: a malformed one can fail
        # anywhere in it. Its ValidationError lists the issues, one a line after a heading.
        raise CroissantInvalid(
            [
                field_error("croissant", "invalid", line.strip(" -"))
                for line in str(refused).splitlines()
                if line.strip(" -")
            ][1:]
            or [field_error("croissant", "invalid", str(refused))]
        ) from None
    errors: list[ErrorItem] = []
    title, description = _text(metadata.name).strip(), _text(metadata.description).strip()
    if not title:
        errors.append(field_error("name", "required", _("The dataset needs a name.")))
    if not description:
        errors.append(field_error("description", "required", _("The dataset needs a description.")))
    licence = _licence(metadata.license)
    if not licence:
        errors.append(field_error("license", "required", _("The dataset needs a licence.")))
    files: list[CroissantFile] = []
    for number, item in enumerate(metadata.distribution):
        url = str(getattr(item, "content_url", "") or "")
        if not isinstance(item, mlc.FileObject):
            continue  # a FileSet describes files inside an archive, not a download
        if not url.startswith(("https://", "http://")):
            errors.append(
                field_error(
                    f"distribution[{number}].contentUrl",
                    "not_a_link",
                    _("Only files at an http or https address can be imported; upload others."),
                )
            )
            continue
        formats = getattr(item, "encoding_formats", None) or ["application/octet-stream"]
        files.append(
            CroissantFile(
                name=_text(item.name)[:200],
                url=url,
                content_type=str(formats[0])[:100],
                sha256=str(item.sha256 or "") if len(str(item.sha256 or "")) == 64 else "",
            )
        )
    if errors:
        raise CroissantInvalid(errors)
    rai: dict[str, Any] = {}
    for key, many in RAI_FIELDS.items():
        value = getattr(metadata, _snake(key), None)
        if value:
            rai[key] = [str(v) for v in _list(value)] if many else str(value)
    derived = [
        {
            "relation": relation,
            "iri": str(source.get("@id", "")),
            "name": str(source.get("name", "")),
        }
        for relation in ProvRelation.values
        for source in _list(document.get(relation))
        if isinstance(source, dict) and source.get("@id")
    ]
    places = [
        str(place.get("identifier", ""))
        for place in _list(document.get("spatialCoverage"))
        if isinstance(place, dict)
    ]
    usage = document.get("usageInfo")
    publishers = [_text(getattr(p, "name", "")) for p in metadata.publisher or []]
    return CroissantRecord(
        title=title[:300],
        description=description,
        license=licence,
        publisher=next((name for name in publishers if name), "")[:300],
        version=str(metadata.version or "")[:40],
        languages=[str(tag) for tag in _list(metadata.in_language)],
        countries=[code for code in places if code],
        keywords=[str(word) for word in _list(metadata.keywords)],
        rai=rai,
        derived_from=derived,
        policy=usage
        if isinstance(usage, dict) and ("permission" in usage or "prohibition" in usage)
        else None,
        files=files,
    )

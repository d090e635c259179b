"""Writes to the catalogue: datasets, their versions and files, trusts, Croissant imports."""

import os
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from license_expression import ExpressionError, get_spdx_licensing

from aigov.accounts.access import Actor, account_required, require
from aigov.accounts.models import Organisation
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, error_items, field_error
from aigov.core.search import index as search_index
from aigov.data import policy as odrl
from aigov.data.croissant import CroissantInvalid, croissant_read
from aigov.data.files import FileRefused, file_check, file_digest, store
from aigov.data.models import Dataset, DatasetFile, DatasetVersion, DataTrust
from aigov.data.vocabulary import RAI_FIELDS, ConsentBasis, ProvRelation, Task
from aigov.taxonomy.models import Country, Language, SustainableDevelopmentGoal, Topic

_licensing = get_spdx_licensing()


def licence_normalise(text: str) -> str:
    """Return the SPDX expression `text` in its normal spelling; raise ValueError if it is not
    one (the SPDX licence list shipped with license-expression)."""
    try:
        info = _licensing.validate(text.strip())
    except (ExpressionError, AttributeError):
        # Characters no licence key has: license-expression 30.4 raises ExpressionError, or
        # AttributeError from inside its own handler of it.
        raise ValueError(text) from None
    if info.errors or not info.normalized_expression:
        raise ValueError(text)
    return str(info.normalized_expression)


def known_country_codes() -> frozenset[str]:
    return frozenset(Country.objects.values_list("iso3", flat=True))


def _codes(
    errors: list[ErrorItem], field: str, values: Iterable[Any], known: dict[str, Any]
) -> list[Any]:
    found = []
    for position, value in enumerate(values):
        record = known.get(str(value).lower())
        if record is None:
            errors.append(
                field_error(
                    f"{field}[{position}]",
                    "unknown",
                    _("%(value)s is not in the shared vocabulary.") % {"value": value},
                )
            )
        else:
            found.append(record)
    return found


def _links(errors: list[ErrorItem], field: str, items: Iterable[Any], relation: bool) -> list[Any]:
    cleaned = []
    for position, item in enumerate(items):
        where = f"{field}[{position}]"
        address = str(item.get("iri" if relation else "url", "")) if isinstance(item, dict) else ""
        if not address.startswith(("https://", "http://", "urn:", "doi:")):
            errors.append(field_error(where, "bad_link", _("Give an http(s), DOI or URN address.")))
            continue
        entry = {"name": str(item.get("name", ""))[:300]}
        if relation:
            kind = str(item.get("relation", ProvRelation.DERIVED_FROM))
            if kind not in ProvRelation.values:
                errors.append(
                    field_error(f"{where}.relation", "bad_relation", _("Unknown PROV-O relation."))
                )
                continue
            entry.update(relation=kind, iri=address[:1000])
        else:
            entry["url"] = address[:1000]
        cleaned.append(entry)
    return cleaned


def _rai(errors: list[ErrorItem], rai: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in rai.items():
        if key not in RAI_FIELDS:
            errors.append(
                field_error(f"rai.{key}", "unknown_field", _("Not a Croissant RAI field."))
            )
        elif RAI_FIELDS[key]:
            cleaned[key] = [str(v)[:5000] for v in (value if isinstance(value, list) else [value])]
        else:
            cleaned[key] = str(value)[:5000]
    return cleaned


@transaction.atomic
def dataset_create(
    *,
    actor: Actor,
    title: str,
    description: str,
    license: str,
    access: str,
    languages: Iterable[str] = (),
    countries: Iterable[str] = (),
    policy: dict[str, Any] | None = None,
    publisher: str = "",
    trust: DataTrust | None = None,
    topics: Iterable[str] = (),
    sdgs: Iterable[int] = (),
    tasks: Iterable[str] = (),
    sources: Iterable[dict[str, Any]] = (),
    collection_method: str = "",
    consent_basis: str = "",
    derived_from: Iterable[dict[str, Any]] = (),
    rai: dict[str, Any] | None = None,
    sample: str = "",
    version: str = "1.0",
    status: str = Dataset.Status.PUBLISHED,
    is_demo: bool = False,
) -> Dataset:
    """Publish a dataset (or keep it as a draft) with its first version; return it.

    Raise NotAllowed (data trustees of the trust, or the secretariat) or InvalidInput naming
    each bad field (licence not SPDX, codes outside the taxonomy, an unreadable policy, a
    restricted dataset without a policy); nothing is written on error.
    """
    require(actor, "data.publish_dataset", trust)
    errors: list[ErrorItem] = []
    try:
        licence = licence_normalise(license)
    except ValueError:
        licence = ""
        errors.append(
            field_error(
                "license",
                "not_spdx",
                _("%(value)s is not an SPDX licence identifier or expression, such as CC-BY-4.0.")
                % {"value": license},
            )
        )
    if access not in Dataset.Access.values:
        errors.append(field_error("access", "invalid", _("Access is open or restricted.")))
    language_rows = _codes(
        errors, "languages", languages, {row.tag.lower(): row for row in Language.objects.all()}
    )
    country_rows = _codes(
        errors, "countries", countries, {c.iso3.lower(): c for c in Country.objects.all()}
    )
    topic_rows = _codes(errors, "topics", topics, {t.slug: t for t in Topic.objects.all()})
    sdg_rows = _codes(
        errors,
        "sdgs",
        sdgs,
        {str(g.number): g for g in SustainableDevelopmentGoal.objects.all()},
    )
    for position, task in enumerate(tasks):
        if task not in Task.values:
            errors.append(field_error(f"tasks[{position}]", "unknown", _("Unknown task.")))
    if consent_basis and consent_basis not in ConsentBasis.values:
        errors.append(field_error("consent_basis", "invalid", _("Unknown consent basis.")))
    if status not in Dataset.Status.values:
        errors.append(field_error("status", "invalid", _("Status is draft or published.")))
    stored_policy: dict[str, Any] = {}
    if policy:
        try:
            compiled = odrl.policy_read(policy, known_countries=known_country_codes())
            stored_policy = odrl.policy_document(compiled)
        except odrl.PolicyInvalid as invalid:
            errors.extend(invalid.errors)
    elif access == Dataset.Access.RESTRICTED:
        errors.append(
            field_error("policy", "required", _("A restricted dataset needs a use policy."))
        )
    clean_sources = _links(errors, "sources", sources, relation=False)
    clean_derived = _links(errors, "derived_from", derived_from, relation=True)
    clean_rai = _rai(errors, rai or {})
    if not title.strip():
        errors.append(field_error("title", "required", _("Give the dataset a title.")))
    if not description.strip():
        errors.append(field_error("description", "required", _("Describe the dataset.")))
    if errors:
        raise InvalidInput(errors=errors)
    dataset = Dataset(
        title=title.strip(),
        description=description.strip(),
        publisher=publisher or (trust.trustee.name if trust else ""),
        license=licence,
        access=access,
        status=status,
        trust=trust,
        created_by=account_required(actor),
        tasks=sorted(set(tasks)),
        sources=clean_sources,
        collection_method=collection_method,
        consent_basis=consent_basis,
        derived_from=clean_derived,
        rai=clean_rai,
        sample=sample,
        policy=stored_policy,
        is_demo=is_demo,
    )
    dataset.full_clean(exclude=["created_by"])
    dataset.save()
    if stored_policy:
        stored_policy["uid"] = f"urn:aigov:data:dataset:{dataset.pk}:policy"
        stored_policy["target"] = f"urn:aigov:data:dataset:{dataset.pk}"
        dataset.policy = stored_policy
        dataset.save(update_fields=["policy"])
    dataset.languages.set(language_rows)
    dataset.countries.set(country_rows)
    dataset.topics.set(topic_rows)
    dataset.sdgs.set(sdg_rows)
    DatasetVersion.objects.create(dataset=dataset, version=version or "1.0")
    audit.record(actor=actor, action="data.dataset.create", obj=dataset)
    transaction.on_commit(lambda: search_index.refresh(dataset))
    return dataset


@transaction.atomic
def dataset_version_add(
    *, actor: Actor, dataset: Dataset, version: str, notes: str = ""
) -> DatasetVersion:
    """Add a version to `dataset`. Raise NotAllowed or InvalidInput (a version it has)."""
    require(actor, "data.manage_dataset", dataset)
    if not version.strip() or dataset.versions.filter(version=version.strip()).exists():
        raise InvalidInput(
            errors=[field_error("version", "taken", _("Give a new version number."))]
        )
    added = DatasetVersion.objects.create(dataset=dataset, version=version.strip(), notes=notes)
    audit.record(actor=actor, action="data.version.create", obj=added)
    return added


def _latest_version(dataset: Dataset) -> DatasetVersion:
    version = dataset.versions.order_by("-created_at", "-pk").first()
    if version is None:
        version = DatasetVersion.objects.create(dataset=dataset, version="1.0")
    return version


@transaction.atomic
def dataset_file_upload(*, actor: Actor, dataset: Dataset, upload: Any) -> DatasetFile:
    """Store an uploaded file in the dataset's latest version; return it.

    Raise NotAllowed (who decides about the dataset) or InvalidInput (type, size or content
    refused); nothing is stored on error.
    """
    require(actor, "data.manage_dataset", dataset)
    name = os.path.basename(str(getattr(upload, "name", "") or ""))
    try:
        kind = file_check(name=name, size=int(upload.size or 0), stream=upload)
    except FileRefused as refused:
        raise InvalidInput(errors=[field_error("file", refused.code, refused.message)]) from None
    digest = file_digest(upload)
    stored = store(upload, kind)
    try:
        dataset_file = DatasetFile.objects.create(
            version=_latest_version(dataset),
            name=name,
            stored_name=stored,
            content_type=kind.content_type,
            size=int(upload.size),
            sha256=digest,
            uploaded_by=account_required(actor),
        )
    except Exception:
        default_storage.delete(stored)
        raise
    audit.record(actor=actor, action="data.file.upload", obj=dataset_file)
    return dataset_file


@transaction.atomic
def dataset_file_link(
    *, actor: Actor, dataset: Dataset, name: str, url: str, content_type: str, sha256: str = ""
) -> DatasetFile:
    """Record a file that lives elsewhere (a link out). Raise NotAllowed or InvalidInput."""
    require(actor, "data.manage_dataset", dataset)
    if not url.startswith(("https://", "http://")):
        raise InvalidInput(errors=[field_error("url", "bad_link", _("Give an http(s) address."))])
    dataset_file = DatasetFile(
        version=_latest_version(dataset),
        name=name[:200] or url.rsplit("/", 1)[-1][:200] or "file",
        url=url,
        content_type=content_type[:100] or "application/octet-stream",
        sha256=sha256 if len(sha256) == 64 else "",
        uploaded_by=account_required(actor),
    )
    dataset_file.full_clean(exclude=["version", "uploaded_by"])
    dataset_file.save()
    audit.record(actor=actor, action="data.file.link", obj=dataset_file)
    return dataset_file


@transaction.atomic
def dataset_import_croissant(
    *, actor: Actor, document: Any, trust: DataTrust | None = None
) -> Dataset:
    """Create a dataset from a Croissant JSON-LD document (mlcroissant reads it), with its
    linked files. Raise NotAllowed or InvalidInput naming the field."""
    require(actor, "data.publish_dataset", trust)
    try:
        record = croissant_read(document)
    except CroissantInvalid as invalid:
        raise InvalidInput(errors=invalid.errors) from None
    errors: list[ErrorItem] = []
    try:
        licence_normalise(record.license)
    except ValueError:
        errors.append(
            field_error(
                "license",
                "not_spdx",
                _("%(value)s is not an SPDX licence identifier.") % {"value": record.license},
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    try:
        dataset = dataset_create(
            actor=actor,
            title=record.title,
            description=record.description,
            license=record.license,
            access=Dataset.Access.RESTRICTED if record.policy else Dataset.Access.OPEN,
            languages=record.languages,
            countries=record.countries,
            policy=record.policy,
            publisher=record.publisher,
            trust=trust,
            tasks=[word for word in record.keywords if word in Task.values],
            derived_from=record.derived_from,
            rai=record.rai,
            version=record.version or "1.0",
        )
    except InvalidInput as invalid:
        # Name the Croissant properties, not this module's parameters.
        renamed = {"languages": "inLanguage", "countries": "spatialCoverage", "policy": "usageInfo"}
        raise InvalidInput(
            errors=[
                {**item, "field": _croissant_field(str(item.get("field") or ""), renamed)}
                for item in invalid.errors
            ]
        ) from None
    for item in record.files:
        dataset_file_link(
            actor=actor,
            dataset=dataset,
            name=item.name,
            url=item.url,
            content_type=item.content_type,
            sha256=item.sha256,
        )
    audit.record(actor=actor, action="data.dataset.import", obj=dataset)
    return dataset


def _croissant_field(field: str, renamed: dict[str, str]) -> str:
    head, dot, rest = field.partition(".")
    bracket = head.find("[")
    stem = head[:bracket] if bracket >= 0 else head
    if stem in renamed:
        return renamed[stem] + head[len(stem) :] + dot + rest
    return field


@transaction.atomic
def trust_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    trustee: Organisation,
    members: Iterable[Any],
    governing_rules: str = "",
    is_demo: bool = False,
) -> DataTrust:
    """Create a data trust. Raise NotAllowed (data trustees, secretariat) or InvalidInput."""
    require(actor, "data.create_trust")
    trust = DataTrust(
        slug=slug, name=name, trustee=trustee, governing_rules=governing_rules, is_demo=is_demo
    )
    try:
        trust.full_clean()  # a slug in use is refused here, naming the field
    except ValidationError as invalid:
        raise InvalidInput(errors=error_items(invalid)) from None
    trust.save()
    trust.members.set([account_required(actor), *members])
    audit.record(actor=actor, action="data.trust.create", obj=trust)
    transaction.on_commit(lambda: search_index.refresh(trust))
    return trust

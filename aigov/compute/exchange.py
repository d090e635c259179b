"""The compute module's dataset for `aigov import` and `aigov export`: `compute-resources`, the
catalogue in the one vocabulary every node uses (CSV, XLSX or JSON).

An export re-imports unchanged. Rows are matched by `slug`: a new slug describes a resource of
the row's node, a known one changes only the columns the file has; through the services as the
importing actor, so a node operator imports only their own nodes' resources. Every row is
checked first and the file is written in one transaction or not at all (aigov.core.exchange).
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Field
from django.forms.models import fields_for_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor, has
from aigov.capacity import selectors as capacity
from aigov.compute import selectors, services
from aigov.compute.models import Resource
from aigov.core.errors import InvalidInput, NotFound, field_error
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset

# The resource's own fields, in the catalogue's order; `node` is the node's slug.
FIELDS = (
    "name",
    "kind",
    "unit",
    "capacity",
    "period",
    "scheduler",
    "slurm_cluster",
    "slurm_partition",
    "kubernetes_namespace",
    "rate",
    "currency",
    "billing_weight",
    "accelerator_model",
    "accelerator_count",
    "memory_gb",
    "fp16_tflops",
    "fp32_tflops",
    "interconnect",
    "energy_source",
    "carbon_intensity",
    "energy_per_unit_kwh",
    "time_critical_review_hours",
    "is_active",
)
COLUMNS = ("slug", "node", *FIELDS, "is_demo")
# Fields with a default: a row may leave them empty (a new resource takes the default, a known
# one keeps its value).
DEFAULTED = (
    "period",
    "scheduler",
    "currency",
    "billing_weight",
    "time_critical_review_hours",
    "is_active",
)


def resources_of(*, actor: Actor) -> Any:
    """Every resource of the catalogue, open to requests or not."""
    return selectors.resource_list(actor=actor, active_only=False)


def resource_row(resource: Resource) -> Mapping[str, Any]:
    row: dict[str, Any] = {"slug": resource.slug, "node": resource.node.slug}
    for name in FIELDS:
        value = getattr(resource, name)
        row[name] = "" if value is None else value
    row["is_demo"] = resource.is_demo
    return row


def _row_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        "slug": forms.SlugField(max_length=80, help_text=_("Identifies the resource.")),
        "node": forms.SlugField(help_text=_("The slug of the capacity node that offers it.")),
    }
    fields.update(fields_for_model(Resource, fields=FIELDS))
    for name in FIELDS:
        # The model's own checks (no negative rate, a known currency), so that every row's
        # problems are reported at once, before anything is written.
        model_field = Resource._meta.get_field(name)
        assert isinstance(model_field, Field)
        own = fields[name].validators
        own += [v for v in model_field.validators if v not in own]
    for name in DEFAULTED:
        fields[name].required = False  # an empty cell: the default for a new resource
    # A file says yes or no; an empty cell leaves an existing resource as it is.
    fields["is_active"] = forms.NullBooleanField(
        required=False, help_text=_("Open to requests: true or false.")
    )
    return fields


ResourceRow = type("ResourceRow", (forms.Form,), _row_fields())


def _not_yours(field: str, message: str) -> InvalidInput:
    # Named on the row, so that one row of another node's does not hide the file's others.
    return InvalidInput(errors=[field_error(field, "not_yours", message)])


def resource_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Describe the resource of a new slug, or change the given columns of a known one."""
    try:
        node = capacity.node_get(slug=values["node"])
    except NotFound as missing:
        raise InvalidInput(errors=missing.errors) from missing
    fields = {
        name: value
        for name, value in values.items()
        if name in FIELDS and not (name in DEFAULTED and value in (None, ""))
    }
    existing = selectors.resource_by_slug(slug=values["slug"])
    if existing is None:
        if not has(actor, "compute.create_resource", node):
            raise _not_yours(
                "node", gettext("You may add resources only to the nodes you operate.")
            )
        services.resource_create(actor=actor, node=node, slug=values["slug"], **fields)
        return Outcome.CREATED
    if not has(actor, "compute.change_resource", existing) or (
        node.pk != existing.node_id and not has(actor, "compute.create_resource", node)
    ):
        raise _not_yours(
            "slug", gettext("A resource with this slug exists and you may not change it.")
        )
    changed = services.resource_update(actor=actor, resource=existing, node=node, **fields)
    return Outcome.UPDATED if changed else Outcome.UNCHANGED


def register() -> None:
    register_dataset(
        Dataset(
            slug="compute-resources",
            label=_("Compute resources"),
            exporter=Exporter(columns=COLUMNS, records=resources_of, row=resource_row),
            importer=Importer(form=ResourceRow, apply=resource_import_row, natural_key=("slug",)),
        )
    )

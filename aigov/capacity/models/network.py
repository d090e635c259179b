"""The network: nodes (capacity development centres) and providers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel, choice_labels
from aigov.core.translation import TranslatedTextField, pick
from aigov.taxonomy.models import RegionalGroup

# The longest text per language each translated field takes (forms, API and import check the
# same lengths; a longer text is refused, never cut short).
NAME_LENGTH = 300


class NodeService(models.TextChoices):
    TRAINING = "training", _("Training")
    COMPUTE = "compute", _("Compute")
    DATA = "data", _("Data")
    SANDBOX = "sandbox", _("Sandbox")
    FELLOWSHIPS = "fellowships", _("Fellowships")


class Contribution(models.TextChoices):
    MATERIALS = "materials", _("Materials")
    MONEY = "money", _("Money")
    OUTREACH = "outreach", _("Outreach")


def _validate_choices(values: object, choices: type[models.TextChoices], field: str) -> None:
    if not isinstance(values, list) or any(value not in choices.values for value in values):
        raise ValidationError(
            {field: _("Use a list of these values: %(values)s.") % {"values": choices.values}},
            code="invalid_choice",
        )


class Node(DemoMarkedModel, TimeStampedModel):
    """A regional hub or national centre of excellence of the network (HLAB Rec. 4)."""

    class Kind(models.TextChoices):
        REGIONAL_HUB = "regional_hub", _("Regional hub")
        NATIONAL_CENTRE = "national_centre", _("National centre of excellence")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = TranslatedTextField(
        _("names"), max_length=NAME_LENGTH, help_text=_("Name per language code.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(
        _("UN regional group"), max_length=20, choices=RegionalGroup.choices, db_index=True
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    host = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operators"),
        blank=True,
        related_name="operated_nodes",
        help_text=_("Node operators who edit this node's offerings."),
    )

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.names).text or self.slug

    def clean(self) -> None:
        _validate_choices(self.services, NodeService, "services")

    def service_labels(self) -> list[str]:
        return choice_labels(self.services, NodeService)


class Provider(DemoMarkedModel, TimeStampedModel):
    """Who offers or contributes: a node, an affiliated institution or a contributor."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = TranslatedTextField(
        _("names"), max_length=NAME_LENGTH, help_text=_("Name per language code.")
    )
    node = models.ForeignKey(
        Node,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="providers",
        help_text=_("The node this provider belongs to or is affiliated with."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    contributions = models.JSONField(_("contributions"), default=list, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.names).text or self.slug

    def clean(self) -> None:
        _validate_choices(self.contributions, Contribution, "contributions")

    def contribution_labels(self) -> list[str]:
        return choice_labels(self.contributions, Contribution)

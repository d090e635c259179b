"""Contributors, their pledges and their contributions (money and in kind), with evidence."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.fund.models.ledger import Fund, Transaction


class Contributor(DemoMarkedModel, TimeStampedModel):
    """A donor: a government, an organisation, a company or a foundation."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        ORGANISATION = "organisation", _("Organisation")
        COMPANY = "company", _("Company")
        FOUNDATION = "foundation", _("Foundation")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    # The people who act for the donor: they record its contributions and read its statement.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="fund_contributors", blank=True
    )

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_sector(self) -> bool:
        return self.kind in (self.Kind.GOVERNMENT, self.Kind.ORGANISATION)


class Restriction(models.Model):
    """Earmarking shared by pledges and contributions: by theme, country or SDG, or none."""

    restricted_theme = models.CharField(_("restricted to theme"), max_length=200, blank=True)
    restricted_countries = models.ManyToManyField(
        "taxonomy.Country", verbose_name=_("restricted to countries"), related_name="+", blank=True
    )
    restricted_sdgs = models.ManyToManyField(
        "taxonomy.SustainableDevelopmentGoal",
        verbose_name=_("restricted to SDGs"),
        related_name="+",
        blank=True,
    )
    is_restricted = models.BooleanField(_("restricted"), default=False)
    # Private records are read by the secretariat and the donor's own members only: in pages,
    # the API, exports and every count.
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        abstract = True


class Pledge(DemoMarkedModel, TimeStampedModel, Restriction):
    """A donor's promise to give; it is not posted to the books until money or goods arrive."""

    fund = models.ForeignKey(Fund, related_name="pledges", on_delete=models.PROTECT)
    contributor = models.ForeignKey(Contributor, related_name="pledges", on_delete=models.PROTECT)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    pledged_on = models.DateField(_("pledged on"))
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pledged_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_pledge_positive")
        ]

    def __str__(self) -> str:
        return f"{self.contributor} {self.currency} {self.amount}"


class Contribution(DemoMarkedModel, TimeStampedModel, Restriction):
    """Money or goods and services received; `amount` is the money, or the valuation of what
    was given in kind (quantity times unit value, by the stated method)."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        IN_KIND = "in_kind", _("In kind")

    class InKindType(models.TextChoices):
        COMPUTE_HOURS = "compute_hours", _("Compute hours")
        DATASET = "dataset", _("Dataset")
        EXPERT_DAYS = "expert_days", _("Expert days")
        TRAINING_SEATS = "training_seats", _("Training seats")
        OTHER = "other", _("Other goods or services")

    class Valuation(models.TextChoices):
        MARKET_RATE = "market_rate", _("Market rate")
        COST = "cost", _("Cost")
        AGREED_VALUE = "agreed_value", _("Agreed value")

    fund = models.ForeignKey(Fund, related_name="contributions", on_delete=models.PROTECT)
    contributor = models.ForeignKey(
        Contributor, related_name="contributions", on_delete=models.PROTECT
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, related_name="contributions", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    description = models.CharField(_("description"), max_length=500)
    in_kind_type = models.CharField(
        _("what was given"), max_length=20, choices=InKindType.choices, blank=True
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    valuation_method = models.CharField(
        _("valuation method"), max_length=20, choices=Valuation.choices, blank=True
    )
    unit_value = models.DecimalField(
        _("unit value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # Links to the records in compute, data or capacity that show the goods were given.
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    transaction = models.OneToOneField(
        Transaction, null=True, related_name="contribution", on_delete=models.PROTECT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-value_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_contribution_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="financial")
                | (
                    models.Q(kind="in_kind", quantity__gt=0)
                    & ~models.Q(valuation_method="")
                    & ~models.Q(unit="")
                ),
                name="fund_contribution_in_kind_valued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} {self.currency} {self.amount}"


def evidence_storage_name(extension: str) -> str:
    """Return a path under MEDIA_ROOT that tells nothing: a random name, the document's type."""
    return f"fund/evidence/{secrets.token_hex(16)}.{extension}"


class EvidenceDocument(TimeStampedModel):
    """A document uploaded as evidence of a contribution (a delivery note, a valuation);
    reached only through the permission-checked download."""

    contribution = models.ForeignKey(
        Contribution, related_name="documents", on_delete=models.CASCADE
    )
    stored_name = models.CharField(_("stored as"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ["contribution_id", "pk"]

    def __str__(self) -> str:
        return self.original_name

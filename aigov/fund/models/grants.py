"""Calls for proposals, applications and their reviews, grants, tranches, disbursements, and
what grantees report against their indicators."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.fund.models.ledger import ZERO, Fund, Transaction


class Call(DemoMarkedModel, TimeStampedModel):
    """A call for proposals, tied to an item of the priority list and to SDG targets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    fund = models.ForeignKey(Fund, related_name="calls", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # The item of the annual priority investment list (HLAB Box 15) the call answers.
    priority = models.CharField(_("priority"), max_length=300, blank=True)
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", verbose_name=_("SDG targets"), related_name="+", blank=True
    )
    budget = models.DecimalField(
        _("budget"), null=True, blank=True, max_digits=20, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="fund_call_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Application(DemoMarkedModel, TimeStampedModel):
    """An application to a call, read by its applicant, the reviewers and the secretariat."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    call = models.ForeignKey(Call, related_name="applications", on_delete=models.PROTECT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="fund_applications", on_delete=models.PROTECT
    )
    organisation_name = models.CharField(_("applying organisation"), max_length=300)
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), related_name="+", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    requested_amount = models.DecimalField(_("amount requested"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_note = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gt=0), name="fund_application_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Review(TimeStampedModel):
    """A reviewer's score of an application, after declaring any conflict of interest; a
    reviewer who declares a conflict gives no score."""

    application = models.ForeignKey(Application, related_name="reviews", on_delete=models.CASCADE)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="fund_reviews", on_delete=models.PROTECT
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    conflict_statement = models.TextField(_("conflict of interest declaration"), blank=True)
    score = models.PositiveSmallIntegerField(_("score (1 to 5)"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="fund_review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=(models.Q(has_conflict=True, score__isnull=True))
                | models.Q(has_conflict=False, score__gte=1, score__lte=5),
                name="fund_review_scored_unless_conflicted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.reviewer_id}"


class Grant(DemoMarkedModel, TimeStampedModel):
    """A grant: a commitment in one currency, paid out in disbursements that never exceed it.

    `disbursed` is the running total kept by the disbursement service under a row lock.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    fund = models.ForeignKey(Fund, related_name="grants", on_delete=models.PROTECT)
    application = models.OneToOneField(
        Application, null=True, blank=True, related_name="grant", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=300)
    recipient_name = models.CharField(_("recipient"), max_length=300, blank=True)
    recipient_country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("recipient country"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SustainableDevelopmentGoal",
        verbose_name=_("SDGs"),
        related_name="+",
        blank=True,
    )
    committed = models.DecimalField(_("committed"), max_digits=20, decimal_places=2)
    disbursed = models.DecimalField(_("disbursed"), default=ZERO, max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    committed_on = models.DateField(_("committed on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    commitment = models.OneToOneField(
        Transaction, null=True, related_name="commitment_of", on_delete=models.PROTECT
    )
    # The restricted contribution whose money the grant spends (its earmark must match).
    funded_from = models.ForeignKey(
        "fund.Contribution",
        verbose_name=_("funded from"),
        null=True,
        blank=True,
        related_name="grants_funded",
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-committed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(committed__gt=0), name="fund_grant_positive"),
            models.CheckConstraint(
                condition=models.Q(disbursed__gte=0, disbursed__lte=models.F("committed")),
                name="fund_grant_not_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.disbursed


class Tranche(models.Model):
    """A planned instalment of a grant."""

    grant = models.ForeignKey(Grant, related_name="tranches", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("number"))
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="fund_tranche_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} #{self.number}"


class Disbursement(TimeStampedModel):
    """Money paid out under a grant, posted to the books."""

    grant = models.ForeignKey(Grant, related_name="disbursements", on_delete=models.PROTECT)
    tranche = models.ForeignKey(
        Tranche, null=True, blank=True, related_name="disbursements", on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    transaction = models.OneToOneField(
        Transaction, related_name="disbursement", on_delete=models.PROTECT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["grant_id", "value_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_disbursement_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} {self.currency} {self.amount}"


class GrantReport(TimeStampedModel):
    """A grantee's narrative report for a period."""

    grant = models.ForeignKey(Grant, related_name="reports", on_delete=models.CASCADE)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    narrative = models.TextField(_("narrative"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")
        ordering = ["grant_id", "period_start"]

    def __str__(self) -> str:
        return f"{self.grant_id} {self.period_start.isoformat()}"


class Result(TimeStampedModel):
    """A result measured against an indicator of a grant: baseline, target, actual."""

    grant = models.ForeignKey(Grant, related_name="results", on_delete=models.CASCADE)
    report = models.ForeignKey(
        GrantReport, null=True, blank=True, related_name="results", on_delete=models.SET_NULL
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    actual = models.DecimalField(_("actual"), max_digits=20, decimal_places=4)
    measured_on = models.DateField(_("measured on"))

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["grant_id", "indicator", "measured_on"]

    def __str__(self) -> str:
        return self.indicator


class Expenditure(models.Model):
    """Money the grantee reports having spent under a grant (IATI transaction type 4)."""

    report = models.ForeignKey(GrantReport, related_name="expenditures", on_delete=models.CASCADE)
    grant = models.ForeignKey(Grant, related_name="expenditures", on_delete=models.CASCADE)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["grant_id", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_expenditure_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} {self.currency} {self.amount}"

"""The fund's books: funds, their chart of accounts, transactions and legs, running balances,
and exchange rates.

A transaction is a set of legs whose amounts sum to zero in each currency (debits positive,
credits negative). Services post transactions and never change them: a correction is a
reversing transaction. `AccountBalance` keeps, per account and currency, the running sums of
debits and credits, updated in the same database transaction as each posting, so a balance or
the trial balance reads a handful of rows whatever the number of legs.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel

# Amounts are kept to two decimal places (max_digits=20, decimal_places=2), the minor unit
# of most ISO 4217 currencies; the services refuse amounts that need more.
ZERO = Decimal("0.00")


class Fund(DemoMarkedModel, TimeStampedModel):
    """A pooled fund with its own books (HLAB Recommendation 5: the global fund for AI)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("the fund the API writes to"), default=False)
    # The yearly target the secretariat sets, with its source (HLAB Box 8 puts the need at
    # USD 350 million to 1 billion a year); never filled in by the software.
    target_amount = models.DecimalField(
        _("yearly target"), null=True, blank=True, max_digits=20, decimal_places=2
    )
    target_currency = models.CharField(_("target currency"), max_length=3, default="USD")
    target_source = models.TextField(_("source of the target"), blank=True)
    # The reporting organisation's IATI identifier (registered by the fund with IATI).
    iati_organisation_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    iati_organisation_type = models.CharField(
        _("IATI organisation type"), max_length=3, default="40", blank=True
    )

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="fund_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """An account of a fund's chart of accounts."""

    class Kind(models.TextChoices):
        ASSET = "asset", _("Assets")
        LIABILITY = "liability", _("Liabilities")
        NET_ASSETS_RESTRICTED = "net_assets_restricted", _("Net assets, restricted")
        NET_ASSETS_UNRESTRICTED = "net_assets_unrestricted", _("Net assets, unrestricted")
        INCOME = "income", _("Income")
        EXPENSE = "expense", _("Expenses")

    fund = models.ForeignKey(Fund, related_name="accounts", on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["fund_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "code"], name="fund_account_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_debit_normal(self) -> bool:
        """Assets and expenses grow with debits; the others with credits."""
        return self.kind in (self.Kind.ASSET, self.Kind.EXPENSE)


class Transaction(models.Model):
    """One posting to a fund's books: never edited once written (a correction reverses it)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution received")
        IN_KIND = "in_kind", _("In-kind contribution")
        COMMITMENT = "commitment", _("Grant commitment")
        DISBURSEMENT = "disbursement", _("Disbursement")
        REVERSAL = "reversal", _("Reversal")
        CLOSING = "closing", _("Year-end closing")

    fund = models.ForeignKey(Fund, related_name="transactions", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value_date = models.DateField(_("value date"))
    description = models.CharField(_("description"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        related_name="reversed_by",
        on_delete=models.PROTECT,
    )
    is_demo = models.BooleanField(_("demonstration record"), default=False)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-posted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value_date.isoformat()}"


class Leg(models.Model):
    """One line of a transaction: a signed amount (debit positive, credit negative) in one
    currency on one account."""

    transaction = models.ForeignKey(Transaction, related_name="legs", on_delete=models.PROTECT)
    account = models.ForeignKey(Account, related_name="legs", on_delete=models.PROTECT)
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)

    class Meta:
        verbose_name = _("ledger leg")
        verbose_name_plural = _("ledger legs")
        ordering = ["transaction_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="fund_leg_not_zero"),
        ]
        indexes = [models.Index(fields=["account", "currency"], name="fund_leg_account_currency")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.currency} {self.amount}"

    @property
    def debit(self) -> Decimal:
        return self.amount if self.amount > 0 else ZERO

    @property
    def credit(self) -> Decimal:
        return -self.amount if self.amount < 0 else ZERO


class AccountBalance(models.Model):
    """The running sums of one account's debits and credits in one currency, kept by the
    posting service in the posting's own database transaction."""

    account = models.ForeignKey(Account, related_name="balances", on_delete=models.PROTECT)
    currency = models.CharField(_("currency"), max_length=3)
    debit = models.DecimalField(_("debit"), default=ZERO, max_digits=20, decimal_places=2)
    credit = models.DecimalField(_("credit"), default=ZERO, max_digits=20, decimal_places=2)
    legs = models.PositiveBigIntegerField(_("legs"), default=0)

    class Meta:
        verbose_name = _("account balance")
        verbose_name_plural = _("account balances")
        ordering = ["account_id", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "currency"], name="fund_balance_one_per_currency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.currency}"

    @property
    def balance(self) -> Decimal:
        """Debits less credits (positive: a debit balance)."""
        return self.debit - self.credit


class ExchangeRate(models.Model):
    """How many units of `currency` one US dollar bought on `on` (as UN operational rates are
    published), imported from a CSV file with its source; never estimated by the software."""

    currency = models.CharField(_("currency"), max_length=3)
    on = models.DateField(_("date"))
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=300)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="fund_rate_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(units_per_usd__gt=0), name="fund_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.on.isoformat()} {self.units_per_usd}"


class YearClosing(models.Model):
    """A financial year of a fund closed: its income and expenses moved to net assets by the
    closing transaction. One per fund and year, so a year is never closed twice."""

    fund = models.ForeignKey(Fund, related_name="closings", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    transaction = models.OneToOneField(
        Transaction, null=True, related_name="closing_of", on_delete=models.PROTECT
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    is_demo = models.BooleanField(_("demonstration record"), default=False)

    class Meta:
        verbose_name = _("year-end closing")
        verbose_name_plural = _("year-end closings")
        ordering = ["fund_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_year_closed_once")
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.year}"

"""Shared compute: resources of the network's nodes, projects, requests, allocations, the
movements on each allocation's account, jobs, and the fair-share policy with its per-country
decayed usage (HLAB Rec. 4c, Rec. 5a, para. 136, Box 13; issue 20).

An allocation's balance is never stored: it is the sum of the signed `units` of its movements
(grant +, hold -, release +, charge -, refund +). A job holds what it asked for before it is
dispatched; when it ends the hold is released and the actual usage charged.
"""

from decimal import Decimal

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel


def validate_currency(value: str) -> None:
    if pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            _("Use an ISO 4217 currency code, such as USD or EUR."), code="invalid_currency"
        )


class Kind(models.TextChoices):
    GPU = "gpu", _("GPU")
    CPU = "cpu", _("CPU")
    STORAGE = "storage", _("Storage")


class Unit(models.TextChoices):
    GPU_HOUR = "gpu_hour", _("GPU-hours")
    CORE_HOUR = "core_hour", _("Core-hours")
    TB_MONTH = "tb_month", _("TB-months")


class Period(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


class Scheduler(models.TextChoices):
    LOCAL = "local", _("Local (this server)")
    SLURM = "slurm", _("Slurm")
    KUBERNETES = "kubernetes", _("Kubernetes")


class EnergySource(models.TextChoices):
    UNKNOWN = "", _("Not known")
    GRID = "grid", _("Grid mix")
    RENEWABLE = "renewable", _("Renewable")
    HYDRO = "hydro", _("Hydro")
    NUCLEAR = "nuclear", _("Nuclear")
    FOSSIL = "fossil", _("Fossil")


class Resource(DemoMarkedModel, TimeStampedModel):
    """Compute a node offers, described in one vocabulary across nodes (Action Plan: unified
    compute standards), with the scheduler that runs its jobs."""

    node = models.ForeignKey(
        "capacity.Node",
        verbose_name=_("node"),
        on_delete=models.PROTECT,
        related_name="compute_resources",
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    capacity = models.DecimalField(
        _("capacity per period"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=4,
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.MONTH
    )
    scheduler = models.CharField(
        _("scheduler"), max_length=12, choices=Scheduler.choices, default=Scheduler.LOCAL
    )
    slurm_cluster = models.CharField(_("Slurm cluster"), max_length=100, blank=True)
    slurm_partition = models.CharField(_("Slurm partition"), max_length=100, blank=True)
    kubernetes_namespace = models.CharField(_("Kubernetes namespace"), max_length=63, blank=True)
    rate = models.DecimalField(
        _("cost-recovery rate per unit"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[validate_currency]
    )
    # Slurm's TRESBillingWeights: how much one unit of this resource counts towards fair share.
    billing_weight = models.DecimalField(
        _("fair-share weight per unit"),
        max_digits=8,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    accelerator_model = models.CharField(_("accelerator model"), max_length=100, blank=True)
    accelerator_count = models.PositiveIntegerField(_("accelerators"), null=True, blank=True)
    memory_gb = models.PositiveIntegerField(_("memory per accelerator (GB)"), null=True, blank=True)
    fp16_tflops = models.DecimalField(
        _("peak FP16 (TFLOPS)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fp32_tflops = models.DecimalField(
        _("peak FP32 (TFLOPS)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    interconnect = models.CharField(_("interconnect"), max_length=100, blank=True)
    energy_source = models.CharField(
        _("energy source"), max_length=12, choices=EnergySource.choices, blank=True
    )
    carbon_intensity = models.PositiveIntegerField(
        _("carbon intensity (gCO2e/kWh)"), null=True, blank=True
    )
    # kWh drawn per unit, to turn carbon intensity into carbon per unit where both are known.
    energy_per_unit_kwh = models.DecimalField(
        _("energy per unit (kWh)"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    time_critical_review_hours = models.PositiveIntegerField(
        _("review deadline for time-critical requests (hours)"), default=24
    )
    is_active = models.BooleanField(_("open to requests"), default=True)

    class Meta:
        verbose_name = _("compute resource")
        verbose_name_plural = _("compute resources")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.scheduler == Scheduler.SLURM and not self.slurm_cluster:
            raise ValidationError(
                {"slurm_cluster": _("Name the Slurm cluster of a Slurm resource.")},
                code="required",
            )
        if self.scheduler == Scheduler.KUBERNETES and not self.kubernetes_namespace:
            raise ValidationError(
                {"kubernetes_namespace": _("Name the namespace of a Kubernetes resource.")},
                code="required",
            )

    @property
    def monthly_capacity(self) -> Decimal:
        return self.capacity / PERIOD_MONTHS[Period(self.period)]

    @property
    def carbon_per_unit(self) -> Decimal | None:
        """Grams of CO2e per unit, where the energy per unit and the intensity are known."""
        if self.carbon_intensity is None or self.energy_per_unit_kwh is None:
            return None
        return self.energy_per_unit_kwh * self.carbon_intensity


class Project(DemoMarkedModel, TimeStampedModel):
    """Research or start-up work that asks for compute (ColdFront's project)."""

    title = models.CharField(_("title"), max_length=300)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.PROTECT,
        related_name="compute_projects_led",
    )
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    purpose = models.TextField(_("purpose"), max_length=10000)
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", verbose_name=_("SDG targets"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members"),
        blank=True,
        related_name="compute_projects",
    )

    class Meta:
        verbose_name = _("compute project")
        verbose_name_plural = _("compute projects")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Priority(models.TextChoices):
    STANDARD = "standard", _("Standard")
    TIME_CRITICAL = "time_critical", _("Time-critical (disaster response, epidemics)")


class FeeReason(models.TextChoices):
    WAIVED_LOW = "waived_low_income", _("Waived: the project's country is low income.")
    WAIVED_LOWER_MIDDLE = (
        "waived_lower_middle_income",
        _("Waived: the project's country is lower-middle income."),
    )
    REDUCED_UPPER_MIDDLE = (
        "reduced_upper_middle_income",
        _("Reduced: the project's country is upper-middle income."),
    )
    FULL = "full", _("Full cost recovery: units times the resource's rate.")


class AllocationRequest(DemoMarkedModel, TimeStampedModel):
    """A request for units of one resource; new, a renewal (later end) or a change (more)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")

    class RequestKind(models.TextChoices):
        NEW = "new", _("New allocation")
        RENEWAL = "renewal", _("Renewal (later end)")
        CHANGE = "change", _("Change (more units)")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="requests"
    )
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(
        _("kind of request"), max_length=10, choices=RequestKind.choices, default=RequestKind.NEW
    )
    allocation = models.ForeignKey(
        "Allocation",
        verbose_name=_("allocation to renew or change"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount"),
        validators=[MinValueValidator(Decimal("0.0001"))],
        max_digits=16,
        decimal_places=4,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    justification = models.TextField(_("justification"), max_length=10000)
    priority = models.CharField(
        _("priority class"), max_length=15, choices=Priority.choices, default=Priority.STANDARD
    )
    time_critical_reason = models.TextField(
        _("why it is time-critical"), max_length=5000, blank=True
    )
    review_due_at = models.DateTimeField(_("review due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    fee_amount = models.DecimalField(_("fee"), max_digits=16, decimal_places=2)
    fee_currency = models.CharField(_("fee currency"), max_length=3)
    fee_waived = models.BooleanField(_("fee waived"), default=False)
    fee_reason = models.CharField(_("why this fee"), max_length=30, choices=FeeReason.choices)
    decision_note = models.TextField(_("decision note"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation request")
        verbose_name_plural = _("allocation requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="compute_request_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.resource}"

    def clean(self) -> None:
        if self.priority == Priority.TIME_CRITICAL and not self.time_critical_reason.strip():
            raise ValidationError(
                {"time_critical_reason": _("Say why this request is time-critical.")},
                code="required",
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("End the period on or after its first day.")}, code="invalid"
            )

    @property
    def fee_reason_text(self) -> str:
        return str(FeeReason(self.fee_reason).label) if self.fee_reason else ""


class Allocation(DemoMarkedModel, TimeStampedModel):
    """Units of one resource granted to a project for a period; its balance is the sum of its
    movements."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="allocations"
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    request = models.OneToOneField(
        AllocationRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="granted_allocation",
    )
    priority = models.CharField(
        _("priority class"), max_length=15, choices=Priority.choices, default=Priority.STANDARD
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} / {self.resource}"


class Movement(DemoMarkedModel):
    """One entry on an allocation's account; rows are only ever added."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        HOLD = "hold", _("Hold for a job")
        RELEASE = "release", _("Release of a hold")
        CHARGE = "charge", _("Charge")
        REFUND = "refund", _("Refund")

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Signed: grants, releases and refunds add; holds and charges take away.
    units = models.DecimalField(_("units"), max_digits=16, decimal_places=4)
    job = models.ForeignKey(
        "Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["grant", "release", "refund"], units__gte=0)
                    | models.Q(kind__in=["hold", "charge"], units__lte=0)
                ),
                name="compute_movement_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.units}"


class Job(DemoMarkedModel, TimeStampedModel):
    """Work run under an allocation through the resource's scheduler."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="jobs"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="compute_jobs",
    )
    command = models.TextField(_("command"), max_length=20000)
    units = models.DecimalField(
        _("units reserved"),
        validators=[MinValueValidator(Decimal("0.0001"))],
        max_digits=16,
        decimal_places=4,
    )
    walltime_minutes = models.PositiveIntegerField(_("walltime (minutes)"))
    backend = models.CharField(_("scheduler"), max_length=12, choices=Scheduler.choices)
    external_id = models.CharField(_("scheduler job id"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    exit_code = models.IntegerField(_("exit code"), null=True, blank=True)
    output = models.TextField(_("output"), blank=True)
    elapsed_seconds = models.FloatField(_("elapsed seconds"), null=True, blank=True)
    usage = models.DecimalField(
        _("units used"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("compute job")
        verbose_name_plural = _("compute jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"job {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.COMPLETED, self.State.FAILED, self.State.CANCELLED}


class FairSharePolicy(TimeStampedModel):
    """How the federation's capacity is shared among countries; the newest row is in force."""

    floor = models.DecimalField(
        _("floor per country"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0.01"),
        help_text=_("Share every country holding an allocation gets at least (0 to 1)."),
    )
    time_critical_reserve = models.DecimalField(
        _("reserve for time-critical work"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0.10"),
        help_text=_("Part of the capacity kept for time-critical jobs (0 to 1)."),
    )
    half_life_days = models.DecimalField(
        _("usage half-life (days)"), max_digits=6, decimal_places=2, default=Decimal(7)
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fair-share policy")
        verbose_name_plural = _("fair-share policies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(floor__gte=0, floor__lte=1),
                name="compute_policy_floor_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(time_critical_reserve__gte=0, time_critical_reserve__lt=1),
                name="compute_policy_reserve_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(half_life_days__gt=0), name="compute_policy_half_life_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"fair share policy {self.pk}"

    def figures(self) -> dict[str, str]:
        """The policy's numbers as written, without trailing zeros (0.01, not 0.01000)."""
        return {
            name: f"{getattr(self, name).normalize():f}"
            for name in ("floor", "time_critical_reserve", "half_life_days")
        }


class CountryUsage(models.Model):
    """A country's usage over every node, decayed to `as_of`: updated on each charge, so the
    fair share is read from one row per country instead of every job."""

    country = models.OneToOneField(
        "taxonomy.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
    )
    decayed_usage = models.FloatField(_("decayed usage"), default=0.0)
    as_of = models.DateTimeField(_("as of"))

    class Meta:
        verbose_name = _("country compute usage")
        verbose_name_plural = _("country compute usage")

    def __str__(self) -> str:
        return f"{self.country_id}: {self.decayed_usage}"


# The compute landscape's records live beside these (this file's length); Django finds them here.
from aigov.compute.models_top500 import Top500Edition as Top500Edition  # noqa: E402
from aigov.compute.models_top500 import Top500System as Top500System  # noqa: E402

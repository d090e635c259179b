"""Access to restricted data (REMS's model): a request judged against the dataset's policy, a
model agreement for each grant, and the entitlement a grant is."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.data.models.catalogue import Dataset


class Decision(models.TextChoices):
    PERMIT = "permit", _("Permit")
    DENY = "deny", _("Deny")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class AccessRequest(DemoMarkedModel, TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the trustee")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="access_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_access_requests"
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    purposes = models.JSONField(_("purposes"), default=list)
    duration_days = models.PositiveIntegerField(_("duration in days"))
    # What the machine said, and the policy rule that decided it.
    evaluation = models.CharField(_("evaluation"), max_length=14, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    rule = models.CharField(_("deciding rule"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dataset} ({self.requester})"


class Entitlement(TimeStampedModel):
    """Access to one dataset's files for one person, from `starts_at` until `ends_at`, unless
    revoked."""

    request = models.OneToOneField(
        AccessRequest, on_delete=models.PROTECT, related_name="entitlement"
    )
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="entitlements")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_entitlements"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["holder", "dataset", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.holder} → {self.dataset}"

    def is_live(self, at: datetime.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.revoked_at is None and self.starts_at <= moment < self.ends_at


class Agreement(TimeStampedModel):
    """The model agreement of one grant: the template's clauses filled for the request, frozen,
    with the SHA-256 of the text both sides accepted."""

    entitlement = models.OneToOneField(
        Entitlement, on_delete=models.PROTECT, related_name="agreement"
    )
    template_version = models.CharField(_("template version"), max_length=20)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    accepted_by_requester_at = models.DateTimeField(_("accepted by the requester at"))
    accepted_by_trustee_at = models.DateTimeField(_("accepted for the trust at"))
    accepted_for_trust_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")

    def __str__(self) -> str:
        return self.sha256


class DataNeed(DemoMarkedModel, TimeStampedModel):
    """Data someone needs and cannot find (issue 22, item 7; HLAB para. 168): it feeds the
    gaps view beside the catalogue's coverage, and data trustees read it."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_needs"
    )
    language = models.ForeignKey(
        "taxonomy.Language",
        verbose_name=_("language"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country or region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    task = models.CharField(_("task"), max_length=40, blank=True)
    why = models.TextField(_("why it is needed"), max_length=5000)

    class Meta:
        verbose_name = _("data need")
        verbose_name_plural = _("data needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.why[:80]

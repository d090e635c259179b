"""Credentials issued to learners."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models.offerings import Offering
from aigov.core.models import TimeStampedModel


class Credential(TimeStampedModel):
    """An Open Badges 3.0 credential issued to a learner; `document` is the signed JSON-LD."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField(_("status list index"), unique=True)
    document = models.JSONField(_("credential"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.urn

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.id}"

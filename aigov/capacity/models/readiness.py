"""Readiness assessments of a country's capacity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel


class ReadinessAssessment(DemoMarkedModel, TimeStampedModel):
    """A country's readiness self-assessment, answered by its focal points (see readiness.py).

    Drafts are edited, then submitted (scores fixed at submission). Only with the country's
    consent (`is_published`, given by its focal point) is a submitted assessment public.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.CharField(_("instrument version"), max_length=30)
    label = models.CharField(_("label"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("BCP 47 tags of the languages training should be in."),
    )
    scores = models.JSONField(_("scores per dimension"), default=dict, blank=True)
    overall_score = models.PositiveSmallIntegerField(_("overall score"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_published = models.BooleanField(_("published with the country's consent"), default=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        ordering = ["country_id", "-submitted_at", "-pk"]
        indexes = [models.Index(fields=["country", "status"], name="capacity_readiness_country")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(status="submitted"),
                name="capacity_readiness_published_submitted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.label or self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("capacity:readiness-detail", args=[self.pk])

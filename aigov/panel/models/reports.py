"""Reports of the panel: drafts, immutable versions, comments, publications and their PDFs."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.panel.models.roster import WorkingGroup


class Report(DemoMarkedModel, TimeStampedModel):
    """An annual report, quarterly research digest or special report of the panel.

    Its text lives in immutable `ReportVersion`s; publishing freezes one approved version with
    the figures of its embedded survey charts (`ReportPublication`).
    """

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        DIGEST = "digest", _("Quarterly research digest")
        SPECIAL = "special", _("Special report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved for publication")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    original_language = models.CharField(_("original language"), max_length=10, default="en")
    author = models.ForeignKey(
        "accounts.User",
        related_name="panel_reports",
        null=True,
        on_delete=models.SET_NULL,
        verbose_name=_("author"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        related_name="reports",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("working group"),
    )
    approved_version = models.ForeignKey(
        "ReportVersion",
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("approved version"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-published_at", "slug"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("panel:report-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportVersion(models.Model):
    """One saved draft of a report: never changed once written.

    `texts` maps a language code to {"title", "summary", "body"}; `embeds` lists the survey
    charts and tables the body shows ({"survey", "kind", "item", "by"}), placed in the body by
    `[[figure N]]` (N from 1).
    """

    report = models.ForeignKey(Report, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("texts"), default=dict)
    embeds = models.JSONField(_("embedded figures"), default=list, blank=True)
    note = models.CharField(_("note on this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="panel_report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportComment(TimeStampedModel):
    """A review comment of a panel member (or the secretariat) on one version of a report."""

    report = models.ForeignKey(Report, related_name="comments", on_delete=models.CASCADE)
    version = models.ForeignKey(ReportVersion, related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(
        "accounts.User", related_name="+", null=True, on_delete=models.SET_NULL
    )
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


class ReportPublication(models.Model):
    """The published form of a report: its version and its figures, frozen when published.

    `figures` holds, per embed, the analysis numbers and, per language, the chart's SVG and the
    table rows, so responses arriving later change nothing in the published report.
    """

    report = models.OneToOneField(Report, related_name="publication", on_delete=models.CASCADE)
    # Versions are never deleted one by one; they go only with their report.
    version = models.ForeignKey(ReportVersion, related_name="+", on_delete=models.CASCADE)
    figures = models.JSONField(_("frozen figures"), default=list, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", related_name="+", null=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("report publication")
        verbose_name_plural = _("report publications")

    def __str__(self) -> str:
        return f"{self.report_id}@{self.published_at:%Y-%m-%d}"


class ReportPdf(models.Model):
    """The PDF of a published report in one language, rendered once and stored."""

    publication = models.ForeignKey(
        ReportPublication, related_name="pdfs", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=10)
    content = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"], name="panel_report_pdf_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}:{self.language}"

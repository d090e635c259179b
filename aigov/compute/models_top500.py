"""The compute landscape: TOP500 lists imported from their published files (HLAB para. 134:
none of the top 100 supercomputers is in a developing country), shown beside the federation's
own capacity. Imported by an operator (`aigov compute import-top500 FILE`); never generated."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import TimeStampedModel


class Top500Edition(TimeStampedModel):
    """One TOP500 list, as published in June or November, and where its file came from."""

    edition = models.CharField(_("edition"), max_length=7, unique=True)  # "2025-06"
    source = models.CharField(_("source"), max_length=500)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("TOP500 list")
        verbose_name_plural = _("TOP500 lists")
        ordering = ["-edition"]

    def __str__(self) -> str:
        return f"TOP500 {self.edition}"


class Top500System(models.Model):
    """One system of a TOP500 list, with its country mapped to the taxonomy."""

    edition = models.ForeignKey(
        Top500Edition, verbose_name=_("list"), on_delete=models.CASCADE, related_name="systems"
    )
    rank = models.PositiveIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    computer = models.CharField(_("computer"), max_length=500, blank=True)
    site = models.CharField(_("site"), max_length=300)
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    country_listed = models.CharField(_("country as listed"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    segment = models.CharField(_("segment"), max_length=50, blank=True)
    total_cores = models.PositiveBigIntegerField(_("total cores"), null=True, blank=True)
    rmax_tflops = models.DecimalField(_("Rmax (TFlop/s)"), max_digits=16, decimal_places=3)
    rpeak_tflops = models.DecimalField(
        _("Rpeak (TFlop/s)"), max_digits=16, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("TOP500 system")
        verbose_name_plural = _("TOP500 systems")
        ordering = ["edition", "rank", "pk"]
        indexes = [models.Index(fields=["edition", "country"])]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name or self.computer}"

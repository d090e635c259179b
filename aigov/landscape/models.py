"""Governance initiatives and who takes part in them (HLAB report, Recommendation 7, Fig. 8/12).

Participation has history (`started_on`, `ended_on`), so every analysis is asked "as of" a date.
Names and descriptions are translated fields (see aigov.core.translation).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aigov.taxonomy.models import Country, NamedMixin


class Initiative(NamedMixin):
    """An AI governance initiative: its instrument, kind and year."""

    class Kind(models.TextChoices):
        UN = "un", _("United Nations")
        PLURILATERAL = "plurilateral", _("Plurilateral")
        REGIONAL = "regional", _("Regional")
        MULTISTAKEHOLDER = "multistakeholder", _("Multistakeholder")
        INDUSTRY = "industry", _("Industry")

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    instrument = models.TextField(_("instrument"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    start_on = models.DateField(_("start date"), null=True, blank=True)
    is_binding = models.BooleanField(_("legally binding"), default=False)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("governance initiative")
        verbose_name_plural = _("governance initiatives")
        ordering = ["year", "slug"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("landscape:initiative-detail", args=[self.slug])


class Participation(models.Model):
    """One participant's part in an initiative, on one basis, from one date (to another)."""

    class Basis(models.TextChoices):
        MEMBER = "member", _("Member")
        ADHERENT = "adherent", _("Adherent")
        SIGNATORY = "signatory", _("Signatory")
        ENDORSER = "endorser", _("Endorser")
        NEGOTIATING_PARTY = "negotiating_party", _("Negotiating party")
        OBSERVER_PARTICIPANT = "observer_participant", _("Observer participant")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("initiative"),
        db_index=False,  # led by the indexes below
    )
    participant = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="initiative_participations",
        verbose_name=_("participant"),
        db_index=False,  # led by the indexes below
    )
    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_note = models.TextField(_("source note"), blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["initiative_id", "participant_id", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "participant", "started_on"],
                name="landscape_participation_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="landscape_participation_ends_after_start",
            ),
        ]
        # Covering indexes for the representation analysis: counting by participant and by
        # initiative reads only the index (bench/landscape.py: 50,000 rows well under 200 ms).
        indexes = [
            models.Index(
                fields=["participant", "initiative", "started_on", "ended_on"],
                name="landscape_part_by_participant",
            ),
            models.Index(
                fields=["initiative", "participant", "started_on", "ended_on"],
                name="landscape_part_by_initiative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} in {self.initiative_id} ({self.basis})"

"""Governance initiatives and who takes part in them (HLAB report, Recommendation 7, Fig. 8/12).

Participation has history (`started_on`, `ended_on`), so every analysis is asked "as of" a date.
Names and descriptions are translated fields (see aigov.core.translation).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.translation import TranslatedTextField, pick
from aigov.taxonomy.models import (
    Confidence,
    Country,
    NamedMixin,
    RiskArea,
    SustainableDevelopmentGoal,
    Topic,
)

# Descriptions and summaries, per language: unlimited before, now the shared translated field's
# default; a longer text is refused with its language named, never cut short.
TEXT_LENGTH = 2000
SHORT_NAME_LENGTH = 120


class Initiative(NamedMixin):
    """An AI governance initiative: its instrument, kind and year."""

    class Kind(models.TextChoices):
        UN = "un", _("United Nations")
        PLURILATERAL = "plurilateral", _("Plurilateral")
        REGIONAL = "regional", _("Regional")
        MULTISTAKEHOLDER = "multistakeholder", _("Multistakeholder")
        INDUSTRY = "industry", _("Industry")

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    # Short names head the columns of the representation matrix; per language, like `names`.
    short_names = TranslatedTextField(_("short names"), max_length=SHORT_NAME_LENGTH, blank=True)
    short_names_provenance = models.JSONField(
        _("short names' translation provenance"),
        default=dict,
        blank=True,
        help_text=_("Per language: source, human, machine or reviewed."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    instrument = models.TextField(_("instrument"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    start_on = models.DateField(_("start date"), null=True, blank=True)
    is_binding = models.BooleanField(_("legally binding"), default=False)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = TranslatedTextField(_("description"), max_length=TEXT_LENGTH, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("governance initiative")
        verbose_name_plural = _("governance initiatives")
        ordering = ["year", "slug"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("landscape:initiative-detail", args=[self.slug])

    @property
    def short_name(self) -> str:
        """The short name in the reader's language (with fallback), else the slug."""
        return pick(self.short_names).text or self.slug


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


class Policy(NamedMixin, DemoMarkedModel, TimeStampedModel):
    """A national or regional AI strategy, law, regulation, guideline or institution.

    The "library of AI governance examples" of the HLAB report (para 108 g). The status and its
    dates say where the measure stands; each date is the one its source gives.
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        LAW = "law", _("Law")
        REGULATION = "regulation", _("Regulation")
        GUIDELINE = "guideline", _("Guideline")
        INSTITUTION = "institution", _("Institution")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        IN_FORCE = "in_force", _("In force")
        REPEALED = "repealed", _("Repealed")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    jurisdiction = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="ai_policies",
        verbose_name=_("jurisdiction"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    summary = TranslatedTextField(_("summary"), max_length=TEXT_LENGTH, blank=True)
    risk_areas = models.ManyToManyField(
        RiskArea, blank=True, related_name="policies", verbose_name=_("risk areas")
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="policies", verbose_name=_("SDGs")
    )
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.HIGH
    )

    class Meta:
        verbose_name = _("policy or institution")
        verbose_name_plural = _("policies and institutions")
        ordering = ["jurisdiction_id", "slug"]
        indexes = [models.Index(fields=["kind", "status"], name="landscape_policy_kind_status")]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("landscape:policy-detail", args=[self.slug])


class UnInstrument(NamedMixin, TimeStampedModel):
    """A UN instrument relevant to AI: a resolution, recommendation, convention or compact."""

    slug = models.SlugField(_("slug"), max_length=120, primary_key=True)
    symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    is_binding = models.BooleanField(_("legally binding"), default=False)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="un_instruments", verbose_name=_("domains")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    summary = TranslatedTextField(_("summary"), max_length=TEXT_LENGTH, blank=True)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.HIGH
    )

    class Meta:
        verbose_name = _("UN instrument")
        verbose_name_plural = _("UN instruments")
        ordering = ["adopted_on", "slug"]


class UnProject(NamedMixin, DemoMarkedModel, TimeStampedModel):
    """A UN entity's AI project (as ITU's yearly "UN Activities on AI" report lists them)."""

    agency = models.CharField(_("UN entity"), max_length=120, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="un_projects", verbose_name=_("SDGs")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="un_projects", verbose_name=_("countries")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = TranslatedTextField(_("description"), max_length=TEXT_LENGTH, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("UN AI project")
        verbose_name_plural = _("UN AI projects")
        ordering = ["-year", "agency", "id"]


class ChangeProposal(TimeStampedModel):
    """A focal point's proposed change to its own country's participation or policies.

    It waits for the secretariat, who accepts it (the change is then applied through the
    landscape services, as the secretariat) or rejects it with a note. `changes` holds the
    proposed field values, in the form the services take.
    """

    class Subject(models.TextChoices):
        PARTICIPATION = "participation", _("Participation")
        POLICY = "policy", _("Policy or institution")

    class Action(models.TextChoices):
        CREATE = "create", _("Add")
        UPDATE = "update", _("Change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="landscape_proposals",
        verbose_name=_("country"),
    )
    target_id = models.CharField(_("record changed"), max_length=120, blank=True)
    changes = models.JSONField(_("proposed values"), default=dict)
    rationale = models.TextField(_("rationale"), blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="landscape_proposals",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} {self.action} ({self.country_id}, {self.status})"

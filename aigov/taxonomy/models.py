"""The shared vocabulary: countries, languages, SDGs, AI risks, lifecycle stages, topics.

Every record keeps where it came from (`source`). Names are translated fields (see
aigov.core.translation): a JSON object from language code to text.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.translation import pick


class RegionalGroup(models.TextChoices):
    """The five UN regional groups of Member States (UN DGACM)."""

    AFRICAN = "African", _("African States")
    ASIA_PACIFIC = "Asia-Pacific", _("Asia-Pacific States")
    EEG = "EEG", _("Eastern European States")
    GRULAC = "GRULAC", _("Latin American and Caribbean States")
    WEOG = "WEOG", _("Western European and other States")


class IncomeGroup(models.TextChoices):
    """World Bank income groups (classification by GNI per capita)."""

    LOW = "L", _("Low income")
    LOWER_MIDDLE = "LM", _("Lower-middle income")
    UPPER_MIDDLE = "UM", _("Upper-middle income")
    HIGH = "H", _("High income")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    UNKNOWN = "unknown", _("Unknown")


class NamedMixin(models.Model):
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))
    names_provenance = models.JSONField(
        _("translation provenance"),
        default=dict,
        blank=True,
        help_text=_("Per language: source, human, machine or reviewed."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names).text


class Country(NamedMixin):
    """A country or other jurisdiction, keyed by ISO 3166-1 alpha-3 (EU as EUU)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        TERRITORY = "territory", _("Territory")
        REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")

    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, primary_key=True)
    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, blank=True, db_index=True)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.COUNTRY)
    formal_names = models.JSONField(_("formal names"), default=dict, blank=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Other spellings, used by search only."),
    )
    region = models.CharField(_("M49 region"), max_length=60, blank=True)
    subregion = models.CharField(_("M49 sub-region"), max_length=60, blank=True)
    is_un_member = models.BooleanField(_("UN Member State"), default=False, db_index=True)
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)
    regional_group = models.CharField(
        _("UN regional group"),
        max_length=20,
        choices=RegionalGroup.choices,
        blank=True,
        db_index=True,
    )
    income_group = models.CharField(
        _("income group"), max_length=2, choices=IncomeGroup.choices, blank=True, db_index=True
    )
    income_fiscal_year = models.CharField(
        _("income classification year"), max_length=10, blank=True
    )
    income_note = models.CharField(_("income group note"), max_length=300, blank=True)
    is_ldc = models.BooleanField(_("least developed country"), default=False, db_index=True)
    ldc_graduation_on = models.DateField(_("scheduled LDC graduation"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("country or jurisdiction")
        verbose_name_plural = _("countries and jurisdictions")
        ordering = ["iso3"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("countries:profile", args=[self.iso3])


class Language(NamedMixin):
    """A language by BCP 47 tag."""

    tag = models.CharField(_("BCP 47 tag"), max_length=20, primary_key=True)
    is_un_official = models.BooleanField(_("official UN language"), default=False)
    is_rtl = models.BooleanField(_("written right to left"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["tag"]


class SustainableDevelopmentGoal(NamedMixin):
    number = models.PositiveSmallIntegerField(_("goal"), primary_key=True)
    full_titles = models.JSONField(_("full titles"), default=dict)
    colour = models.CharField(_("colour"), max_length=7)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("taxonomy:sdg-detail", args=[self.number])


class SdgTarget(models.Model):
    code = models.CharField(_("target"), max_length=8, primary_key=True)
    goal = models.ForeignKey(
        SustainableDevelopmentGoal, related_name="targets", on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    titles = models.JSONField(_("titles"), default=dict)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal_id", "position"]

    def __str__(self) -> str:
        return self.code


class RiskDomain(NamedMixin):
    """A domain of the HLAB's vulnerability-based AI risk taxonomy (HLAB report, Box 4)."""

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("risk domain")
        verbose_name_plural = _("risk domains")
        ordering = ["position"]


class RiskArea(NamedMixin):
    """A risk category within a domain; incidents, standards and policies are tagged with it."""

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    domain = models.ForeignKey(RiskDomain, related_name="areas", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    examples = models.JSONField(_("examples"), default=dict, blank=True)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)

    class Meta:
        verbose_name = _("risk area")
        verbose_name_plural = _("risk areas")
        ordering = ["domain__position", "position"]


class RiskPulseItem(models.Model):
    """A harm area rated in the HLAB's AI Risk Global Pulse Check (Annex E, Figure 2)."""

    letter = models.CharField(_("letter"), max_length=2, primary_key=True)
    texts = models.JSONField(_("texts"), default=dict)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("risk pulse item")
        verbose_name_plural = _("risk pulse items")
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}) {pick(self.texts).text}"


class LifecycleScheme(NamedMixin):
    """A way of dividing the AI lifecycle into stages."""

    slug = models.SlugField(_("slug"), max_length=40, primary_key=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("lifecycle scheme")
        verbose_name_plural = _("lifecycle schemes")
        ordering = ["slug"]


class LifecycleStage(NamedMixin):
    scheme = models.ForeignKey(LifecycleScheme, related_name="stages", on_delete=models.PROTECT)
    slug = models.SlugField(_("slug"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    maps_to = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("corresponding stages in other schemes"),
    )

    class Meta:
        verbose_name = _("lifecycle stage")
        verbose_name_plural = _("lifecycle stages")
        ordering = ["scheme_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "slug"], name="lifecycle_stage_unique_slug")
        ]


class Topic(NamedMixin):
    """A subject heading shared by every module; administrators extend it without code."""

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["slug"]

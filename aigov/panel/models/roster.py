"""The panel's roster: experts, nominations, appointments, balance targets, working groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel, choice_labels
from aigov.core.translation import TranslatedTextField, pick


class Discipline(models.TextChoices):
    COMPUTER_SCIENCE = "computer_science", _("Computer science and AI")
    ENGINEERING = "engineering", _("Engineering")
    NATURAL_SCIENCES = "natural_sciences", _("Natural sciences")
    HEALTH = "health", _("Medicine and health")
    ECONOMICS = "economics", _("Economics")
    LAW = "law", _("Law")
    SOCIAL_SCIENCES = "social_sciences", _("Social sciences")
    ETHICS = "ethics", _("Philosophy and ethics")
    POLICY = "policy", _("Public policy and governance")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class Expert(DemoMarkedModel, TimeStampedModel):
    class AffiliationType(models.TextChoices):
        ACADEMIA = "academia", _("Academia and research")
        GOVERNMENT = "government", _("Government")
        INDUSTRY = "industry", _("Private sector")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International organisation")

    user = models.OneToOneField(
        "accounts.User",
        related_name="panel_expert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    nationalities = models.JSONField(
        _("nationalities"), default=list, help_text=_("ISO alpha-3 codes, the primary one first.")
    )
    residence = models.ForeignKey(
        "taxonomy.Country",
        related_name="+",
        verbose_name=_("country of residence"),
        on_delete=models.PROTECT,
    )
    disciplines = models.JSONField(
        _("disciplines"), default=list, help_text=_("Discipline codes, the main one first.")
    )
    affiliation_type = models.CharField(
        _("affiliation type"), max_length=20, choices=AffiliationType.choices
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def discipline_labels(self) -> list[str]:
        """The disciplines' names in the reader's language, the main one first."""
        return choice_labels(self.disciplines, Discipline)


class Nomination(DemoMarkedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Nominated by a member state")
        SELF = "self", _("Self-nomination")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for appointment")
        REJECTED = "rejected", _("Not retained")

    expert = models.ForeignKey(Expert, related_name="nominations", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey(
        "taxonomy.Country",
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("nominating country"),
        on_delete=models.PROTECT,
    )
    nominated_by = models.ForeignKey(
        "accounts.User", related_name="+", null=True, on_delete=models.SET_NULL
    )
    statement = models.TextField(_("statement"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.expert} ({self.get_kind_display()})"


class Appointment(DemoMarkedModel, TimeStampedModel):
    expert = models.ForeignKey(Expert, related_name="appointments", on_delete=models.PROTECT)
    nomination = models.ForeignKey(
        Nomination, related_name="appointments", on_delete=models.PROTECT
    )
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="panel_appointment_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.starts_on}/{self.ends_on}"


class BalanceTarget(TimeStampedModel):
    """A share of the panel the secretariat aims at for one value of one dimension."""

    class Dimension(models.TextChoices):
        REGIONAL_GROUP = "regional_group", _("UN regional group")
        GENDER = "gender", _("Gender")
        DISCIPLINE = "discipline", _("Discipline")

    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=40)
    share = models.DecimalField(_("target share"), max_digits=4, decimal_places=3)

    class Meta:
        verbose_name = _("balance target")
        verbose_name_plural = _("balance targets")
        ordering = ["dimension", "value"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="panel_target_unique"),
            models.CheckConstraint(
                condition=models.Q(share__gte=0) & models.Q(share__lte=1),
                name="panel_target_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.value}={self.share}"


# --- Working groups ---------------------------------------------------------------------------


class WorkingGroup(DemoMarkedModel, TimeStampedModel):
    """Experts of the panel working together on a theme; its members see its draft reports."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = TranslatedTextField(_("names"), max_length=200, help_text=_("Name per language code."))
    members = models.ManyToManyField(
        Expert, related_name="working_groups", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names).text or self.slug

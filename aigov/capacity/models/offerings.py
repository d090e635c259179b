"""The catalogue: offerings and their languages, topics and audiences."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models.network import Node, Provider, _validate_choices
from aigov.core.models import DemoMarkedModel, TimeStampedModel, choice_labels
from aigov.core.moments import check_time_zone
from aigov.core.translation import TranslatedTextField, pick
from aigov.taxonomy.currencies import validate_currency
from aigov.taxonomy.models import IncomeGroup, Language, Topic

TITLE_LENGTH = 300  # per language; see NAME_LENGTH
DESCRIPTION_LENGTH = 50_000
PREREQUISITES_LENGTH = 2_000


class Audience(models.TextChoices):
    POLICYMAKERS = "policymakers", _("Policymakers")
    PUBLIC_OFFICIALS = "public_officials", _("Public officials")
    IT_PROFESSIONALS = "it_professionals", _("IT professionals")
    LEADERS = "leaders", _("Leaders")
    RESEARCHERS = "researchers", _("Researchers")
    STUDENTS = "students", _("Students")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")
    GENERAL_PUBLIC = "general_public", _("General public")


class Accessibility(models.TextChoices):
    CAPTIONS = "captions", _("Captions")
    TRANSCRIPTS = "transcripts", _("Transcripts")
    SCREEN_READER = "screen_reader", _("Works with screen readers")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpretation")
    LOW_BANDWIDTH = "low_bandwidth", _("Low-bandwidth version")
    EASY_READ = "easy_read", _("Easy-read materials")


class Offering(DemoMarkedModel, TimeStampedModel):
    """One item of the catalogue and library: a course, an event, a programme or a resource."""

    class Kind(models.TextChoices):
        SELF_PACED_COURSE = "self_paced_course", _("Self-paced course")
        WEBINAR = "webinar", _("Webinar")
        IN_PERSON_WORKSHOP = "in_person_workshop", _("In-person workshop")
        BLENDED_COURSE = "blended_course", _("Blended course")
        CERTIFICATION_PROGRAMME = "certification_programme", _("Certification programme")
        FELLOWSHIP = "fellowship", _("Fellowship")
        LIBRARY_RESOURCE = "library_resource", _("Library resource")

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Cost(models.TextChoices):
        FREE = "free", _("Free")
        FEE = "fee", _("Fee")

    LIVE_KINDS = frozenset({"webinar", "in_person_workshop", "blended_course"})

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    titles = TranslatedTextField(
        _("titles"), max_length=TITLE_LENGTH, help_text=_("Title per language code.")
    )
    descriptions = TranslatedTextField(_("descriptions"), max_length=DESCRIPTION_LENGTH, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offerings"
    )
    node = models.ForeignKey(
        Node,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offerings",
        help_text=_("The node responsible for this offering; its operators edit it."),
    )
    languages: "models.ManyToManyField[Language, OfferingLanguage]" = models.ManyToManyField(
        "taxonomy.Language",
        verbose_name=_("languages"),
        related_name="+",
        through="OfferingLanguage",
    )
    topics: "models.ManyToManyField[Topic, OfferingTopic]" = models.ManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), related_name="+", through="OfferingTopic"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    cost = models.CharField(_("cost"), max_length=4, choices=Cost.choices, default=Cost.FREE)
    fee_amount = models.DecimalField(
        _("fee"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    fee_waivers = models.JSONField(
        _("fee waivers"),
        default=dict,
        blank=True,
        help_text=_('Percentage waived per World Bank income group, e.g. {"L": 100}.'),
    )
    has_certificate = models.BooleanField(_("certificate on completion"), default=False)
    accessibility = models.JSONField(_("accessibility features"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    seats = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    prerequisites = TranslatedTextField(
        _("prerequisites"), max_length=PREREQUISITES_LENGTH, blank=True
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    is_government_track = models.BooleanField(_("government track"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    # Confirmed registrations, kept by services with a conditional UPDATE so that concurrent
    # registrations can never take more seats than `seats` (see services.registration_create).
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["-starts_at", "slug"]
        indexes = [
            # The catalogue's order, so a page is read from the index instead of sorted.
            models.Index(
                fields=["is_published", "starts_at", "slug"], name="capacity_offering_order"
            ),
            # The public catalogue's order: SQLite reads `WHERE is_published` as a plain term,
            # not as equality on the first column above, so it sorted every published row;
            # a partial index matching that term gives the order directly (bench/capacity.py).
            models.Index(
                fields=["starts_at", "slug"],
                condition=Q(is_published=True),
                name="capacity_offering_public",
            ),
            models.Index(fields=["kind", "cost", "starts_at"], name="capacity_offering_facets"),
            models.Index(fields=["provider", "starts_at"], name="capacity_offering_provider"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost="free") | Q(fee_amount__isnull=False),
                name="capacity_offering_fee_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="capacity_offering_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return pick(self.titles).text or self.slug

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("capacity:offering-detail", args=[self.slug])

    def clean(self) -> None:
        _validate_choices(self.accessibility, Accessibility, "accessibility")
        try:
            check_time_zone(self.time_zone)
        except ValidationError as bad:
            raise ValidationError({"time_zone": bad.error_list}) from None
        if self.cost == self.Cost.FEE:
            missing = {}
            if self.fee_amount is None:
                missing["fee_amount"] = ValidationError(_("A fee needs an amount."), "required")
            if not self.fee_currency:
                missing["fee_currency"] = ValidationError(
                    _("A fee needs a currency (an ISO 4217 code such as USD)."), "required"
                )
            if missing:
                raise ValidationError(missing)
        waivers = self.fee_waivers if isinstance(self.fee_waivers, dict) else None
        if waivers is None or any(
            group not in IncomeGroup.values
            or not isinstance(share, int)
            or isinstance(share, bool)
            or not 0 <= share <= 100
            for group, share in waivers.items()
        ):
            raise ValidationError(
                {
                    "fee_waivers": _(
                        "Map World Bank income groups (L, LM, UM, H) to a whole percentage "
                        "from 0 to 100."
                    )
                },
                code="invalid",
            )

    # Facets as plain values: set in bulk by selectors.attach_facets for a page of offerings,
    # read from the relations otherwise.
    def language_tag_list(self) -> list[str]:
        cached = getattr(self, "_language_tags", None)
        if cached is not None:
            return list(cached)
        return sorted(language.tag for language in self.languages.all())

    def topic_slug_list(self) -> list[str]:
        cached = getattr(self, "_topic_slugs", None)
        if cached is not None:
            return list(cached)
        return sorted(topic.slug for topic in self.topics.all())

    def audience_list(self) -> list[str]:
        cached = getattr(self, "_audiences", None)
        if cached is not None:
            return list(cached)
        return sorted(row.audience for row in self.audience_rows.all())

    def audience_labels(self) -> list[str]:
        return choice_labels(self.audience_list(), Audience)

    def accessibility_labels(self) -> list[str]:
        return choice_labels(self.accessibility, Accessibility)

    def fee_waiver_rows(self) -> list[tuple[str, int]]:
        """(income group's name, percentage waived), in the income groups' order."""
        waivers = self.fee_waivers if isinstance(self.fee_waivers, dict) else {}
        return [
            (str(label), waivers[code]) for code, label in IncomeGroup.choices if code in waivers
        ]

    @property
    def is_live(self) -> bool:
        return self.kind in self.LIVE_KINDS

    def fee_for(self, income_group: str) -> Decimal:
        """Return the fee due from a learner in a country of `income_group`, after its waiver."""
        if self.cost == self.Cost.FREE or self.fee_amount is None:
            return Decimal(0)
        share = int(self.fee_waivers.get(income_group, 0))
        return (Decimal(self.fee_amount) * (100 - share) / 100).quantize(Decimal("0.01"))


class OfferingLanguage(models.Model):
    """A language an offering is given in; (language, offering) is a covering index for filters."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.ForeignKey(
        "taxonomy.Language", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("offering language")
        verbose_name_plural = _("offering languages")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "offering"], name="capacity_offering_language_unique"
            )
        ]
        indexes = [models.Index(fields=["offering"], name="capacity_offering_language_of")]

    def __str__(self) -> str:
        return f"{self.offering_id}:{self.language_id}"


class OfferingTopic(models.Model):
    """A taxonomy topic of an offering; (topic, offering) is a covering index for filters."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    topic = models.ForeignKey(
        "taxonomy.Topic", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("offering topic")
        verbose_name_plural = _("offering topics")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "offering"], name="capacity_offering_topic_unique"
            )
        ]
        indexes = [models.Index(fields=["offering"], name="capacity_offering_topic_of")]

    def __str__(self) -> str:
        return f"{self.offering_id}:{self.topic_id}"


class OfferingAudience(models.Model):
    """One audience an offering is for (a row per audience, so the catalogue filters by index)."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="audience_rows", db_index=False
    )
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "offering"], name="capacity_offering_audience_unique"
            )
        ]
        indexes = [models.Index(fields=["offering"], name="capacity_offering_audience_of")]

    def __str__(self) -> str:
        return str(self.audience)

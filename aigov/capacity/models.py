"""The capacity development network: nodes, providers, the catalogue, learning and credentials.

Sources: HLAB Recommendation 4 (a network of capacity development centres), ITU's AI Skills
Coalition (its kinds of offering and audiences), resolution 78/311 (capacity for developing
countries). Titles and descriptions are translated fields (see aigov.core.translation).
"""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.moments import check_time_zone
from aigov.core.translation import pick
from aigov.taxonomy.models import IncomeGroup, Language, RegionalGroup, Topic


class NodeService(models.TextChoices):
    TRAINING = "training", _("Training")
    COMPUTE = "compute", _("Compute")
    DATA = "data", _("Data")
    SANDBOX = "sandbox", _("Sandbox")
    FELLOWSHIPS = "fellowships", _("Fellowships")


class Contribution(models.TextChoices):
    MATERIALS = "materials", _("Materials")
    MONEY = "money", _("Money")
    OUTREACH = "outreach", _("Outreach")


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


def _validate_choices(values: object, choices: type[models.TextChoices], field: str) -> None:
    if not isinstance(values, list) or any(value not in choices.values for value in values):
        raise ValidationError(
            {field: _("Use a list of these values: %(values)s.") % {"values": choices.values}},
            code="invalid_choice",
        )


class Node(DemoMarkedModel, TimeStampedModel):
    """A regional hub or national centre of excellence of the network (HLAB Rec. 4)."""

    class Kind(models.TextChoices):
        REGIONAL_HUB = "regional_hub", _("Regional hub")
        NATIONAL_CENTRE = "national_centre", _("National centre of excellence")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(
        _("UN regional group"), max_length=20, choices=RegionalGroup.choices, db_index=True
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    host = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operators"),
        blank=True,
        related_name="operated_nodes",
        help_text=_("Node operators who edit this node's offerings."),
    )

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.names).text or self.slug

    def clean(self) -> None:
        _validate_choices(self.services, NodeService, "services")


class Provider(DemoMarkedModel, TimeStampedModel):
    """Who offers or contributes: a node, an affiliated institution or a contributor."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))
    node = models.ForeignKey(
        Node,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="providers",
        help_text=_("The node this provider belongs to or is affiliated with."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    contributions = models.JSONField(_("contributions"), default=list, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.names).text or self.slug

    def clean(self) -> None:
        _validate_choices(self.contributions, Contribution, "contributions")


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
    titles = models.JSONField(_("titles"), default=dict, help_text=_("Title per language code."))
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
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
    fee_currency = models.CharField(_("currency"), max_length=3, blank=True)
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
    prerequisites = models.JSONField(_("prerequisites"), default=dict, blank=True)
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
        if self.cost == self.Cost.FEE and self.fee_amount is None:
            raise ValidationError({"fee_amount": _("A fee needs an amount.")}, code="required")
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
        return [str(Audience(value).label) for value in self.audience_list()]

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


class CourseModule(models.Model):
    """A module of a self-paced course."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("order"))
    titles = models.JSONField(_("titles"), default=dict)

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["offering_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "position"], name="capacity_module_unique_position"
            )
        ]

    def __str__(self) -> str:
        return pick(self.titles).text


class Lesson(models.Model):
    """A lesson of a module: text, a link to media, or a graded quiz."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        MEDIA = "media", _("Media")
        QUIZ = "quiz", _("Quiz")

    module = models.ForeignKey(CourseModule, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    titles = models.JSONField(_("titles"), default=dict)
    bodies = models.JSONField(_("text"), default=dict, blank=True)
    media_url = models.URLField(_("media link"), max_length=500, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("Quizzes: the share of correct answers.")
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "position"], name="capacity_lesson_unique_position"
            )
        ]

    def __str__(self) -> str:
        return pick(self.titles).text


class QuizQuestion(models.Model):
    """A multiple-choice question of a quiz lesson; `options` are translated texts."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"))
    prompts = models.JSONField(_("question"), default=dict)
    options = models.JSONField(_("options"), default=list)
    correct_option = models.PositiveSmallIntegerField(_("correct option"))

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["lesson_id", "position"]

    def __str__(self) -> str:
        return pick(self.prompts).text


class Enrolment(TimeStampedModel):
    """A learner's enrolment in a self-paced course, and when they completed it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "offering"], name="capacity_enrolment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} in {self.offering_id}"


class LessonProgress(TimeStampedModel):
    """A lesson a learner has completed (a quiz: passed), with the quiz score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    is_passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="capacity_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_id}"


class Registration(TimeStampedModel):
    """A place at a live event: confirmed while seats last, then on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "offering"], name="capacity_registration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} at {self.offering_id} ({self.status})"


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


# Readiness self-assessment ----------------------------------------------------------------------


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


# Matchmaking ----------------------------------------------------------------------------------


class Need(DemoMarkedModel, TimeStampedModel):
    """A capacity need of a country or an organisation ("train 50 officials in French ...")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capacity_needs"
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    region = models.CharField(
        _("UN regional group"), max_length=20, choices=RegionalGroup.choices, blank=True
    )
    people = models.PositiveIntegerField(_("people to train"))
    due_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Offer(DemoMarkedModel, TimeStampedModel):
    """What a node or contributor offers to meet needs: topics, languages, seats and dates."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capacity_offers"
    )
    node = models.ForeignKey(
        Node,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    offering = models.ForeignKey(
        Offering,
        verbose_name=_("catalogue offering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    regions = models.JSONField(
        _("UN regional groups served"),
        default=list,
        blank=True,
        help_text=_("Empty for every region."),
    )
    seats = models.PositiveIntegerField(_("seats"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Introduction(TimeStampedModel):
    """A need's owner introducing themself to an offer's provider, and how it went."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    TRANSITIONS = {
        "proposed": ("accepted", "declined"),
        "accepted": ("in_progress", "done", "declined"),
        "in_progress": ("done",),
        "declined": (),
        "done": (),
    }

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="introductions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.PositiveSmallIntegerField(_("match score"), default=0)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="capacity_introduction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} -> {self.offer_id} ({self.status})"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())


# Reporting for resolution 78/311 ------------------------------------------------------------------


class LearnerProfile(TimeStampedModel):
    """What a learner chooses to state for reporting: their country and gender (both optional)."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another gender")
        NOT_STATED = "not_stated", _("Prefer not to say")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_profile"
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return f"{self.user_id}"


# The digital library: personal and shared collections ------------------------------------------


class Collection(DemoMarkedModel, TimeStampedModel):
    """A learner's or curator's collection of catalogue offerings, private, shared or public.

    Titles and descriptions are translated fields, so that a public reading list curated by the
    secretariat can be read in every language; a personal one usually has one language.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only me")
        SHARED = "shared", _("Me and the people I share it with")
        PUBLIC = "public", _("Everyone, the public included")

    MAX_ITEMS = 500

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_collections"
    )
    titles = models.JSONField(_("titles"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    visibility = models.CharField(
        _("who sees it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        db_index=True,
    )
    members: "models.ManyToManyField[Any, CollectionMember]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CollectionMember",
        related_name="shared_capacity_collections",
        verbose_name=_("shared with"),
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return pick(self.titles).text or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("capacity:collection-detail", args=[self.pk])


class CollectionMember(TimeStampedModel):
    """Somebody a collection is shared with; `can_edit` lets them add and remove items."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    can_edit = models.BooleanField(_("may add and remove items"), default=False)

    class Meta:
        verbose_name = _("collection member")
        verbose_name_plural = _("collection members")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "user"], name="capacity_collection_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.collection_id}"


class CollectionItem(TimeStampedModel):
    """An offering in a collection, in the curator's order, with an optional note."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("order"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["collection_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "offering"], name="capacity_collection_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} in {self.collection_id}"

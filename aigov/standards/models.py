"""The AI Standards Exchange (HLAB Recommendation 3): standards, their status history, definitions.

A standard belongs to a standards body, an accounts Organisation of kind SDO. Its tags are the
shared taxonomy (topics, ISO/IEC 22989 lifecycle stages, risk areas, SDGs), so the gap matrix
crosses the same vocabulary as every other module. Titles and summaries are translated fields
(a JSON object from language code to text, see aigov.core.translation).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.translation import TranslatedTextField, pick
from aigov.taxonomy.models import Confidence, Topic

# Lengths of the translated texts, per language (longer texts are refused, never cut): a title
# as long as the edit page has always taken; summaries, unlimited before, the shared field's
# default (ten times the longest in standards.csv); a concept's label, a term, 200 (the longest
# in definitions.csv has 42).
TITLE_LENGTH = 1000
SUMMARY_LENGTH = 2000
LABEL_LENGTH = 200


class Status(models.TextChoices):
    """Where a standard is in its life; only published and under development count in gaps."""

    PROPOSAL = "proposal", _("Proposal")
    UNDER_DEVELOPMENT = "under_development", _("Under development")
    PUBLISHED = "published", _("Published")
    REVISED = "revised", _("Revised (replaced by a newer edition)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Standard(DemoMarkedModel, TimeStampedModel):
    """One standard or standard-like document of a standards body."""

    body = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("standards body"),
        related_name="standards",
        on_delete=models.PROTECT,
    )
    reference = models.CharField(_("reference"), max_length=200, unique=True)
    titles = TranslatedTextField(_("title"), max_length=TITLE_LENGTH)
    doc_type = models.CharField(_("document type"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    edition = models.CharField(_("edition"), max_length=60, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        related_name="superseded_by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    topics: "models.ManyToManyField[Topic, StandardTopic]" = models.ManyToManyField(
        "taxonomy.Topic",
        verbose_name=_("topics"),
        related_name="standards",
        blank=True,
        through="StandardTopic",
    )
    lifecycle_stages = models.ManyToManyField(
        "taxonomy.LifecycleStage",
        verbose_name=_("lifecycle stages"),
        related_name="standards",
        blank=True,
    )
    risk_areas = models.ManyToManyField(
        "taxonomy.RiskArea", verbose_name=_("risk areas"), related_name="standards", blank=True
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SustainableDevelopmentGoal",
        verbose_name=_("Sustainable Development Goals"),
        related_name="standards",
        blank=True,
    )
    # Landscape policies that cite or rely on the standard; the link lives here so that the
    # landscape module needs no migration (issue 5 session 3).
    policies = models.ManyToManyField(
        "landscape.Policy",
        verbose_name=_("related policies"),
        related_name="linked_standards",
        blank=True,
    )
    has_measurement_methods = models.BooleanField(
        _("defines measurement or evaluation methods"), default=False
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    summaries = TranslatedTextField(_("summary"), max_length=SUMMARY_LENGTH, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.HIGH
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["reference"]
        indexes = [models.Index(fields=["body", "status"], name="standards_body_status")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:standard-detail", args=[self.pk])

    @property
    def title(self) -> str:
        return pick(self.titles).text


class TopicOrigin(models.TextChoices):
    """How a topic came to be on a standard: chosen by a person, or found by a term rule."""

    CURATED = "curated", _("Curated")
    DERIVED = "derived", _("Derived from title or scope")


class StandardTopic(models.Model):
    """A topic on a standard, with how it was applied (aigov/standards/topic_rules.py).

    The link table of Standard.topics (its table was Django's automatic one, kept by name), so
    every count and filter over topics reads it as before. A derived link says which text of
    the standard and which words matched, so that it can be told apart and reviewed.
    """

    class MatchedIn(models.TextChoices):
        TITLE = "title", _("title")
        SUMMARY = "summary", _("scope")

    standard = models.ForeignKey(Standard, related_name="topic_links", on_delete=models.CASCADE)
    topic = models.ForeignKey(
        "taxonomy.Topic", related_name="standard_links", on_delete=models.CASCADE
    )
    origin = models.CharField(
        _("how applied"), max_length=10, choices=TopicOrigin.choices, default=TopicOrigin.CURATED
    )
    matched_in = models.CharField(
        _("matched in"), max_length=10, choices=MatchedIn.choices, blank=True, default=""
    )
    matched = models.CharField(_("matched words"), max_length=100, blank=True, default="")

    class Meta:
        db_table = "standards_standard_topics"
        verbose_name = _("topic of a standard")
        verbose_name_plural = _("topics of standards")
        # As Django's automatic link table had it, so the table needed no change but two columns.
        unique_together = [("standard", "topic")]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.topic_id} ({self.origin})"

    @property
    def is_derived(self) -> bool:
        return self.origin == TopicOrigin.DERIVED


class StatusChange(models.Model):
    """One step of a standard's status history: the status it entered, and when (if known).

    `origin` says how the step came about, shown in the reader's language; `note` is only what
    a person wrote about it.
    """

    class Origin(models.TextChoices):
        REFERENCE_LOAD = "reference_load", _("First loaded from the reference list of standards")
        REFERENCE_CHANGE = "reference_change", _("Changed in the reference list of standards")
        REGISTERED = "registered", _("Registered")
        CHANGED = "changed", _("Status changed")

    standard = models.ForeignKey(Standard, related_name="status_changes", on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    changed_on = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.CHANGED
    )
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["standard_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.status}"


class Concept(models.Model):
    """A term (e.g. fairness) that gathers the definitions different sources give it."""

    slug = models.SlugField(_("slug"), max_length=80, primary_key=True)
    labels = TranslatedTextField(_("label"), max_length=LABEL_LENGTH)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:concept-detail", args=[self.slug])

    @property
    def label(self) -> str:
        return pick(self.labels).text


# The kinds of source definitions.csv names, by the words the file uses; a kind a file adds
# later is shown as written until it is named here.
SOURCE_TYPES = {
    "law": _("Law"),
    "intergovernmental recommendation": _("Intergovernmental recommendation"),
    "framework": _("Framework"),
    "standard": _("Standard"),
    "report": _("Report"),
    "treaty": _("Treaty"),
    "declaration": _("Declaration"),
}


class Definition(models.Model):
    """One source's definition of a concept, in one language, with its citation."""

    concept = models.ForeignKey(Concept, related_name="definitions", on_delete=models.CASCADE)
    # sha256 of concept, source, language, clause and text: the natural key (texts are too long
    # for a unique index on PostgreSQL).
    fingerprint = models.CharField(max_length=64, unique=True)
    source_slug = models.SlugField(_("source"), max_length=80)
    source_title = models.TextField(_("source title"))
    source_type = models.CharField(_("type of source"), max_length=60)
    source_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    article_or_clause = models.CharField(_("article or clause"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=20)
    text = models.TextField(_("definition"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    is_verbatim = models.BooleanField(_("quoted verbatim"), default=True)
    source_note = models.TextField(_("source note"), blank=True)

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        ordering = ["concept_id", "source_year", "source_slug", "language", "id"]

    def __str__(self) -> str:
        return f"{self.concept_id} ({self.source_slug}, {self.language})"

    def source_type_label(self) -> str:
        """The kind of source in the reader's language (as written when it is not known)."""
        label = SOURCE_TYPES.get(self.source_type.strip().lower())
        return str(label) if label is not None else self.source_type


class Review(DemoMarkedModel, TimeStampedModel):
    """A participant's structured review of a standard or of a concept's definitions.

    A reply to a review (`parent`) belongs to the same standard or concept.
    """

    class Position(models.TextChoices):
        SUPPORT = "support", _("Support")
        SUPPORT_WITH_CHANGES = "support_with_changes", _("Support with changes")
        OPPOSE = "oppose", _("Oppose")
        NO_POSITION = "no_position", _("No position")

    standard = models.ForeignKey(
        Standard, related_name="reviews", null=True, blank=True, on_delete=models.CASCADE
    )
    concept = models.ForeignKey(
        Concept, related_name="reviews", null=True, blank=True, on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="standard_reviews", on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self", related_name="replies", null=True, blank=True, on_delete=models.CASCADE
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, blank=True)
    rationale = models.TextField(_("rationale"))
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    # Set when a participant posts; cleared when the secretariat keeps, hides or restores it.
    awaits_moderation = models.BooleanField(_("awaiting moderation"), default=True, db_index=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(standard__isnull=False, concept__isnull=True)
                    | models.Q(standard__isnull=True, concept__isnull=False)
                ),
                name="standards_review_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"review {self.pk} of {self.standard_id or self.concept_id}"

    @property
    def subject(self) -> "Standard | Concept | None":
        return self.standard or self.concept


class GapProposal(DemoMarkedModel, TimeStampedModel):
    """A participant's claim that a standard is missing, located on the gap matrix's axes."""

    title = models.CharField(_("what is missing"), max_length=300)
    rationale = models.TextField(_("why it is needed"))
    evidence = models.TextField(_("evidence"), blank=True)
    topic = models.ForeignKey(
        "taxonomy.Topic", verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT
    )
    risk_area = models.ForeignKey(
        "taxonomy.RiskArea",
        verbose_name=_("risk area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    lifecycle_stage = models.ForeignKey(
        "taxonomy.LifecycleStage",
        verbose_name=_("lifecycle stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="gap_proposals", on_delete=models.PROTECT
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    # Set when a participant posts; cleared when the secretariat keeps, hides or restores it.
    awaits_moderation = models.BooleanField(_("awaiting moderation"), default=True, db_index=True)

    class Meta:
        verbose_name = _("gap proposal")
        verbose_name_plural = _("gap proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class GapEndorsement(models.Model):
    """One participant's endorsement of a gap proposal (at most one each)."""

    gap = models.ForeignKey(GapProposal, related_name="endorsements", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="gap_endorsements", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("endorsed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(fields=["gap", "user"], name="standards_gap_endorsed_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} endorses {self.gap_id}"


class Follow(models.Model):
    """A signed-in user's wish to hear when a standard, or any standard of a topic, changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="standard_follows", on_delete=models.CASCADE
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        related_name="follows",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    topic = models.ForeignKey(
        "taxonomy.Topic",
        verbose_name=_("topic"),
        related_name="standard_follows",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(standard__isnull=False, topic__isnull=True)
                    | models.Q(standard__isnull=True, topic__isnull=False)
                ),
                name="standards_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "standard"],
                condition=models.Q(standard__isnull=False),
                name="standards_follow_standard_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=models.Q(topic__isnull=False),
                name="standards_follow_topic_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.standard_id or self.topic_id}"


class AssessmentTool(DemoMarkedModel, TimeStampedModel):
    """A tool that helps assess conformity with standards (HLAB report, paragraph 122)."""

    class Kind(models.TextChoices):
        CHECKLIST = "checklist", _("Checklist")
        TEST_SUITE = "test_suite", _("Test suite")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        SOFTWARE = "software", _("Software")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # BCP 47 tags of the languages the tool is available in (checked against the taxonomy).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    summaries = TranslatedTextField(_("summary"), max_length=SUMMARY_LENGTH, blank=True)
    standards = models.ManyToManyField(
        Standard, verbose_name=_("standards covered"), related_name="assessment_tools", blank=True
    )

    class Meta:
        verbose_name = _("self-assessment tool")
        verbose_name_plural = _("self-assessment tools")
        ordering = ["name", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:tool-detail", args=[self.slug])

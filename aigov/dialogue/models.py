"""Policy dialogue: incident reports shared by states, sessions with their agendas, practices.

Incident reports follow the AI Incident Database's model: several reports of the same event are
linked into one incident. Each report carries the confidentiality level its reporter chose;
`aigov.dialogue.permissions` turns that level into who may see the report, everywhere.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.translation import TranslatedTextField, pick

# Lengths of translated texts, per language: what the pages and the API have always accepted.
TITLE_LENGTH = 300
LONG_TEXT_LENGTH = 50000  # statements, agenda item descriptions, outcome summaries
PRACTICE_DESCRIPTION_LENGTH = 20000


class Confidentiality(models.TextChoices):
    """Who may see a report, as its reporter chose (HLAB Rec. 2 (c): sharing is voluntary)."""

    PUBLIC = "public", _("Public")
    MEMBER_STATES = "member_states", _("Member states")
    SECRETARIAT = "secretariat", _("Secretariat only")
    REPORTING_STATE = "reporting_state", _("Reporting state and secretariat")


class Severity(models.TextChoices):
    """Severity, after the OECD AI Incidents Monitor's hazard / incident / serious incident."""

    HAZARD = "hazard", _("Hazard (no harm yet)")
    INCIDENT = "incident", _("Incident (harm occurred)")
    SERIOUS = "serious", _("Serious incident")


def new_record_number() -> int:
    """Return a random record number below 2**53 (exact in JavaScript).

    Incidents and reports are numbered at random, not in sequence: with sequential numbers a
    reader could tell from the gaps between the reports they see how many they may not see.
    """
    return secrets.randbelow(2**53 - 1) + 1


class Incident(DemoMarkedModel, TimeStampedModel):
    """One event; the reports of it are linked here. It has no text of its own, so it can show
    nothing beyond the reports a reader may see."""

    id = models.BigIntegerField(primary_key=True, default=new_record_number, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        related_name="merged_incidents",
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class IncidentReport(DemoMarkedModel, TimeStampedModel):
    """One report of an AI incident, filed by a focal point or the secretariat."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        FOLLOWING_UP = "following_up", _("Follow-up in progress")
        CLOSED = "closed", _("Closed")

    # The fields a published version may leave out (title always stays).
    REDACTABLE_FIELDS = (
        "description",
        "occurred_on",
        "countries",
        "ai_system",
        "developer",
        "deployer",
        "risk_areas",
        "affected_groups",
        "severity",
        "exceeded_national_capacity",
        "response",
        "sources",
        "reporting_state",
    )

    id = models.BigIntegerField(primary_key=True, default=new_record_number, editable=False)
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), related_name="reports", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what happened"), blank=True)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    countries = models.ManyToManyField(
        "taxonomy.Country", verbose_name=_("countries"), related_name="+", blank=True
    )
    ai_system = models.CharField(_("AI system"), max_length=300, blank=True)
    developer = models.CharField(_("developer"), max_length=300, blank=True)
    deployer = models.CharField(_("deployer"), max_length=300, blank=True)
    risk_areas = models.ManyToManyField(
        "taxonomy.RiskArea", verbose_name=_("harms by risk area"), related_name="+", blank=True
    )
    affected_groups = models.CharField(_("affected groups"), max_length=500, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, blank=True)
    exceeded_national_capacity = models.BooleanField(
        _("exceeded national capacity"),
        null=True,
        blank=True,
        help_text=_("Whether the event stretched or exceeded what national institutions could do."),
    )
    response = models.TextField(_("response taken"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    reporting_state = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("reporting state"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    published_from = models.ForeignKey(
        "self",
        verbose_name=_("published from"),
        null=True,
        blank=True,
        related_name="published_versions",
        on_delete=models.PROTECT,
    )
    redacted_fields = models.JSONField(_("redacted fields"), default=list, blank=True)
    # A published version the secretariat withdrew: gone from every public path, kept for audit.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="dialogue_report_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidentiality__in=[c.value for c in Confidentiality]),
                name="dialogue_report_known_confidentiality",
            ),
            models.CheckConstraint(
                condition=models.Q(published_from__isnull=True)
                | models.Q(confidentiality="public"),
                name="dialogue_published_version_is_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:incident-detail", args=[self.pk])

    @property
    def is_published_version(self) -> bool:
        return self.published_from_id is not None

    def is_redacted(self, field: str) -> bool:
        return field in (self.redacted_fields or [])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class FollowUp(TimeStampedModel):
    """A note on what was done about a report; readable by whoever may read the report."""

    report = models.ForeignKey(IncidentReport, related_name="follow_ups", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:60]


class Session(DemoMarkedModel, TimeStampedModel):
    """One session of the policy dialogue (HLAB Rec. 2: twice a year, beside UN meetings)."""

    class Focus(models.TextChoices):
        OPPORTUNITIES = "opportunities", _("Opportunities")
        RISKS = "risks", _("Risks")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    titles = TranslatedTextField(
        _("title"), max_length=TITLE_LENGTH, help_text=_("Title per language code.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices)
    outcome_summary = TranslatedTextField(
        _("outcome summary"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("Summary per language code."),
    )

    class Meta:
        verbose_name = _("dialogue session")
        verbose_name_plural = _("dialogue sessions")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="dialogue_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return pick(self.titles).text or self.slug

    def get_absolute_url(self) -> str:
        return reverse("dialogue:session-detail", args=[self.slug])


class Segment(models.Model):
    """A part of a session led by member states or by stakeholders."""

    class Kind(models.TextChoices):
        MEMBER_STATES = "member_states", _("Led by member states")
        STAKEHOLDERS = "stakeholders", _("Multistakeholder")

    session = models.ForeignKey(Session, related_name="segments", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    titles = TranslatedTextField(_("title"), max_length=TITLE_LENGTH)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["session_id", "position", "pk"]

    def __str__(self) -> str:
        return pick(self.titles).text


class AgendaItem(models.Model):
    """One item of a session's agenda; it may point to an incident (shown only to its readers)."""

    session = models.ForeignKey(Session, related_name="agenda_items", on_delete=models.CASCADE)
    # An item belongs to its segment: removing the segment removes its items.
    segment = models.ForeignKey(
        Segment, null=True, blank=True, related_name="agenda_items", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    titles = TranslatedTextField(_("title"), max_length=TITLE_LENGTH)
    descriptions = TranslatedTextField(_("description"), max_length=LONG_TEXT_LENGTH, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    incidents = models.ManyToManyField(
        Incident, verbose_name=_("incidents"), related_name="agenda_items", blank=True
    )
    # Links to the other modules live here, so that dialogue needs no migration elsewhere.
    policies = models.ManyToManyField(
        "landscape.Policy", verbose_name=_("policies"), related_name="+", blank=True
    )
    standards = models.ManyToManyField(
        "standards.Standard", verbose_name=_("standards"), related_name="+", blank=True
    )
    # A draft report is shown only to those the panel lets read it (`aigov.panel.reports`).
    reports = models.ManyToManyField(
        "panel.Report", verbose_name=_("panel reports"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session_id", "position", "pk"]

    def __str__(self) -> str:
        return pick(self.titles).text


class Registration(DemoMarkedModel, TimeStampedModel):
    """A person's registration for a session, by the role they take part in."""

    class Role(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member state delegate")
        STAKEHOLDER = "stakeholder", _("Stakeholder")
        OBSERVER = "observer", _("Observer")

    session = models.ForeignKey(Session, related_name="registrations", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    role = models.CharField(_("taking part as"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dialogue_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id}"


class Statement(DemoMarkedModel, TimeStampedModel):
    """A statement or written submission to a session, in one or more languages.

    States and the secretariat publish at once; a stakeholder's submission waits for the
    secretariat, and until then only its submitter and the secretariat see it (and its files).
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        SUBMISSION = "submission", _("Written submission")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting publication")
        PUBLISHED = "published", _("Published")

    session = models.ForeignKey(Session, related_name="statements", on_delete=models.CASCADE)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, related_name="statements", on_delete=models.SET_NULL
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    speaker = models.CharField(
        _("on behalf of"), max_length=300, help_text=_("The state or organisation speaking.")
    )
    titles = TranslatedTextField(_("title"), max_length=TITLE_LENGTH)
    # A statement may be its documents alone (`statement_document_attach`).
    texts = TranslatedTextField(
        _("text"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("Text per language code."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["session_id", "created_at", "pk"]

    def __str__(self) -> str:
        return pick(self.titles).text


class Practice(DemoMarkedModel, TimeStampedModel):
    """A governance practice submitted for sharing at the dialogue (HLAB Rec. 2 (a))."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for sharing")
        REJECTED = "rejected", _("Not accepted")

    titles = TranslatedTextField(_("title"), max_length=TITLE_LENGTH)
    descriptions = TranslatedTextField(
        _("description"), max_length=PRACTICE_DESCRIPTION_LENGTH, blank=True
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions"), related_name="practices", blank=True
    )
    url = models.URLField(_("web address"), blank=True)
    policies = models.ManyToManyField(
        "landscape.Policy", verbose_name=_("policies"), related_name="+", blank=True
    )
    standards = models.ManyToManyField(
        "standards.Standard", verbose_name=_("standards"), related_name="+", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return pick(self.titles).text


def document_storage_name(extension: str) -> str:
    """Return a path under MEDIA_ROOT that tells nothing: a random name, the document's type."""
    return f"dialogue/documents/{secrets.token_hex(16)}.{extension}"


class StatementDocument(TimeStampedModel):
    """The file of a statement or submission in one language (one file per language).

    Files live under MEDIA_ROOT, which is never served directly: the download page checks that
    the reader may see the statement first.
    """

    statement = models.ForeignKey(Statement, related_name="documents", on_delete=models.CASCADE)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The path in the default storage (MEDIA_ROOT), kept as text: the file is reached only
    # through the permission-checked download, never by a storage URL.
    stored_name = models.CharField(_("stored as"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["statement_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="dialogue_document_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("dialogue:document-download", args=[self.pk])

"""Surveys of the scientific panel: the form (from XLSForm), its questions, and the responses.

Storage is laid out for the Annex E analysis over a million responses. Each response is one row
with its answers as JSON (question name -> choice name(s), number or text): what people read,
export and what the re-coding starts from. Beside them, the survey keeps its responses *coded*,
column-friendly, in a few `CodedBlock` rows (up to BLOCK_SIZE responses each), written in the
same transaction as the responses. The analysis reads only those blocks: a handful of rows
instead of a million. Each response takes a fixed number of bytes in a block:

    bytes 0-2   the respondent's nationality profile, an index into `Survey.profiles`
                (little-endian; one entry per distinct combination of nationalities, with
                the residence when it is one of several nationalities)
    then        one byte per scale item (0 blank, 1-5 the answer, 6 any other choice = don't know)
    then        one byte for the gender answer and one for the field answer
                (0 blank, else the position of the choice in its list, from 1)

Blocks hold the bytes as hexadecimal text, so audit entries, exports and both databases treat
them as plain text. The order of the items is `Survey.layout`. Replacing the form re-codes every
stored response from its `answers`, in the same transaction, so blocks follow the current form.
"""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.translation import pick

DONT_KNOW = 6
BLOCK_SIZE = 100_000
SCALE_CHOICES = ("1", "2", "3", "4", "5")


class Survey(DemoMarkedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Results published")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    titles = models.JSONField(_("titles"), default=dict, help_text=_("Title per language code."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Responses are stored without the respondent.")
    )
    form_id = models.CharField(_("form ID"), max_length=200, blank=True)
    form_version = models.PositiveIntegerField(_("form version"), default=0)
    form_json = models.JSONField(_("form"), default=dict, blank=True)
    default_language = models.CharField(_("default language"), max_length=20, default="en")
    nationality_question = models.CharField(_("nationality question"), max_length=100)
    residence_question = models.CharField(_("residence question"), max_length=100)
    gender_question = models.CharField(_("gender question"), max_length=100)
    field_question = models.CharField(_("professional field question"), max_length=100)
    layout = models.JSONField(_("coded layout"), default=list, blank=True)
    profiles = models.JSONField(_("nationality profiles"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.titles).text or self.slug

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("panel:survey-detail", args=[self.slug])


class Question(models.Model):
    class Kind(models.TextChoices):
        SELECT_ONE = "select_one", _("Single choice")
        SELECT_MULTIPLE = "select_multiple", _("Multiple choice")
        TEXT = "text", _("Free text")
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", _("Number")
        DATE = "date", _("Date")
        NOTE = "note", _("Note")

    survey = models.ForeignKey(Survey, related_name="questions", on_delete=models.CASCADE)
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    labels = models.JSONField(_("labels"), default=dict, blank=True)
    hints = models.JSONField(_("hints"), default=dict, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("[{name, labels}] in form order.")
    )
    relevant = models.TextField(_("relevance"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    group = models.CharField(_("section"), max_length=200, blank=True)
    group_labels = models.JSONField(_("section labels"), default=dict, blank=True)
    is_scale = models.BooleanField(_("scale item"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="panel_question_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return pick(self.labels).text or self.name

    def choice_names(self) -> list[str]:
        return [str(choice["name"]) for choice in self.choices]

    def choice_label(self, name: str) -> str:
        for choice in self.choices:
            if str(choice["name"]) == name:
                return pick(choice.get("labels") or {}).text or name
        return name

    def labelled_choices(self) -> list[tuple[str, str]]:
        return [
            (str(c["name"]), pick(c.get("labels") or {}).text or str(c["name"]))
            for c in self.choices
        ]


class ResponseImport(models.Model):
    """One CSV file of responses imported into a survey; its hash refuses the same file twice."""

    survey = models.ForeignKey(Survey, related_name="imports", on_delete=models.CASCADE)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response import")
        verbose_name_plural = _("response imports")
        constraints = [
            models.UniqueConstraint(fields=["survey", "sha256"], name="panel_import_unique_file")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.sha256[:12]}"


class Invitation(TimeStampedModel):
    """A single-use link to answer a survey; it keeps the answers saved so far (save and resume)."""

    survey = models.ForeignKey(Survey, related_name="invitations", on_delete=models.CASCADE)
    token = models.CharField(_("token"), max_length=64, unique=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("Who it was sent to (secretariat only)."),
    )
    draft = models.JSONField(_("saved answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["survey", "pk"]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("panel:respond", args=[self.token])


class Referral(TimeStampedModel):
    """A further expert an invited respondent suggests; the secretariat may invite them."""

    survey = models.ForeignKey(Survey, related_name="referrals", on_delete=models.CASCADE)
    referred_by = models.ForeignKey(Invitation, related_name="referrals", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(
        _("contact"), max_length=200, help_text=_("E-mail or another way to reach them.")
    )
    expertise = models.TextField(_("expertise"), blank=True)
    invitation = models.OneToOneField(
        Invitation,
        related_name="referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The link the secretariat created for this expert."),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["survey", "pk"]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.name}"


class Response(DemoMarkedModel):
    survey = models.ForeignKey(Survey, related_name="responses", on_delete=models.CASCADE)
    form_version = models.PositiveIntegerField(_("form version"))
    source = models.ForeignKey(
        ResponseImport,
        related_name="responses",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    answers = models.JSONField(_("answers"), default=dict)
    invitation = models.OneToOneField(
        Invitation,
        related_name="response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty for imported responses and for anonymous surveys."),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "pk"]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"

    def answer(self, name: str) -> Any:
        return self.answers.get(name)


class CodedBlock(models.Model):
    """Coded answers of up to BLOCK_SIZE responses of one survey, for the analysis."""

    survey = models.ForeignKey(Survey, related_name="blocks", on_delete=models.CASCADE)
    position = models.PositiveIntegerField(_("position"))
    count = models.PositiveIntegerField(_("responses"))
    codes = models.TextField(_("coded answers"), help_text=_("Hexadecimal; see the module doc."))

    class Meta:
        verbose_name = _("coded block")
        verbose_name_plural = _("coded blocks")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="panel_block_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.position}"


# --- The roster ---------------------------------------------------------------------------


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


# --- Working groups and reports ----------------------------------------------------------


class WorkingGroup(DemoMarkedModel, TimeStampedModel):
    """Experts of the panel working together on a theme; its members see its draft reports."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))
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

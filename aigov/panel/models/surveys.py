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
    text_answers = models.JSONField(
        _("answers per free-text question"),
        default=dict,
        blank=True,
        help_text=_("How many responses answer each free-text question."),
    )
    keywords_version = models.CharField(
        _("keyword rules"),
        max_length=16,
        blank=True,
        help_text=_("The keyword rules the kept counts were counted by."),
    )
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


class KeywordTally(models.Model):
    """How many responses use one keyword in their answer to one free-text question.

    Added to in the transaction that stores responses (under the survey's row lock, so
    concurrent submissions never lose a count), and counted again from every response when the
    form is replaced or the keyword rules change: the results page reads the top keywords from
    here instead of every answer.
    """

    survey = models.ForeignKey(Survey, related_name="keyword_tallies", on_delete=models.CASCADE)
    question = models.CharField(_("question"), max_length=100)
    keyword = models.CharField(_("keyword"), max_length=100)
    count = models.PositiveIntegerField(_("responses"), default=0)

    class Meta:
        verbose_name = _("keyword count")
        verbose_name_plural = _("keyword counts")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "keyword"], name="panel_keyword_tally_unique"
            )
        ]
        indexes = [
            models.Index(fields=["survey", "question", "count"], name="panel_keyword_tally_top")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.question}:{self.keyword}"


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

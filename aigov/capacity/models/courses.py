"""A self-paced course's content: modules, lessons and quiz questions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models.offerings import DESCRIPTION_LENGTH, TITLE_LENGTH, Offering
from aigov.core.translation import TranslatedTextField, pick

QUESTION_LENGTH = 1_000  # per language; see NAME_LENGTH


class CourseModule(models.Model):
    """A module of a self-paced course."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("order"))
    titles = TranslatedTextField(_("titles"), max_length=TITLE_LENGTH)

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
    titles = TranslatedTextField(_("titles"), max_length=TITLE_LENGTH)
    bodies = TranslatedTextField(_("text"), max_length=DESCRIPTION_LENGTH, blank=True)
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
    prompts = TranslatedTextField(_("question"), max_length=QUESTION_LENGTH)
    options = models.JSONField(_("options"), default=list)
    correct_option = models.PositiveSmallIntegerField(_("correct option"))

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["lesson_id", "position"]

    def __str__(self) -> str:
        return pick(self.prompts).text

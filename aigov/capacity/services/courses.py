"""Writes of a self-paced course's content: modules, lessons and quiz questions."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.capacity.models import CourseModule, Lesson, Offering, QuizQuestion
from aigov.capacity.services.shared import _next_position, _translations
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, error_items, field_error


def _text_problems(model: type[Model], field: str, values: object, where: str) -> list[ErrorItem]:
    """The problems of a translated text of the content (none when it is valid)."""
    try:
        _translations(model, field, values, where=where)
    except ValidationError as invalid:
        return error_items(invalid)
    return []


def _place(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _question_problems(where: str, question: Any) -> list[ErrorItem]:
    """The problems of a quiz question; `where` is its place in the course ("" on its own)."""
    if not isinstance(question, dict):
        return [field_error(where or None, "invalid", _("Give the question as an object."))]
    problems = _text_problems(
        QuizQuestion, "prompts", question.get("prompts"), _place(where, "prompts")
    )
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2:
        problems.append(
            field_error(
                _place(where, "options"), "too_few", _("Give at least two options, each a text.")
            )
        )
        return problems
    for n, option in enumerate(options, start=1):
        # An option is a short text like the question itself, in each language the quiz has.
        problems += _text_problems(QuizQuestion, "prompts", option, _place(where, f"options.{n}"))
    correct = question.get("correct_option")
    if isinstance(correct, bool) or not isinstance(correct, int) or not 0 <= correct < len(options):
        problems.append(
            field_error(
                _place(where, "correct_option"),
                "out_of_range",
                _("The correct option must be one of the options."),
            )
        )
    return problems


def _lesson_problems(where: str, lesson: Any) -> list[ErrorItem]:
    if not isinstance(lesson, dict) or lesson.get("kind") not in Lesson.Kind.values:
        return [field_error(f"{where}.kind", "invalid_choice", _("Give the lesson a known kind."))]
    problems = _text_problems(Lesson, "titles", lesson.get("titles"), f"{where}.titles")
    problems += _text_problems(Lesson, "bodies", lesson.get("bodies"), f"{where}.bodies")
    mark = lesson.get("pass_mark", 70)
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        problems.append(
            field_error(
                f"{where}.pass_mark", "out_of_range", _("The pass mark is a percentage, 0 to 100.")
            )
        )
    if lesson["kind"] == Lesson.Kind.QUIZ:
        questions = lesson.get("questions") or []
        if not isinstance(questions, list) or not questions:
            problems.append(
                field_error(f"{where}.questions", "empty", _("A quiz needs questions."))
            )
        else:
            for q, question in enumerate(questions, start=1):
                problems += _question_problems(f"{where}.questions.{q}", question)
    return problems


def _content_problems(modules: Any) -> list[ErrorItem]:
    if not isinstance(modules, list) or not modules:
        return [field_error("modules", "empty", _("A course needs at least one module."))]
    problems: list[ErrorItem] = []
    for m, module in enumerate(modules, start=1):
        where = f"modules.{m}"
        if not isinstance(module, dict):
            problems.append(field_error(where, "invalid", _("Give the module as an object.")))
            continue
        problems += _text_problems(CourseModule, "titles", module.get("titles"), f"{where}.titles")
        lessons = module.get("lessons") or []
        if not isinstance(lessons, list) or not lessons:
            problems.append(
                field_error(
                    f"{where}.lessons", "empty", _("Module %(n)d has no lessons.") % {"n": m}
                )
            )
            continue
        for n, lesson in enumerate(lessons, start=1):
            problems += _lesson_problems(f"{where}.lessons.{n}", lesson)
    return problems


@transaction.atomic
def course_content_set(
    *, actor: Actor, offering: Offering, modules: list[dict[str, Any]]
) -> Offering:
    """Replace the modules, lessons and quizzes of a self-paced course nobody has enrolled in.

    Raise NotAllowed, InvalidState (learners enrolled, or not a self-paced course) or
    InvalidInput naming the module, lesson and question at fault.
    """
    offering = _editable_course(actor, offering, structural=True)
    problems = _content_problems(modules)
    if problems:
        raise InvalidInput(errors=problems)
    offering.modules.all().delete()
    for m, module in enumerate(modules, start=1):
        course_module = CourseModule.objects.create(
            offering=offering,
            position=m,
            titles=_translations(CourseModule, "titles", module["titles"]),
        )
        for n, lesson in enumerate(module["lessons"], start=1):
            row = Lesson.objects.create(
                module=course_module,
                position=n,
                kind=lesson["kind"],
                titles=_translations(Lesson, "titles", lesson["titles"]),
                bodies=_translations(Lesson, "bodies", lesson.get("bodies")),
                media_url=lesson.get("media_url", ""),
                pass_mark=lesson.get("pass_mark", 70),
            )
            QuizQuestion.objects.bulk_create(
                QuizQuestion(
                    lesson=row,
                    position=q,
                    prompts=_translations(QuizQuestion, "prompts", question["prompts"]),
                    options=[
                        _translations(QuizQuestion, "prompts", option)
                        for option in question["options"]
                    ],
                    correct_option=int(question["correct_option"]),
                )
                for q, question in enumerate(lesson.get("questions") or [], start=1)
            )
    audit.record(
        actor=actor,
        action="capacity.offering.content",
        obj=offering,
        before=audit.snapshot(offering),
        extra={"modules": len(modules)},
    )
    return offering


def _editable_course(actor: Actor, offering: Offering, *, structural: bool) -> Offering:
    """Lock and return a self-paced course the actor may change.

    Once learners are enrolled only wording may change (titles, texts, media links): adding,
    removing or regrading lessons would change what their completion and credentials mean.
    """
    require(actor, "capacity.change_offering", offering)
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE:
        raise InvalidState(_("Only self-paced courses have modules and lessons."))
    if structural and offering.enrolments.exists():
        raise InvalidState(
            _(
                "Learners are enrolled: lessons and quizzes can no longer be added, removed or "
                "regraded; their wording can still be corrected."
            )
        )
    return offering


@transaction.atomic
def course_module_add(*, actor: Actor, offering: Offering, titles: dict[str, str]) -> CourseModule:
    """Add a module at the end of a course. Raise NotAllowed, InvalidState or InvalidInput."""
    offering = _editable_course(actor, offering, structural=True)
    module = CourseModule.objects.create(
        offering=offering,
        position=_next_position(offering.modules.all()),
        titles=_translations(CourseModule, "titles", titles),
    )
    audit.record(actor=actor, action="capacity.module.create", obj=module)
    return module


@transaction.atomic
def course_module_update(
    *, actor: Actor, module: CourseModule, titles: dict[str, str]
) -> CourseModule:
    """Rename a module (allowed while learners are enrolled)."""
    _editable_course(actor, module.offering, structural=False)
    before = audit.snapshot(module)
    module.titles = _translations(CourseModule, "titles", titles)
    module.save(update_fields=["titles"])
    audit.record(actor=actor, action="capacity.module.update", obj=module, before=before)
    return module


@transaction.atomic
def course_module_delete(*, actor: Actor, module: CourseModule) -> None:
    """Remove a module with its lessons. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, module.offering, structural=True)
    before = audit.snapshot(module)
    module.delete()
    audit.record(actor=actor, action="capacity.module.delete", obj=module, before=before)


def _lesson_values(kind: str, media_url: str, pass_mark: int | None) -> tuple[str, str, int]:
    problems = []
    if kind not in Lesson.Kind.values:
        problems.append(field_error("kind", "invalid_choice", _("Give the lesson a known kind.")))
    if kind == Lesson.Kind.MEDIA and not media_url:
        problems.append(field_error("media_url", "required", _("A media lesson needs a link.")))
    mark = 70 if pass_mark is None else pass_mark
    if not 0 <= mark <= 100:
        problems.append(
            field_error("pass_mark", "out_of_range", _("The pass mark is a percentage, 0 to 100."))
        )
    if problems:
        raise InvalidInput(errors=problems)
    return kind, media_url, mark


@transaction.atomic
def lesson_add(
    *,
    actor: Actor,
    module: CourseModule,
    kind: str,
    titles: dict[str, str],
    bodies: dict[str, str] | None = None,
    media_url: str = "",
    pass_mark: int | None = None,
) -> Lesson:
    """Add a lesson at the end of a module. Raise NotAllowed, InvalidState or InvalidInput."""
    _editable_course(actor, module.offering, structural=True)
    kind, media_url, mark = _lesson_values(kind, media_url, pass_mark)
    lesson = Lesson.objects.create(
        module=module,
        position=_next_position(module.lessons.all()),
        kind=kind,
        titles=_translations(Lesson, "titles", titles),
        bodies=_translations(Lesson, "bodies", bodies),
        media_url=media_url,
        pass_mark=mark,
    )
    audit.record(actor=actor, action="capacity.lesson.create", obj=lesson)
    return lesson


@transaction.atomic
def lesson_update(
    *,
    actor: Actor,
    lesson: Lesson,
    titles: dict[str, str],
    bodies: dict[str, str] | None = None,
    media_url: str = "",
    pass_mark: int | None = None,
) -> Lesson:
    """Change a lesson's wording, link and (before anyone enrolled) its pass mark."""
    regrade = pass_mark is not None and pass_mark != lesson.pass_mark
    _editable_course(actor, lesson.module.offering, structural=regrade)
    mark_given = lesson.pass_mark if pass_mark is None else pass_mark
    _kind, media_url, mark = _lesson_values(lesson.kind, media_url, mark_given)
    before = audit.snapshot(lesson)
    lesson.titles = _translations(Lesson, "titles", titles)
    lesson.bodies = _translations(Lesson, "bodies", bodies)
    lesson.media_url, lesson.pass_mark = media_url, mark
    lesson.save(update_fields=["titles", "bodies", "media_url", "pass_mark"])
    audit.record(actor=actor, action="capacity.lesson.update", obj=lesson, before=before)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: Actor, lesson: Lesson) -> None:
    """Remove a lesson. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, lesson.module.offering, structural=True)
    before = audit.snapshot(lesson)
    lesson.delete()
    audit.record(actor=actor, action="capacity.lesson.delete", obj=lesson, before=before)


@transaction.atomic
def quiz_question_add(
    *,
    actor: Actor,
    lesson: Lesson,
    prompts: dict[str, str],
    options: list[dict[str, str]],
    correct_option: int,
) -> QuizQuestion:
    """Add a multiple-choice question to a quiz; `correct_option` counts from 0.

    Raise NotAllowed, InvalidState (not a quiz, learners enrolled) or InvalidInput.
    """
    _editable_course(actor, lesson.module.offering, structural=True)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise InvalidState(_("Only quizzes have questions."))
    given = {"prompts": prompts, "options": options, "correct_option": correct_option}
    problems = _question_problems("", given)
    if problems:
        raise InvalidInput(errors=problems)
    question = QuizQuestion.objects.create(
        lesson=lesson,
        position=_next_position(lesson.questions.all()),
        prompts=_translations(QuizQuestion, "prompts", prompts),
        options=[_translations(QuizQuestion, "prompts", option) for option in options],
        correct_option=correct_option,
    )
    audit.record(actor=actor, action="capacity.question.create", obj=question)
    return question


@transaction.atomic
def quiz_question_delete(*, actor: Actor, question: QuizQuestion) -> None:
    """Remove a question from a quiz. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, question.lesson.module.offering, structural=True)
    before = audit.snapshot(question)
    question.delete()
    audit.record(actor=actor, action="capacity.question.delete", obj=question, before=before)

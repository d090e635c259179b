"""Reads of a self-paced course's content: modules, lessons and quiz questions."""

from typing import Any

from aigov.capacity.models import CourseModule, Enrolment, Lesson, Offering, QuizQuestion
from aigov.core.errors import NotFound


def lesson_get(*, offering: Offering, pk: int) -> Lesson:
    """Return a lesson of `offering` (already visible to the caller); raise NotFound."""
    lesson = (
        Lesson.objects.filter(module__offering=offering, pk=pk)
        .select_related("module")
        .prefetch_related("questions")
        .first()
    )
    if lesson is None:
        raise NotFound()
    return lesson


def course_content(*, offering: Offering) -> list[dict[str, Any]]:
    """Return a course's modules, lessons and questions in the shape `course_content_set` takes
    (the JSON a course is downloaded and uploaded as)."""
    # The lessons' and questions' own ordering is by position, so the prefetch keeps it.
    modules = offering.modules.prefetch_related("lessons__questions").order_by("position")
    return [
        {
            "titles": module.titles,
            "lessons": [
                {
                    "kind": lesson.kind,
                    "titles": lesson.titles,
                    "bodies": lesson.bodies,
                    "media_url": lesson.media_url,
                    "pass_mark": lesson.pass_mark,
                    **(
                        {
                            "questions": [
                                {
                                    "prompts": question.prompts,
                                    "options": question.options,
                                    "correct_option": question.correct_option,
                                }
                                for question in lesson.questions.all()
                            ]
                        }
                        if lesson.kind == Lesson.Kind.QUIZ
                        else {}
                    ),
                }
                for lesson in module.lessons.all()
            ],
        }
        for module in modules
    ]


def module_get(*, offering: Offering, pk: int) -> CourseModule:
    module = (
        CourseModule.objects.filter(offering=offering, pk=pk).select_related("offering").first()
    )
    if module is None:
        raise NotFound()
    return module


def question_get(*, lesson: Lesson, pk: int) -> QuizQuestion:
    question = QuizQuestion.objects.filter(lesson=lesson, pk=pk).first()
    if question is None:
        raise NotFound()
    return question


def has_enrolments(*, offering: Offering) -> bool:
    return Enrolment.objects.filter(offering=offering).exists()

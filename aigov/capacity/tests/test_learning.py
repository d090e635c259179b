"""Self-paced courses: enrolment, lessons, graded quizzes, completion; progress stays private."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import Credential, Enrolment, LessonProgress
from aigov.capacity.tests.factories import make_course, make_offering
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def _lessons(course):
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


def test_a_learner_completes_a_course_and_receives_a_credential():
    learner = UserFactory(role="learner")
    course = make_course(languages=["fr"])
    enrolment = services.enrolment_create(actor=learner, offering=course)
    reading, quiz = _lessons(course)

    first = services.lesson_complete(actor=learner, enrolment=enrolment, lesson=reading)
    assert first.credential is None and first.enrolment.status == "active"
    progress = selectors.enrolment_progress(actor=learner, enrolment=enrolment)
    assert (progress.lessons_done, progress.lessons_total, progress.percent) == (1, 2, 50)

    failed = services.lesson_complete(
        actor=learner, enrolment=enrolment, lesson=quiz, answers=[1, 1]
    )
    assert failed.progress.score == 50 and not failed.progress.is_passed
    assert failed.credential is None and Credential.objects.count() == 0

    passed = services.lesson_complete(
        actor=learner, enrolment=enrolment, lesson=quiz, answers=[1, 0]
    )
    assert passed.progress.score == 100 and passed.progress.is_passed
    assert passed.enrolment.status == Enrolment.Status.COMPLETED
    assert passed.credential is not None and passed.credential.learner == learner
    assert LogEntry.objects.filter(additional_data__action="capacity.credential.issue").count() == 1
    with pytest.raises(InvalidState):
        services.lesson_complete(actor=learner, enrolment=enrolment, lesson=quiz, answers=[1, 0])


def test_quiz_answers_must_cover_every_question_and_nothing_is_recorded_otherwise():
    learner = UserFactory(role="learner")
    course = make_course()
    enrolment = services.enrolment_create(actor=learner, offering=course)
    with pytest.raises(InvalidInput) as wrong:
        services.lesson_complete(
            actor=learner, enrolment=enrolment, lesson=_lessons(course)[1], answers=[1]
        )
    assert wrong.value.errors[0]["field"] == "answers"
    assert LessonProgress.objects.count() == 0


def test_enrolment_rules():
    learner = UserFactory(role="learner")
    course = make_course()
    services.enrolment_create(actor=learner, offering=course)
    with pytest.raises(Conflict):
        services.enrolment_create(actor=learner, offering=course)
    with pytest.raises(InvalidState):
        services.enrolment_create(actor=learner, offering=make_offering(kind="webinar"))
    hidden = make_course(is_published=False)
    with pytest.raises(NotFound):
        services.enrolment_create(actor=learner, offering=hidden)


def test_a_lesson_of_another_course_is_not_found():
    learner = UserFactory(role="learner")
    enrolment = services.enrolment_create(actor=learner, offering=make_course())
    with pytest.raises(NotFound):
        services.lesson_complete(
            actor=learner, enrolment=enrolment, lesson=_lessons(make_course())[0]
        )


def test_a_learner_sees_and_changes_only_their_own_progress(client: Client):
    amina, boris = UserFactory(role="learner"), UserFactory(role="learner")
    course = make_course(slug="shared-course")
    own = services.enrolment_create(actor=amina, offering=course)
    other = services.enrolment_create(actor=boris, offering=course)
    services.lesson_complete(actor=boris, enrolment=other, lesson=_lessons(course)[0])

    with pytest.raises(NotFound):
        selectors.enrolment_progress(actor=amina, enrolment=other)
    with pytest.raises(NotAllowed):
        services.lesson_complete(
            actor=amina, enrolment=other, lesson=_lessons(course)[1], answers=[1, 0]
        )
    assert list(selectors.enrolment_list(actor=amina)) == [own]

    client.force_login(amina)
    body = client.get("/api/capacity/enrolments").json()
    assert body["count"] == 1 and body["items"][0]["offering"] == "shared-course"
    page = client.get("/en/capacity/offerings/shared-course/").content.decode()
    assert "0 of 2 lessons done" in page  # hers, not Boris's 1 of 2
    assert client.get("/api/capacity/enrolments", HTTP_AUTHORIZATION="").status_code == 200
    client.logout()
    assert client.get("/api/capacity/enrolments").status_code == 401
    # The secretariat sees everyone's, for reporting.
    assert selectors.enrolment_list(actor=UserFactory(role="secretariat")).count() == 2


def test_course_content_cannot_change_once_learners_enrolled():
    course = make_course()
    services.enrolment_create(actor=UserFactory(role="learner"), offering=course)
    from aigov.accounts.services import system_actor

    with pytest.raises(InvalidState):
        services.course_content_set(actor=system_actor(), offering=course, modules=[])


def test_course_content_errors_name_module_lesson_and_question():
    from aigov.accounts.services import system_actor

    course = make_offering(kind="self_paced_course")
    bad = [
        {
            "titles": {"en": "M"},
            "lessons": [
                {
                    "kind": "quiz",
                    "titles": {"en": "Q"},
                    "questions": [
                        {"prompts": {"en": "?"}, "options": [{"en": "a"}], "correct_option": 3}
                    ],
                }
            ],
        }
    ]
    with pytest.raises(InvalidInput) as problem:
        services.course_content_set(actor=system_actor(), offering=course, modules=bad)
    places = [(e["field"], e["code"]) for e in problem.value.errors]
    assert places == [("modules.1.lessons.1.questions.1.options", "too_few")]
    assert not course.modules.exists()


def test_lesson_pages_walk_through_the_course(client: Client):
    learner = UserFactory(role="learner")
    course = make_course(slug="walk")
    client.force_login(learner)
    reading, quiz = _lessons(course)
    assert client.get(f"/en/capacity/offerings/walk/lessons/{reading.pk}/").status_code == 302
    client.post("/en/capacity/offerings/walk/enrol/")
    assert client.get(f"/en/capacity/offerings/walk/lessons/{reading.pk}/").status_code == 200
    client.post(f"/en/capacity/offerings/walk/lessons/{reading.pk}/")
    wrong = client.post(
        f"/en/capacity/offerings/walk/lessons/{quiz.pk}/", {"q1": 0, "q2": 0}, follow=True
    )
    assert "You scored 50%; 100% is needed." in wrong.content.decode()
    done = client.post(
        f"/en/capacity/offerings/walk/lessons/{quiz.pk}/", {"q1": 1, "q2": 0}, follow=True
    )
    page = done.content.decode()
    assert "Course completed" in page and "urn:uuid:" in page


def test_my_learning_pages_each_list_and_shows_only_my_own(client: Client):
    """A learner enrolled in 52 courses sees 50, then 2 on the next page of courses; another
    learner's enrolment never appears."""
    learner, other = UserFactory(role="learner"), UserFactory(role="learner")
    for number in range(52):
        services.enrolment_create(
            actor=learner, offering=make_course(titles={"en": f"Course {number:02}"})
        )
    services.enrolment_create(
        actor=other, offering=make_course(titles={"en": "Someone else's course"})
    )
    client.force_login(learner)
    first = client.get("/en/capacity/my-learning/").content.decode()
    second = client.get("/en/capacity/my-learning/?courses=2").content.decode()
    assert first.count(">Course ") == 50 and second.count(">Course ") == 2
    assert "?courses=2" in first
    assert "Someone else" not in first + second

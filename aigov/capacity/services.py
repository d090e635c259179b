"""Every write of the capacity module: network, catalogue, learning, events and credentials.

Each service checks permission, validates, writes in one transaction and records an audit entry.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import has, require
from aigov.accounts.models import User
from aigov.capacity import credentials, matching, readiness, selectors
from aigov.capacity.models import (
    Audience,
    Collection,
    CollectionItem,
    CollectionMember,
    CourseModule,
    Credential,
    Enrolment,
    Introduction,
    LearnerProfile,
    Lesson,
    LessonProgress,
    Need,
    Node,
    Offer,
    Offering,
    OfferingAudience,
    Provider,
    QuizQuestion,
    ReadinessAssessment,
    Registration,
)
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotFound
from aigov.core.search import index as search_index
from aigov.core.translation import pick
from aigov.taxonomy.models import Country, Language, RegionalGroup, Topic


def _problem(field: str, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": code, "message": message}


def _require(actor: User, perm: str, obj: Any = None) -> None:
    # Commands and the demo generator act as the system actor, which holds no role.
    if not getattr(actor, "is_system", False):
        require(actor, perm, obj)


def _languages(tags: list[str]) -> list[Language]:
    found = {language.tag.lower(): language for language in Language.objects.filter(tag__in=tags)}
    unknown = [tag for tag in tags if tag.lower() not in found]
    if unknown or not tags:
        raise InvalidInput(
            errors=[
                _problem(
                    "languages",
                    "unknown_language",
                    _(
                        "Give at least one language as a BCP 47 tag known to the taxonomy; "
                        "unknown: %(tags)s."
                    )
                    % {"tags": ", ".join(unknown) or "-"},
                )
            ]
        )
    return [found[tag.lower()] for tag in tags]


def _topics(slugs: list[str]) -> list[Topic]:
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    "topics",
                    "unknown_topic",
                    _("These topics are not in the taxonomy: %(topics)s.")
                    % {"topics": ", ".join(unknown)},
                )
            ]
        )
    return [found[slug] for slug in slugs]


def _audiences(values: list[str]) -> list[str]:
    unknown = [value for value in values if value not in Audience.values]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    "audiences",
                    "unknown_audience",
                    _("Unknown audiences %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(Audience.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


@transaction.atomic
def node_create(
    *,
    actor: User,
    slug: str,
    names: dict[str, str],
    kind: str,
    region: str,
    country: str | None = None,
    host: Any = None,
    services: list[str] | None = None,
    languages: list[str] | None = None,
    operators: list[User] | None = None,
    is_demo: bool = False,
) -> Node:
    """Create a node of the network. Raise NotAllowed, Conflict or ValidationError."""
    _require(actor, "capacity.manage_network")
    if Node.objects.filter(slug=slug).exists():
        raise Conflict(_("A node with this slug exists already."))
    node = Node(
        slug=slug,
        names=names,
        kind=kind,
        region=region,
        country_id=country,
        host=host,
        services=services or [],
        is_demo=is_demo,
    )
    node.full_clean()
    language_rows = _languages(languages) if languages else []
    node.save()
    node.languages.set(language_rows)
    node.operators.set(operators or [])
    audit.record(actor=actor, action="capacity.node.create", obj=node)
    return node


@transaction.atomic
def provider_create(
    *,
    actor: User,
    slug: str,
    names: dict[str, str],
    node: Node | None = None,
    organisation: Any = None,
    contributions: list[str] | None = None,
    is_demo: bool = False,
) -> Provider:
    """Create a provider or contributor. Raise NotAllowed, Conflict or ValidationError."""
    if node is not None:
        _require(actor, "capacity.change_node", node)
    else:
        _require(actor, "capacity.manage_network")
    if Provider.objects.filter(slug=slug).exists():
        raise Conflict(_("A provider with this slug exists already."))
    provider = Provider(
        slug=slug,
        names=names,
        node=node,
        organisation=organisation,
        contributions=contributions or [],
        is_demo=is_demo,
    )
    provider.full_clean()
    provider.save()
    audit.record(actor=actor, action="capacity.provider.create", obj=provider)
    return provider


NODE_FIELDS = ("names", "kind", "region", "country", "host", "services")


@transaction.atomic
def node_update(
    *,
    actor: User,
    node: Node,
    languages: list[str] | None = None,
    operators: list[User] | None = None,
    **changes: Any,
) -> Node:
    """Change a node: its operators or the secretariat; only the secretariat names operators.

    Raise NotAllowed, InvalidInput (unknown language) or ValidationError; nothing changes on
    failure.
    """
    _require(actor, "capacity.change_node", node)
    if operators is not None:
        _require(actor, "capacity.manage_network")
    unexpected = set(changes) - set(NODE_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown node fields: {sorted(unexpected)}")
    node = Node.objects.select_for_update().get(pk=node.pk)
    before = audit.snapshot(node)
    if "country" in changes:
        node.country_id = changes.pop("country") or None
    for name, value in changes.items():
        setattr(node, name, value)
    node.full_clean()
    language_rows = _languages(languages) if languages else None
    node.save()
    if languages is not None:
        node.languages.set(language_rows or [])
    extra: dict[str, Any] = {"languages": languages}
    if operators is not None:
        extra["operators"] = sorted(user.email for user in operators)
        node.operators.set(operators)
    audit.record(actor=actor, action="capacity.node.update", obj=node, before=before, extra=extra)
    return node


@transaction.atomic
def provider_update(
    *,
    actor: User,
    provider: Provider,
    names: dict[str, str] | None = None,
    contributions: list[str] | None = None,
    node: Node | bool | None = False,
) -> Provider:
    """Change a provider's names, contributions or node (`node=False` leaves it as it is).

    A provider of a node is changed by that node's operators or the secretariat; one without a
    node, and moving a provider between nodes, only by the secretariat. Raise NotAllowed or
    ValidationError.
    """
    _require(actor, "capacity.change_provider", provider)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = audit.snapshot(provider)
    if node is not False:
        _require(actor, "capacity.manage_network")
        provider.node = node if isinstance(node, Node) else None
    if names is not None:
        provider.names = names
    if contributions is not None:
        provider.contributions = contributions
    provider.full_clean()
    provider.save()
    audit.record(actor=actor, action="capacity.provider.update", obj=provider, before=before)
    return provider


def _check_provider(actor: User, provider: Provider, node: Node | None) -> None:
    # A node's offerings come from its own providers or from independent ones (affiliated
    # institutions, contributors), never from another node's.
    if provider.node_id is not None and (node is None or provider.node_id != node.pk):
        if getattr(actor, "is_system", False) or has(actor, "capacity.manage_network"):
            return
        raise InvalidInput(
            errors=[
                _problem(
                    "provider",
                    "other_node",
                    _("This provider belongs to another node; choose one of this node's."),
                )
            ]
        )


OFFERING_FIELDS = (
    "titles",
    "descriptions",
    "kind",
    "level",
    "cost",
    "fee_amount",
    "fee_currency",
    "fee_waivers",
    "has_certificate",
    "accessibility",
    "starts_at",
    "ends_at",
    "time_zone",
    "seats",
    "prerequisites",
    "url",
    "is_government_track",
    "is_published",
)


@transaction.atomic
def offering_create(
    *,
    actor: User,
    slug: str,
    provider: Provider,
    node: Node | None,
    languages: list[str],
    topics: list[str],
    audiences: list[str],
    is_demo: bool = False,
    **fields: Any,
) -> Offering:
    """Add an offering to the catalogue; a node operator only for a node they operate.

    Raise NotAllowed, Conflict, InvalidInput (unknown language, topic or audience) or
    ValidationError.
    """
    _require(actor, "capacity.create_offering", node)
    unexpected = set(fields) - set(OFFERING_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown offering fields: {sorted(unexpected)}")
    if Offering.objects.filter(slug=slug).exists():
        raise Conflict(_("An offering with this slug exists already."))
    _check_provider(actor, provider, node)
    offering = Offering(slug=slug, provider=provider, node=node, is_demo=is_demo, **fields)
    offering.full_clean()
    language_rows, topic_rows = _languages(languages), _topics(topics)
    audience_values = _audiences(audiences)
    offering.save()
    offering.languages.set(language_rows)
    offering.topics.set(topic_rows)
    OfferingAudience.objects.bulk_create(
        OfferingAudience(offering=offering, audience=value) for value in audience_values
    )
    audit.record(
        actor=actor,
        action="capacity.offering.create",
        obj=offering,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering


@transaction.atomic
def offering_update(
    *,
    actor: User,
    offering: Offering,
    languages: list[str] | None = None,
    topics: list[str] | None = None,
    audiences: list[str] | None = None,
    provider: Provider | None = None,
    node: Node | bool | None = False,
    **changes: Any,
) -> Offering:
    """Change an offering; only the secretariat and the operators of its node may.

    `node=False` leaves the node as it is; moving an offering to another node (or to none)
    needs the right to create offerings there. Raise NotAllowed, InvalidInput or
    ValidationError; nothing changes on failure.
    """
    _require(actor, "capacity.change_offering", offering)
    unexpected = set(changes) - set(OFFERING_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown offering fields: {sorted(unexpected)}")
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    before = audit.snapshot(offering)
    moved = []
    if node is not False:
        target = node if isinstance(node, Node) else None
        if target != offering.node:
            _require(actor, "capacity.create_offering", target)
            offering.node, moved = target, ["node"]
    if provider is not None and provider.pk != offering.provider_id:
        offering.provider, moved = provider, [*moved, "provider"]
    if moved:
        _check_provider(actor, offering.provider, offering.node)
    if changes.get("kind", offering.kind) != offering.kind and (
        offering.enrolments.exists() or offering.registrations.exists()
    ):
        raise InvalidState(
            _("Learners have enrolled or registered; the kind can no longer change.")
        )
    seats = changes.get("seats", offering.seats)
    if seats is not None and seats < offering.seats_taken:
        raise InvalidInput(
            errors=[
                _problem(
                    "seats",
                    "below_taken",
                    _("%(taken)d seats are taken already; give at least that many.")
                    % {"taken": offering.seats_taken},
                )
            ]
        )
    for name, value in changes.items():
        setattr(offering, name, value)
    offering.full_clean()
    language_rows = _languages(languages) if languages is not None else None
    topic_rows = _topics(topics) if topics is not None else None
    audience_values = _audiences(audiences) if audiences is not None else None
    offering.save(update_fields=[*changes, *moved, "updated_at"])
    if language_rows is not None:
        offering.languages.set(language_rows)
    if topic_rows is not None:
        offering.topics.set(topic_rows)
    if audience_values is not None:
        offering.audience_rows.all().delete()
        OfferingAudience.objects.bulk_create(
            OfferingAudience(offering=offering, audience=value) for value in audience_values
        )
    audit.record(
        actor=actor,
        action="capacity.offering.update",
        obj=offering,
        before=before,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering


# Learning ---------------------------------------------------------------------------------


def _is_texts(value: Any) -> bool:
    """Whether `value` is a translated text: {language code: non-empty text}, at least one."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    )


def _question_problems(where: str, question: Any) -> list[dict[str, Any]]:
    if not isinstance(question, dict) or not _is_texts(question.get("prompts")):
        return [_problem(where, "prompts", _("Write the question in at least one language."))]
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2 or not all(map(_is_texts, options)):
        return [_problem(where, "options", _("Give at least two options, each a text."))]
    correct = question.get("correct_option")
    if isinstance(correct, bool) or not isinstance(correct, int) or not 0 <= correct < len(options):
        return [
            _problem(where, "correct_option", _("The correct option must be one of the options."))
        ]
    return []


def _lesson_problems(where: str, lesson: Any) -> list[dict[str, Any]]:
    if not isinstance(lesson, dict) or lesson.get("kind") not in Lesson.Kind.values:
        return [_problem(where, "kind", _("Give the lesson a known kind."))]
    problems = []
    if not _is_texts(lesson.get("titles")):
        problems.append(_problem(where, "titles", _("Give a title in at least one language.")))
    if "bodies" in lesson and not isinstance(lesson["bodies"], dict):
        problems.append(_problem(where, "bodies", _("Give the text per language code.")))
    mark = lesson.get("pass_mark", 70)
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        problems.append(_problem(where, "pass_mark", _("The pass mark is a percentage, 0 to 100.")))
    if lesson["kind"] == Lesson.Kind.QUIZ:
        questions = lesson.get("questions") or []
        if not isinstance(questions, list) or not questions:
            problems.append(_problem(where, "empty", _("A quiz needs questions.")))
        else:
            for q, question in enumerate(questions, start=1):
                problems += _question_problems(f"{where}.questions.{q}", question)
    return problems


def _content_problems(modules: Any) -> list[dict[str, Any]]:
    if not isinstance(modules, list) or not modules:
        return [_problem("modules", "empty", _("A course needs at least one module."))]
    problems: list[dict[str, Any]] = []
    for m, module in enumerate(modules, start=1):
        where = f"modules.{m}"
        if not isinstance(module, dict) or not _is_texts(module.get("titles")):
            problems.append(_problem(where, "titles", _("Give a title in at least one language.")))
            continue
        lessons = module.get("lessons") or []
        if not isinstance(lessons, list) or not lessons:
            problems.append(_problem(where, "empty", _("Module %(n)d has no lessons.") % {"n": m}))
            continue
        for n, lesson in enumerate(lessons, start=1):
            problems += _lesson_problems(f"{where}.lessons.{n}", lesson)
    return problems


@transaction.atomic
def course_content_set(
    *, actor: User, offering: Offering, modules: list[dict[str, Any]]
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
            offering=offering, position=m, titles=module["titles"]
        )
        for n, lesson in enumerate(module["lessons"], start=1):
            row = Lesson.objects.create(
                module=course_module,
                position=n,
                kind=lesson["kind"],
                titles=lesson["titles"],
                bodies=lesson.get("bodies", {}),
                media_url=lesson.get("media_url", ""),
                pass_mark=lesson.get("pass_mark", 70),
            )
            QuizQuestion.objects.bulk_create(
                QuizQuestion(
                    lesson=row,
                    position=q,
                    prompts=question["prompts"],
                    options=question["options"],
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


def _editable_course(actor: User, offering: Offering, *, structural: bool) -> Offering:
    """Lock and return a self-paced course the actor may change.

    Once learners are enrolled only wording may change (titles, texts, media links): adding,
    removing or regrading lessons would change what their completion and credentials mean.
    """
    _require(actor, "capacity.change_offering", offering)
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


def _texts(
    values: dict[str, str] | None, *, field: str, required: Any = None, limit: int | None = None
) -> dict[str, str]:
    """A translated text with each language's text trimmed (to `limit` characters) and empty
    ones left out; with `required` (the message), at least one language must remain."""
    cleaned = {
        code: text.strip()[:limit] for code, text in (values or {}).items() if text and text.strip()
    }
    if required and not cleaned:
        raise InvalidInput(errors=[_problem(field, "required", required)])
    return cleaned


def _titles_given(titles: dict[str, str]) -> dict[str, str]:
    return _texts(titles, field="titles", required=_("Give a title in at least one language."))


def _next_position(rows: Any) -> int:
    last = rows.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def course_module_add(*, actor: User, offering: Offering, titles: dict[str, str]) -> CourseModule:
    """Add a module at the end of a course. Raise NotAllowed, InvalidState or InvalidInput."""
    offering = _editable_course(actor, offering, structural=True)
    module = CourseModule.objects.create(
        offering=offering,
        position=_next_position(offering.modules.all()),
        titles=_titles_given(titles),
    )
    audit.record(actor=actor, action="capacity.module.create", obj=module)
    return module


@transaction.atomic
def course_module_update(
    *, actor: User, module: CourseModule, titles: dict[str, str]
) -> CourseModule:
    """Rename a module (allowed while learners are enrolled)."""
    _editable_course(actor, module.offering, structural=False)
    before = audit.snapshot(module)
    module.titles = _titles_given(titles)
    module.save(update_fields=["titles"])
    audit.record(actor=actor, action="capacity.module.update", obj=module, before=before)
    return module


@transaction.atomic
def course_module_delete(*, actor: User, module: CourseModule) -> None:
    """Remove a module with its lessons. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, module.offering, structural=True)
    before = audit.snapshot(module)
    module.delete()
    audit.record(actor=actor, action="capacity.module.delete", obj=module, before=before)


def _lesson_values(kind: str, media_url: str, pass_mark: int | None) -> tuple[str, str, int]:
    problems = []
    if kind not in Lesson.Kind.values:
        problems.append(_problem("kind", "invalid_choice", _("Give the lesson a known kind.")))
    if kind == Lesson.Kind.MEDIA and not media_url:
        problems.append(_problem("media_url", "required", _("A media lesson needs a link.")))
    mark = 70 if pass_mark is None else pass_mark
    if not 0 <= mark <= 100:
        problems.append(
            _problem("pass_mark", "out_of_range", _("The pass mark is a percentage, 0 to 100."))
        )
    if problems:
        raise InvalidInput(errors=problems)
    return kind, media_url, mark


@transaction.atomic
def lesson_add(
    *,
    actor: User,
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
        titles=_titles_given(titles),
        bodies=bodies or {},
        media_url=media_url,
        pass_mark=mark,
    )
    audit.record(actor=actor, action="capacity.lesson.create", obj=lesson)
    return lesson


@transaction.atomic
def lesson_update(
    *,
    actor: User,
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
    lesson.titles, lesson.bodies = _titles_given(titles), bodies or {}
    lesson.media_url, lesson.pass_mark = media_url, mark
    lesson.save(update_fields=["titles", "bodies", "media_url", "pass_mark"])
    audit.record(actor=actor, action="capacity.lesson.update", obj=lesson, before=before)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: User, lesson: Lesson) -> None:
    """Remove a lesson. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, lesson.module.offering, structural=True)
    before = audit.snapshot(lesson)
    lesson.delete()
    audit.record(actor=actor, action="capacity.lesson.delete", obj=lesson, before=before)


@transaction.atomic
def quiz_question_add(
    *,
    actor: User,
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
    problems = []
    if not any(text.strip() for text in prompts.values()):
        problems.append(_problem("prompts", "required", _("Write the question.")))
    if len(options) < 2 or any(not option for option in options):
        problems.append(_problem("options", "too_few", _("Give at least two options.")))
    elif not 0 <= correct_option < len(options):
        problems.append(
            _problem(
                "correct_option",
                "out_of_range",
                _("The correct option must be one of the options."),
            )
        )
    if problems:
        raise InvalidInput(errors=problems)
    question = QuizQuestion.objects.create(
        lesson=lesson,
        position=_next_position(lesson.questions.all()),
        prompts=_texts(prompts, field="prompts"),
        options=options,
        correct_option=correct_option,
    )
    audit.record(actor=actor, action="capacity.question.create", obj=question)
    return question


@transaction.atomic
def quiz_question_delete(*, actor: User, question: QuizQuestion) -> None:
    """Remove a question from a quiz. Raise NotAllowed or InvalidState (learners enrolled)."""
    _editable_course(actor, question.lesson.module.offering, structural=True)
    before = audit.snapshot(question)
    question.delete()
    audit.record(actor=actor, action="capacity.question.delete", obj=question, before=before)


@transaction.atomic
def enrolment_create(*, actor: User, offering: Offering) -> Enrolment:
    """Enrol the actor in a self-paced course.

    Raise NotAllowed, NotFound, InvalidState (not a course with lessons) or Conflict.
    """
    _require(actor, "capacity.enrol")
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE or not offering.modules.exists():
        raise InvalidState(_("Only self-paced courses with lessons take enrolments."))
    if Enrolment.objects.filter(learner=actor, offering=offering).exists():
        raise Conflict(_("You are already enrolled in this course."))
    enrolment = Enrolment.objects.create(learner=actor, offering=offering)
    audit.record(actor=actor, action="capacity.enrolment.create", obj=enrolment)
    return enrolment


@dataclass(frozen=True)
class LessonResult:
    progress: LessonProgress
    enrolment: Enrolment
    credential: Credential | None


def _grade(lesson: Lesson, answers: list[int] | None) -> int:
    questions = list(lesson.questions.order_by("position"))
    if answers is None or len(answers) != len(questions):
        raise InvalidInput(
            errors=[
                _problem(
                    "answers",
                    "wrong_count",
                    _("Answer each of the %(count)d questions.") % {"count": len(questions)},
                )
            ]
        )
    correct = sum(
        1
        for question, answer in zip(questions, answers, strict=True)
        if answer == question.correct_option
    )
    return round(100 * correct / len(questions)) if questions else 100


@transaction.atomic
def lesson_complete(
    *, actor: User, enrolment: Enrolment, lesson: Lesson, answers: list[int] | None = None
) -> LessonResult:
    """Record a lesson as done (a quiz: graded, done when passed); complete the course when all are.

    Completing a course with a certificate issues its credential. Raise NotAllowed (not the
    learner's enrolment), NotFound (a lesson of another course), InvalidInput, InvalidState.
    """
    require(actor, "capacity.study", enrolment)
    enrolment = (
        Enrolment.objects.select_for_update().select_related("offering").get(pk=enrolment.pk)
    )
    if lesson.module.offering_id != enrolment.offering_id:
        raise NotFound()
    if enrolment.status == Enrolment.Status.COMPLETED:
        raise InvalidState(_("You have completed this course already."))
    score = _grade(lesson, answers) if lesson.kind == Lesson.Kind.QUIZ else None
    is_passed = score is None or score >= lesson.pass_mark
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"score": score, "is_passed": is_passed}
    )
    before = None if created else audit.snapshot(progress)
    if not created and not progress.is_passed:
        progress.score, progress.is_passed = score, is_passed
        progress.save(update_fields=["score", "is_passed", "updated_at"])
    audit.record(actor=actor, action="capacity.progress.record", obj=progress, before=before)
    issued = None
    remaining = (
        Lesson.objects.filter(module__offering_id=enrolment.offering_id)
        .exclude(pk__in=enrolment.progress.filter(is_passed=True).values("lesson_id"))
        .exists()
    )
    if not remaining:
        before = audit.snapshot(enrolment)
        enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, timezone.now()
        enrolment.save(update_fields=["status", "completed_at", "updated_at"])
        audit.record(
            actor=actor, action="capacity.enrolment.complete", obj=enrolment, before=before
        )
        if enrolment.offering.has_certificate:
            issued = _issue(actor=actor, learner=actor, offering=enrolment.offering)
    return LessonResult(progress=progress, enrolment=enrolment, credential=issued)


# Live events: seats and waiting lists -------------------------------------------------------


@transaction.atomic
def registration_create(*, actor: User, offering: Offering) -> Registration:
    """Register the actor for a live event: a seat while any is left, else the waiting list.

    A seat is taken with one conditional UPDATE (`seats_taken < seats`), which the database
    applies atomically, so concurrent registrations never take more seats than there are.
    Raise NotAllowed, NotFound, InvalidState or Conflict.
    """
    _require(actor, "capacity.enrol")
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if not offering.is_live:
        raise InvalidState(_("Only webinars, workshops and blended courses take registrations."))
    if offering.starts_at is not None and offering.starts_at <= timezone.now():
        raise InvalidState(_("This event has already started."))
    existing = Registration.objects.filter(learner=actor, offering=offering).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        raise Conflict(_("You are already registered for this event."))
    if offering.seats is None:
        got_seat = True
        Offering.objects.filter(pk=offering.pk).update(seats_taken=F("seats_taken") + 1)
    else:
        got_seat = bool(
            Offering.objects.filter(pk=offering.pk, seats_taken__lt=F("seats")).update(
                seats_taken=F("seats_taken") + 1
            )
        )
    status = Registration.Status.CONFIRMED if got_seat else Registration.Status.WAITLISTED
    if existing is None:
        registration = Registration.objects.create(learner=actor, offering=offering, status=status)
        audit.record(actor=actor, action="capacity.registration.create", obj=registration)
    else:
        before = audit.snapshot(existing)
        existing.status, existing.requested_at = status, timezone.now()
        existing.save(update_fields=["status", "requested_at", "updated_at"])
        registration = existing
        audit.record(
            actor=actor, action="capacity.registration.create", obj=registration, before=before
        )
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waiting list.

    Raise NotAllowed or InvalidState.
    """
    if not getattr(actor, "is_system", False) and registration.learner_id != actor.pk:
        require(actor, "capacity.manage_network")
    # Lock the event so a cancellation and a registration do not both use the freed seat.
    Offering.objects.select_for_update().filter(pk=registration.offering_id).first()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise InvalidState(_("This registration is already cancelled."))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    before = audit.snapshot(registration)
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action="capacity.registration.cancel", obj=registration, before=before
    )
    if was_confirmed:
        waiting = (
            Registration.objects.select_for_update()
            .filter(offering_id=registration.offering_id, status=Registration.Status.WAITLISTED)
            .order_by("requested_at", "pk")
            .first()
        )
        if waiting is None:
            Offering.objects.filter(pk=registration.offering_id).update(
                seats_taken=F("seats_taken") - 1
            )
        else:
            before = audit.snapshot(waiting)
            waiting.status = Registration.Status.CONFIRMED
            waiting.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor, action="capacity.registration.promote", obj=waiting, before=before
            )
    return registration


# Credentials ----------------------------------------------------------------------------------


def _free_status_index() -> int:
    # Random positions (Bitstring Status List, "privacy considerations"): a sequential index
    # would tell a verifier roughly when and in which order credentials were issued.
    taken = set(Credential.objects.values_list("status_index", flat=True))
    if len(taken) >= credentials.STATUS_LIST_SIZE:
        raise InvalidState(_("The status list is full."))
    while True:
        index = secrets.randbelow(credentials.STATUS_LIST_SIZE)
        if index not in taken:
            return index


def _issue(*, actor: User, learner: User, offering: Offering) -> Credential:
    if Credential.objects.filter(
        learner=learner, offering=offering, revoked_at__isnull=True
    ).exists():
        raise Conflict(_("This learner already holds a valid credential for this offering."))
    issued_at = timezone.now().replace(microsecond=0)
    credential = Credential(learner=learner, offering=offering, document={})
    language = offering.languages.order_by("tag").values_list("tag", flat=True).first() or "en"
    title = pick(offering.titles, language)
    for _attempt in range(5):
        credential.status_index = _free_status_index()
        unsigned = credentials.build_credential(
            credential_id=credential.urn,
            recipient=credentials.Recipient(name=learner.display_name, email=learner.email),
            achievement=credentials.Achievement(
                url=f"{credentials.signing.public_url()}/{title.language}/capacity/offerings/"
                f"{offering.slug}/",
                name=title.text,
                description=pick(offering.descriptions, language).text,
                criteria=_("Completed every lesson and passed every quiz of the course."),
                language=title.language,
            ),
            status_index=credential.status_index,
            issued_at=issued_at,
        )
        credential.document = credentials.signing.sign(unsigned, created=issued_at)
        try:
            with transaction.atomic():
                credential.save(force_insert=True)
            break
        except IntegrityError:
            continue  # another issue took the same random index at the same moment
    else:
        raise Conflict(_("No free status list index was found; try again."))
    audit.record(actor=actor, action="capacity.credential.issue", obj=credential)
    return credential


@transaction.atomic
def credential_issue(*, actor: User, learner: User, offering: Offering) -> Credential:
    """Award a credential by hand (secretariat, or the system actor from the command line).

    Raise NotAllowed or Conflict (the learner already holds a valid one for this offering).
    """
    _require(actor, "capacity.issue_credential")
    return _issue(actor=actor, learner=learner, offering=offering)


@transaction.atomic
def credential_revoke(*, actor: User, credential_id: str, reason: str = "") -> Credential:
    """Revoke a credential by its `id` (`urn:uuid:…` or the bare UUID); its status bit is set.

    Raise NotAllowed, NotFound or InvalidState (already revoked).
    """
    _require(actor, "capacity.revoke_credential")
    credential = selectors.credential_get_by_id(credential_id=credential_id, for_update=True)
    if credential.revoked_at is not None:
        raise InvalidState(_("This credential is already revoked."))
    before = audit.snapshot(credential)
    credential.revoked_at, credential.revocation_reason = timezone.now(), reason
    credential.save(update_fields=["revoked_at", "revocation_reason", "updated_at"])
    audit.record(actor=actor, action="capacity.credential.revoke", obj=credential, before=before)
    return credential


# Readiness self-assessment ----------------------------------------------------------------------


def _working_languages(tags: list[str] | None) -> list[str]:
    return [language.tag for language in _languages(tags)] if tags else []


def _answer_problems(answers: Any, instrument: readiness.Instrument) -> list[dict[str, Any]]:
    if not isinstance(answers, dict):
        return [_problem("answers", "invalid", _("Give the answers as question code -> number."))]
    problems: list[dict[str, Any]] = []
    for code, value in answers.items():
        if instrument.question(str(code)) is None:
            problems.append(
                _problem(
                    f"answers.{code}",
                    "unknown_question",
                    _("%(code)s is not a question of this instrument.") % {"code": code},
                )
            )
        elif value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= readiness.SCALE_MAX
        ):
            problems.append(
                _problem(
                    f"answers.{code}",
                    "out_of_range",
                    _("Answer %(code)s with a whole number from 0 to %(max)d.")
                    % {"code": code, "max": readiness.SCALE_MAX},
                )
            )
    return problems


def _rescore(assessment: ReadinessAssessment) -> None:
    scores = readiness.score(assessment.answers, readiness.instrument_for(assessment.instrument))
    assessment.scores = scores.dimensions
    assessment.overall_score = scores.overall


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    country: str,
    label: str = "",
    languages: list[str] | None = None,
    answers: dict[str, int] | None = None,
    is_demo: bool = False,
) -> ReadinessAssessment:
    """Start a draft readiness assessment of `country` (its focal points, or the secretariat).

    Raise NotAllowed or InvalidInput (unknown country, language, question or answer).
    """
    _require(actor, "capacity.create_assessment", country)
    if not Country.objects.filter(pk=country).exists():
        raise InvalidInput(
            errors=[_problem("country", "unknown_country", _("No country with this code."))]
        )
    answers = answers or {}
    problems = _answer_problems(answers, readiness.INSTRUMENT)
    if problems:
        raise InvalidInput(errors=problems)
    assessment = ReadinessAssessment(
        country_id=country,
        instrument=readiness.INSTRUMENT.version,
        label=label.strip()[:120],
        languages=_working_languages(languages),
        answers={code: value for code, value in answers.items() if value is not None},
        created_by=actor,
        is_demo=is_demo,
    )
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.create", obj=assessment)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: User,
    assessment: ReadinessAssessment,
    answers: dict[str, int | None] | None = None,
    label: str | None = None,
    languages: list[str] | None = None,
) -> ReadinessAssessment:
    """Change a draft: merge `answers` (None clears one), label and working languages.

    The row is locked first, so two focal points saving at once both keep their answers.
    Raise NotAllowed, InvalidState (submitted already) or InvalidInput; nothing changes on error.
    """
    _require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("A submitted assessment cannot be changed; start a new one."))
    instrument = readiness.instrument_for(assessment.instrument)
    problems = _answer_problems(answers or {}, instrument)
    if problems:
        raise InvalidInput(errors=problems)
    before = audit.snapshot(assessment)
    merged = dict(assessment.answers)
    for code, value in (answers or {}).items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    assessment.answers = merged
    if label is not None:
        assessment.label = label.strip()[:120]
    if languages is not None:
        assessment.languages = _working_languages(languages)
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.update", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """Submit a draft whose every question is answered; its scores are then fixed.

    Raise NotAllowed, InvalidState or InvalidInput naming each unanswered question.
    """
    _require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("This assessment is submitted already."))
    missing = [
        question.code
        for question in readiness.instrument_for(assessment.instrument).questions()
        if question.code not in assessment.answers
    ]
    if missing:
        raise InvalidInput(
            errors=[
                _problem(f"answers.{code}", "required", _("Answer this question to submit."))
                for code in missing
            ]
        )
    before = audit.snapshot(assessment)
    _rescore(assessment)
    assessment.status = ReadinessAssessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.submit", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_set_consent(
    *, actor: User, assessment: ReadinessAssessment, publish: bool
) -> ReadinessAssessment:
    """Give (or withdraw) the country's consent to publish a submitted assessment.

    Only the country's focal points may. Raise NotAllowed or InvalidState (a draft).
    """
    _require(actor, "capacity.publish_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.SUBMITTED:
        raise InvalidState(_("Submit the assessment before publishing it."))
    before = audit.snapshot(assessment)
    assessment.is_published = publish
    assessment.consented_at = timezone.now() if publish else None
    assessment.save(update_fields=["is_published", "consented_at", "updated_at"])
    audit.record(
        actor=actor,
        action="capacity.assessment.publish" if publish else "capacity.assessment.withdraw",
        obj=assessment,
        before=before,
    )
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


# Matchmaking ----------------------------------------------------------------------------------


def _regions(values: list[str], field: str) -> list[str]:
    unknown = [value for value in values if value not in RegionalGroup.values]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    field,
                    "unknown_region",
                    _("Unknown UN regional groups %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(RegionalGroup.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


def _whole_number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(
            errors=[_problem(field, "invalid", _("Give a whole number of at least 1."))]
        )
    return value


def _facets(topics: list[str], languages: list[str], audiences: list[str]) -> dict[str, Any]:
    if not topics:
        raise InvalidInput(errors=[_problem("topics", "required", _("Give at least one topic."))])
    return {
        "topics": [topic.slug for topic in _topics(topics)],
        "languages": [language.tag for language in _languages(languages)],
        "audiences": _audiences(audiences),
    }


@transaction.atomic
def need_create(
    *,
    actor: User,
    title: str,
    topics: list[str],
    languages: list[str],
    people: int,
    audiences: list[str] | None = None,
    description: str = "",
    country: str | None = None,
    organisation: Any = None,
    region: str = "",
    due_by: datetime.date | None = None,
    is_demo: bool = False,
) -> Need:
    """Post a capacity need. A need in a country's name only from its focal points (or the
    secretariat); the region defaults to the country's UN regional group.

    Raise NotAllowed or InvalidInput naming the field.
    """
    _require(actor, "capacity.create_need")
    if not title.strip():
        raise InvalidInput(errors=[_problem("title", "required", _("Give the need a title."))])
    facets = _facets(topics, languages, audiences or [])
    people = _whole_number(people, "people")
    country_row = None
    if country:
        _require(actor, "capacity.create_need_for_country", country)
        country_row = Country.objects.filter(pk=country).first()
        if country_row is None:
            raise InvalidInput(
                errors=[_problem("country", "unknown_country", _("No country with this code."))]
            )
    if region:
        _regions([region], "region")
    need = Need.objects.create(
        owner=actor,
        title=title.strip()[:300],
        description=description,
        country=country_row,
        organisation=organisation,
        region=region or (country_row.regional_group if country_row else ""),
        people=people,
        due_by=due_by,
        is_demo=is_demo,
        **facets,
    )
    audit.record(actor=actor, action="capacity.need.create", obj=need)
    return need


@transaction.atomic
def offer_create(
    *,
    actor: User,
    title: str,
    topics: list[str],
    languages: list[str],
    seats: int,
    audiences: list[str] | None = None,
    regions: list[str] | None = None,
    description: str = "",
    node: Node | None = None,
    offering: Offering | None = None,
    available_from: datetime.date | None = None,
    available_until: datetime.date | None = None,
    is_demo: bool = False,
) -> Offer:
    """Post an offer: in a node's name only by its operators (or the secretariat); any member
    may offer as a contributor. Raise NotAllowed or InvalidInput naming the field."""
    if node is not None:
        _require(actor, "capacity.change_node", node)
    else:
        _require(actor, "capacity.create_offer")
    if not title.strip():
        raise InvalidInput(errors=[_problem("title", "required", _("Give the offer a title."))])
    facets = _facets(topics, languages, audiences or [])
    seats = _whole_number(seats, "seats")
    if available_from and available_until and available_until < available_from:
        raise InvalidInput(
            errors=[_problem("available_until", "invalid", _("The end comes before the start."))]
        )
    offer = Offer.objects.create(
        owner=actor,
        title=title.strip()[:300],
        description=description,
        node=node,
        offering=offering,
        regions=_regions(regions or [], "regions"),
        seats=seats,
        available_from=available_from,
        available_until=available_until,
        is_demo=is_demo,
        **facets,
    )
    audit.record(actor=actor, action="capacity.offer.create", obj=offer)
    return offer


@transaction.atomic
def introduction_create(*, actor: User, need: Need, offer: Offer, message: str) -> Introduction:
    """The need's owner introduces themself to the offer's provider.

    Raise NotAllowed, InvalidState (need done or closed, offer closed), InvalidInput (no
    message) or Conflict (introduced already).
    """
    _require(actor, "capacity.change_need", need)
    if need.status in (Need.Status.DONE, Need.Status.CLOSED) or offer.status != Offer.Status.OPEN:
        raise InvalidState(_("Only an open need can be introduced to an open offer."))
    if not message.strip():
        raise InvalidInput(
            errors=[_problem("message", "required", _("Write a few words to the provider."))]
        )
    if Introduction.objects.filter(need=need, offer=offer).exists():
        raise Conflict(_("This need has been introduced to this offer already."))
    introduction = Introduction.objects.create(
        need=need,
        offer=offer,
        created_by=actor,
        message=message.strip(),
        score=matching.pair_score(matching.need_row(need), matching.offer_row(offer)),
    )
    audit.record(actor=actor, action="capacity.introduction.create", obj=introduction)
    return introduction


def _fulfilment(need: Need, *, started: bool) -> str:
    """The status a need's done introductions give it: done once their seats cover its people,
    in progress while they cover part (or, `started`, while one is under way), else open."""
    covered = sum(
        Introduction.objects.filter(need=need, status="done").values_list("offer__seats", flat=True)
    )
    if covered >= need.people:
        return Need.Status.DONE
    return Need.Status.IN_PROGRESS if covered or started else Need.Status.OPEN


@transaction.atomic
def introduction_set_status(
    *, actor: User, introduction: Introduction, status: str
) -> Introduction:
    """Move an introduction on: the provider accepts or declines; either side marks it in
    progress or done. The need follows: done once done introductions cover its people,
    in progress while partly covered (none / partial / complete fulfilment).

    Raise NotAllowed or InvalidState (a move the status does not allow).
    """
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("need", "offer")
        .get(pk=introduction.pk)
    )
    perm = (
        "capacity.answer_introduction"
        if status in ("accepted", "declined")
        else "capacity.progress_introduction"
    )
    _require(actor, perm, introduction)
    if status not in Introduction.TRANSITIONS.get(introduction.status, ()):
        raise InvalidState(
            _("An introduction cannot go from %(old)s to %(new)s.")
            % {"old": introduction.status, "new": status}
        )
    before = audit.snapshot(introduction)
    introduction.status = status
    introduction.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action=f"capacity.introduction.{status}", obj=introduction, before=before
    )
    if status in ("in_progress", "done"):
        need = Need.objects.select_for_update().get(pk=introduction.need_id)
        new_status = _fulfilment(need, started=True)
        if need.status != new_status and need.status != Need.Status.CLOSED:
            need_before = audit.snapshot(need)
            need.status = new_status
            need.save(update_fields=["status", "updated_at"])
            audit.record(actor=actor, action="capacity.need.status", obj=need, before=need_before)
    return introduction


@transaction.atomic
def need_close(*, actor: User, need: Need, closed: bool = True) -> Need:
    """Close a need (no more introductions) or reopen a closed one: its owner or the secretariat.

    A reopened need goes back to what its done introductions say (open, in progress or done).
    Raise NotAllowed or InvalidState (already in that state).
    """
    _require(actor, "capacity.change_need", need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if closed == (need.status == Need.Status.CLOSED):
        raise InvalidState(
            _("The need is already %(status)s.") % {"status": need.get_status_display()}
        )
    before = audit.snapshot(need)
    need.status = Need.Status.CLOSED if closed else _fulfilment(need, started=False)
    need.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="capacity.need.status", obj=need, before=before)
    return need


@transaction.atomic
def offer_set_status(*, actor: User, offer: Offer, status: str) -> Offer:
    """Close an offer (no longer matched) or open it again: its owner, its node's operators or
    the secretariat. Raise NotAllowed, InvalidInput (unknown status) or InvalidState."""
    _require(actor, "capacity.change_offer", offer)
    if status not in Offer.Status.values:
        raise InvalidInput(errors=[_problem("status", "invalid_choice", _("Use open or closed."))])
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == status:
        raise InvalidState(
            _("The offer is already %(status)s.") % {"status": Offer.Status(status).label}
        )
    before = audit.snapshot(offer)
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="capacity.offer.status", obj=offer, before=before)
    return offer


# Reporting ------------------------------------------------------------------------------------


@transaction.atomic
def learner_profile_set(*, actor: User, country: str | None, gender: str) -> LearnerProfile:
    """Record the country and gender the actor chooses to state (their own only).

    Raise NotAllowed (not signed in) or InvalidInput naming the field."""
    _require(actor, "capacity.enrol")
    if gender not in LearnerProfile.Gender.values:
        raise InvalidInput(
            errors=[_problem("gender", "invalid_choice", _("Choose one of the listed answers."))]
        )
    country_row = Country.objects.filter(pk=country).first() if country else None
    if country and country_row is None:
        raise InvalidInput(
            errors=[_problem("country", "unknown_country", _("No country with this code."))]
        )
    profile, created = LearnerProfile.objects.select_for_update().get_or_create(user=actor)
    before = None if created else audit.snapshot(profile)
    profile.country = country_row
    profile.gender = gender
    profile.save()
    audit.record(
        actor=actor,
        action="capacity.profile.create" if created else "capacity.profile.update",
        obj=profile,
        before=before,
    )
    return profile


# The digital library: personal and shared collections ---------------------------------------


def _collection_texts(
    titles: dict[str, str], descriptions: dict[str, str] | None
) -> dict[str, Any]:
    return {
        "titles": _texts(
            titles, field="titles", required=_("Give the collection a title."), limit=200
        ),
        "descriptions": _texts(descriptions, field="descriptions", limit=4000),
    }


def _visibility(value: str) -> str:
    if value not in Collection.Visibility.values:
        raise InvalidInput(
            errors=[
                _problem(
                    "visibility",
                    "invalid_choice",
                    _("Use one of: %(values)s.")
                    % {"values": ", ".join(Collection.Visibility.values)},
                )
            ]
        )
    return value


@transaction.atomic
def collection_create(
    *,
    actor: User,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    visibility: str = Collection.Visibility.PRIVATE,
    is_demo: bool = False,
) -> Collection:
    """Start a collection of the actor's own. Raise NotAllowed or InvalidInput."""
    _require(actor, "capacity.create_collection")
    collection = Collection.objects.create(
        owner=actor,
        visibility=_visibility(visibility),
        is_demo=is_demo,
        **_collection_texts(titles, descriptions),
    )
    audit.record(actor=actor, action="capacity.collection.create", obj=collection)
    transaction.on_commit(lambda: search_index.refresh(collection))
    return collection


@transaction.atomic
def collection_update(
    *,
    actor: User,
    collection: Collection,
    titles: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
    visibility: str | None = None,
) -> Collection:
    """Change a collection's texts or who sees it (its owner only).

    Making it private hides it from the people it was shared with (they stay listed, so sharing
    it again restores their access). Raise NotAllowed or InvalidInput.
    """
    _require(actor, "capacity.change_collection", collection)
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = audit.snapshot(collection)
    texts = _collection_texts(
        titles if titles is not None else collection.titles,
        descriptions if descriptions is not None else collection.descriptions,
    )
    collection.titles, collection.descriptions = texts["titles"], texts["descriptions"]
    if visibility is not None:
        collection.visibility = _visibility(visibility)
    collection.save()
    audit.record(actor=actor, action="capacity.collection.update", obj=collection, before=before)
    transaction.on_commit(lambda: search_index.refresh(collection))
    return collection


@transaction.atomic
def collection_delete(*, actor: User, collection: Collection) -> None:
    """Delete a collection with its items and shares (its owner only)."""
    _require(actor, "capacity.change_collection", collection)
    before = audit.snapshot(collection)
    pk = collection.pk
    search_index.remove(collection)
    collection.delete()
    collection.pk = pk
    audit.record(actor=actor, action="capacity.collection.delete", obj=collection, before=before)


@transaction.atomic
def collection_item_add(
    *, actor: User, collection: Collection, offering: Offering, note: str = ""
) -> CollectionItem:
    """Add an offering the actor may see to the end of a collection (owner or editor).

    The collection row is locked, so two additions at once get distinct places. Raise
    NotAllowed, NotFound (an offering the actor may not see), Conflict (already in it) or
    InvalidState (the collection is full).
    """
    _require(actor, "capacity.curate_collection", collection)
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if collection.items.filter(offering=offering).exists():
        raise Conflict(_("This offering is in the collection already."))
    if collection.items.count() >= Collection.MAX_ITEMS:
        raise InvalidState(
            _("A collection holds at most %(n)d offerings.") % {"n": Collection.MAX_ITEMS}
        )
    item = CollectionItem.objects.create(
        collection=collection,
        offering=offering,
        position=_next_position(collection.items.all()),
        note=note.strip()[:2000],
        added_by=actor if not getattr(actor, "is_system", False) else None,
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    audit.record(actor=actor, action="capacity.collection_item.create", obj=item)
    return item


@transaction.atomic
def collection_item_remove(*, actor: User, item: CollectionItem) -> None:
    """Take an offering out of a collection (owner or editor)."""
    _require(actor, "capacity.curate_collection", item.collection)
    before = audit.snapshot(item)
    pk = item.pk
    item.delete()
    item.pk = pk
    audit.record(actor=actor, action="capacity.collection_item.delete", obj=item, before=before)


@transaction.atomic
def collection_item_move(*, actor: User, item: CollectionItem, step: int) -> CollectionItem:
    """Move an item one place up (`step=-1`) or down (`step=1`) among its collection's items."""
    _require(actor, "capacity.curate_collection", item.collection)
    Collection.objects.select_for_update().filter(pk=item.collection_id).first()
    item = CollectionItem.objects.get(pk=item.pk)
    items = item.collection.items.all()
    neighbour = (
        items.filter(position__lt=item.position).order_by("-position").first()
        if step < 0
        else items.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return item
    before = audit.snapshot(item)
    # (collection, position) is not unique, so the two rows swap places in one UPDATE.
    item.position, neighbour.position = neighbour.position, item.position
    CollectionItem.objects.bulk_update([item, neighbour], ["position"])
    audit.record(actor=actor, action="capacity.collection_item.move", obj=item, before=before)
    return item


@transaction.atomic
def collection_share(
    *, actor: User, collection: Collection, email: str, can_edit: bool = False
) -> CollectionMember:
    """Share a collection with the account of `email` (owner only); a private one becomes
    shared. Sharing again changes whether they may edit.

    The permission is checked before the address is looked up, so nobody else learns who has
    an account. Raise NotAllowed or InvalidInput (no such account, or the owner's own).
    """
    _require(actor, "capacity.change_collection", collection)
    user = selectors.user_by_email(email=email)
    if user.pk == collection.owner_id:
        raise InvalidInput(
            errors=[_problem("email", "owner", _("This is the collection's owner."))]
        )
    member, created = CollectionMember.objects.get_or_create(
        collection=collection, user=user, defaults={"can_edit": can_edit}
    )
    before = None if created else audit.snapshot(member)
    if not created and member.can_edit != can_edit:
        member.can_edit = can_edit
        member.save(update_fields=["can_edit", "updated_at"])
    if collection.visibility == Collection.Visibility.PRIVATE:
        collection_before = audit.snapshot(collection)
        collection.visibility = Collection.Visibility.SHARED
        collection.save(update_fields=["visibility", "updated_at"])
        audit.record(
            actor=actor,
            action="capacity.collection.update",
            obj=collection,
            before=collection_before,
        )
    audit.record(actor=actor, action="capacity.collection_member.share", obj=member, before=before)
    return member


@transaction.atomic
def collection_unshare(*, actor: User, member: CollectionMember) -> None:
    """Stop sharing a collection with somebody (owner), or leave it (the member themself)."""
    if member.user_id != actor.pk:
        _require(actor, "capacity.change_collection", member.collection)
    before = audit.snapshot(member)
    pk = member.pk
    member.delete()
    member.pk = pk
    audit.record(actor=actor, action="capacity.collection_member.delete", obj=member, before=before)

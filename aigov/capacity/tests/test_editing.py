"""Editing the network and the catalogue from pages: offerings, course content, nodes, providers.

A node operator edits only their own node's offerings (issue 7, item 8); every page somebody may
not use answers 404; refused input keeps what was typed, names the field and changes nothing.
"""

import datetime
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import CourseModule, Lesson, Node, Offering, Provider, QuizQuestion
from aigov.capacity.tests.factories import make_course, make_node, make_offering, make_provider
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    operator = UserFactory(role="node_operator")
    other_operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator], slug="nairobi-centre")
    other = make_node(operators=[other_operator], slug="dakar-centre")
    secretariat = UserFactory(role="secretariat")
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    return {
        "operator": operator,
        "other_operator": other_operator,
        "node": node,
        "other": other,
        "provider": make_provider(node=node),
        "other_provider": make_provider(node=other),
        "secretariat": secretariat,
    }


def _offering_post(provider: Provider, node: Node | None, **overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "slug": "ai-procurement-fr",
        "kind": "webinar",
        "level": "introductory",
        "provider": provider.slug,
        "node": node.slug if node else "",
        "title_en": "AI procurement for public officials",
        "title_fr": "Achats publics d'IA",
        "description_fr": "Un webinaire.",
        "languages": ["fr", "en"],
        "topics": ["governance"],
        "audiences": ["public_officials", "policymakers"],
        "cost": "free",
        "time_zone": "Africa/Nairobi",
        "starts_at": "2031-05-04T09:00",
        "ends_at": "2031-05-04T11:30",
        "seats": "40",
        "waiver_L": "",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_an_operator_adds_an_offering_to_their_node(client: Client, world):
    client.force_login(world["operator"])
    form = client.get("/en/capacity/offerings/new/?node=nairobi-centre").content.decode()
    # Only their own node is offered, and it is chosen already.
    assert 'value="nairobi-centre" selected' in form and "dakar-centre" not in form
    response = client.post(
        "/en/capacity/offerings/new/", _offering_post(world["provider"], world["node"])
    )
    assert response.status_code == 302
    offering = Offering.objects.get(slug="ai-procurement-fr")
    assert offering.node == world["node"] and offering.titles["fr"] == "Achats publics d'IA"
    assert offering.language_tag_list() == ["en", "fr"]
    assert sorted(offering.audience_list()) == ["policymakers", "public_officials"]
    # 09:00 in Nairobi (UTC+3) is 06:00 UTC; the edit page shows it back in Nairobi time.
    assert offering.starts_at == datetime.datetime(2031, 5, 4, 6, 0, tzinfo=datetime.UTC)
    edit = client.get("/en/capacity/offerings/ai-procurement-fr/edit/").content.decode()
    assert 'value="2031-05-04T09:00"' in edit
    assert LogEntry.objects.filter(
        additional_data__action="capacity.offering.create", object_pk=str(offering.pk)
    ).exists()


def test_offering_pages_are_absent_for_those_who_may_not_use_them(client: Client, world):
    offering = make_offering(node=world["node"], provider=world["provider"], slug="theirs")
    assert client.get("/en/capacity/offerings/new/").status_code == 302  # sign in first
    client.force_login(UserFactory(role="learner"))
    assert client.get("/en/capacity/offerings/new/").status_code == 404
    assert client.get("/en/capacity/offerings/theirs/edit/").status_code == 404
    client.force_login(world["other_operator"])
    assert client.get("/en/capacity/offerings/theirs/edit/").status_code == 404
    before = Offering.objects.get(pk=offering.pk).titles
    response = client.post(
        "/en/capacity/offerings/theirs/edit/",
        _offering_post(world["other_provider"], world["other"], title_en="Taken over"),
    )
    assert response.status_code == 404
    assert Offering.objects.get(pk=offering.pk).titles == before
    # The offering's page shows no edit link to them; it does to its own operator.
    assert "/theirs/edit/" not in client.get("/en/capacity/offerings/theirs/").content.decode()
    client.force_login(world["operator"])
    assert "/theirs/edit/" in client.get("/en/capacity/offerings/theirs/").content.decode()


def test_an_operator_edits_their_offering_and_the_change_is_audited(client: Client, world):
    offering = make_offering(node=world["node"], provider=world["provider"], slug="mine")
    client.force_login(world["operator"])
    data = _offering_post(world["provider"], world["node"], title_en="Renamed", seats="12")
    del data["slug"]
    assert client.post("/en/capacity/offerings/mine/edit/", data).status_code == 302
    offering.refresh_from_db()
    assert offering.titles["en"] == "Renamed" and offering.seats == 12
    entry = LogEntry.objects.filter(
        additional_data__action="capacity.offering.update", object_pk=str(offering.pk)
    ).get()
    assert entry.actor == world["operator"]


def test_an_operator_cannot_use_another_nodes_provider_or_move_to_its_node(client: Client, world):
    client.force_login(world["operator"])
    response = client.post(
        "/en/capacity/offerings/new/",
        _offering_post(world["other_provider"], world["node"]),
    )
    # The other node's provider is not among the choices: refused beside the field.
    assert response.status_code == 400 and "provider" in response.content.decode()
    assert not Offering.objects.filter(slug="ai-procurement-fr").exists()
    offering = make_offering(node=world["node"], provider=world["provider"])
    with pytest.raises(NotAllowed):
        services.offering_update(actor=world["operator"], offering=offering, node=world["other"])
    with pytest.raises(InvalidInput) as refused:
        services.offering_update(
            actor=world["operator"], offering=offering, provider=world["other_provider"]
        )
    assert refused.value.errors[0]["field"] == "provider"
    offering.refresh_from_db()
    assert offering.node == world["node"] and offering.provider == world["provider"]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"cost": "fee", "fee_amount": ""}, "fee_amount", "A fee needs an amount."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "IANA time zone"),
        ({"languages": ["fr", "xx-nope"]}, "languages", "xx-nope is not one of"),
        ({"title_en": "", "title_fr": ""}, "title_en", "Give a title in at least one language."),
        ({"ends_at": "2031-05-03T09:00"}, "ends_at", "The end comes before the start."),
    ],
)
def test_bad_offering_input_is_named_and_changes_nothing(
    client: Client, world, overrides, field, text
):
    client.force_login(world["operator"])
    response = client.post(
        "/en/capacity/offerings/new/",
        _offering_post(world["provider"], world["node"], **overrides),
    )
    page = response.content.decode()
    assert response.status_code == 400
    # The reason stands in the field's own error list, beside its input.
    errors_at = page.index(f'id="id_{field}_error"')
    assert text in page[errors_at : errors_at + 400]
    # What was typed is kept.
    assert "AI procurement for public officials" in page or not overrides.get("title_en", "x")
    assert not Offering.objects.filter(slug="ai-procurement-fr").exists()


def test_seats_cannot_drop_below_those_taken(world):
    event = make_offering(
        node=world["node"],
        provider=world["provider"],
        seats=3,
        starts_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC),
    )
    for _n in range(2):
        services.registration_create(actor=UserFactory(role="learner"), offering=event)
    with pytest.raises(InvalidInput) as refused:
        services.offering_update(actor=world["operator"], offering=event, seats=1)
    assert refused.value.errors[0]["field"] == "seats"
    with pytest.raises(InvalidState):
        services.offering_update(actor=world["operator"], offering=event, kind="fellowship")
    event.refresh_from_db()
    assert event.seats == 3 and event.kind == "webinar"


def test_an_unpublished_offering_shows_on_the_node_page_only_to_its_editors(client: Client, world):
    make_offering(node=world["node"], provider=world["provider"], slug="draft", is_published=False)
    assert (
        "/offerings/draft/" not in client.get("/en/capacity/nodes/nairobi-centre/").content.decode()
    )
    client.force_login(world["other_operator"])
    assert (
        "/offerings/draft/" not in client.get("/en/capacity/nodes/nairobi-centre/").content.decode()
    )
    client.force_login(world["operator"])
    page = client.get("/en/capacity/nodes/nairobi-centre/").content.decode()
    assert "/offerings/draft/" in page and "unpublished" in page


# Course content -------------------------------------------------------------------------------


def test_an_operator_builds_a_course_that_a_learner_then_completes(client: Client, world):
    course = make_offering(
        node=world["node"],
        provider=world["provider"],
        slug="course",
        kind="self_paced_course",
        has_certificate=True,
    )
    client.force_login(world["operator"])
    base = "/en/capacity/offerings/course/content/"
    assert client.get(base).status_code == 200
    client.post(base + "modules/", {"title_en": "Basics", "title_fr": "Bases"})
    module = CourseModule.objects.get(offering=course)
    prefix = f"m{module.pk}-"
    client.post(
        f"{base}modules/{module.pk}/lessons/",
        {prefix + "kind": "text", prefix + "title_en": "Read", prefix + "body_en": "Words."},
    )
    client.post(
        f"{base}modules/{module.pk}/lessons/",
        {prefix + "kind": "quiz", prefix + "title_en": "Check", prefix + "pass_mark": "100"},
    )
    quiz = Lesson.objects.get(module=module, kind="quiz")
    response = client.post(
        f"{base}lessons/{quiz.pk}/questions/",
        {
            "question-prompt_en": "Which is a risk?",
            "question-prompt_fr": "Lequel est un risque ?",
            "question-options_en": "Bias\nSunshine",
            "question-options_fr": "Biais\nSoleil",
            "question-correct_option": "1",
        },
    )
    assert response.status_code == 302
    question = QuizQuestion.objects.get(lesson=quiz)
    assert question.options == [{"en": "Bias", "fr": "Biais"}, {"en": "Sunshine", "fr": "Soleil"}]
    assert question.correct_option == 0
    # Mismatched option counts are refused and name the options.
    refused = client.post(
        f"{base}lessons/{quiz.pk}/questions/",
        {
            "question-prompt_en": "Another?",
            "question-options_en": "A\nB\nC",
            "question-options_fr": "A\nB",
            "question-correct_option": "1",
        },
    )
    assert refused.status_code == 400 and "same number of options" in refused.content.decode()
    assert QuizQuestion.objects.filter(lesson=quiz).count() == 1
    # A learner follows the course built on the pages and gets a credential.
    learner = UserFactory(role="learner")
    enrolment = services.enrolment_create(actor=learner, offering=course)
    text = Lesson.objects.get(module=module, kind="text")
    services.lesson_complete(actor=learner, enrolment=enrolment, lesson=text)
    result = services.lesson_complete(actor=learner, enrolment=enrolment, lesson=quiz, answers=[0])
    assert result.credential is not None
    # Now wording may be corrected, but nothing added, removed or regraded.
    page = client.post(base + "modules/", {"title_en": "Late module"}, follow=True)
    assert "Learners are enrolled" in page.content.decode()
    assert CourseModule.objects.filter(offering=course).count() == 1
    client.post(f"{base}lessons/{text.pk}/", {"title_en": "Read this", "body_en": "Fixed typo."})
    text.refresh_from_db()
    assert text.titles == {"en": "Read this"} and text.bodies == {"en": "Fixed typo."}
    client.post(f"{base}lessons/{quiz.pk}/", {"title_en": "Check", "pass_mark": "50"})
    quiz.refresh_from_db()
    assert quiz.pass_mark == 100
    client.post(f"{base}lessons/{text.pk}/", {"delete": "1"})
    assert Lesson.objects.filter(pk=text.pk).exists()


def test_course_content_downloads_and_uploads_as_json(client: Client, world):
    source = make_course(node=world["node"], provider=world["provider"], slug="source")
    target = make_offering(
        node=world["node"], provider=world["provider"], slug="target", kind="self_paced_course"
    )
    client.force_login(world["operator"])
    download = client.get("/en/capacity/offerings/source/content/?format=json")
    assert "attachment" in download["Content-Disposition"]
    content = json.loads(download.content)
    assert content["modules"] == selectors.course_content(offering=source)
    upload = io.BytesIO(download.content)
    upload.name = "content.json"
    response = client.post("/en/capacity/offerings/target/content/upload/", {"content": upload})
    assert response.status_code == 302
    assert selectors.course_content(offering=target) == content["modules"]
    # A broken file names the place at fault and leaves the course as it was.
    content["modules"][0]["lessons"][1]["questions"][0]["correct_option"] = 7
    bad = io.BytesIO(json.dumps(content).encode())
    bad.name = "bad.json"
    response = client.post("/en/capacity/offerings/target/content/upload/", {"content": bad})
    assert response.status_code == 400
    assert "modules.1.lessons.2.questions.1" in response.content.decode()
    assert selectors.course_content(offering=target) == selectors.course_content(offering=source)
    not_json = io.BytesIO(b"\xff\xfe not json")
    not_json.name = "x.json"
    response = client.post("/en/capacity/offerings/target/content/upload/", {"content": not_json})
    assert response.status_code == 400 and "not JSON" in response.content.decode()


def test_course_content_pages_are_absent_for_others(client: Client, world):
    make_course(node=world["node"], provider=world["provider"], slug="course")
    for user in (world["other_operator"], UserFactory(role="learner")):
        client.force_login(user)
        assert client.get("/en/capacity/offerings/course/content/").status_code == 404
        assert client.get("/en/capacity/offerings/course/content/?format=json").status_code == 404
        response = client.post(
            "/en/capacity/offerings/course/content/modules/", {"title_en": "Intruder"}
        )
        assert response.status_code == 404
    assert not CourseModule.objects.filter(titles__en="Intruder").exists()


# Nodes and providers -------------------------------------------------------------------------


def test_the_secretariat_creates_a_node_with_its_operators(client: Client, world):
    operator = UserFactory(role="node_operator", email="ops@example.org")
    UserFactory(role="learner", email="learner@example.org")
    client.force_login(world["secretariat"])
    data = {
        "slug": "bangkok-hub",
        "kind": "regional_hub",
        "region": "Asia-Pacific",
        "country": "tha",
        "services": ["training", "compute"],
        "languages": ["en", "th"],
        "name_en": "Bangkok hub",
        "operators": "ops@example.org\nlearner@example.org\nnobody@example.org",
    }
    refused = client.post("/en/capacity/nodes/new/", data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "nobody@example.org" in page and "learner@example.org" in page
    assert not Node.objects.filter(slug="bangkok-hub").exists()
    data["operators"] = "OPS@example.org"
    assert client.post("/en/capacity/nodes/new/", data).status_code == 302
    node = Node.objects.get(slug="bangkok-hub")
    assert list(node.operators.all()) == [operator] and node.country_id == "THA"
    assert "Bangkok hub" in client.get("/en/capacity/nodes/bangkok-hub/").content.decode()


def test_an_operator_edits_their_node_but_not_its_operators(client: Client, world):
    client.force_login(world["operator"])
    page = client.get("/en/capacity/nodes/nairobi-centre/edit/").content.decode()
    assert 'name="operators"' not in page
    data = {
        "kind": "national_centre",
        "region": "African",
        "country": "KEN",
        "services": ["training", "sandbox"],
        "languages": ["en", "sw"],
        "name_en": "Nairobi centre",
        "operators": "someone@example.org",
    }
    assert client.post("/en/capacity/nodes/nairobi-centre/edit/", data).status_code == 302
    node = Node.objects.get(slug="nairobi-centre")
    assert node.services == ["training", "sandbox"] and list(node.operators.all()) == [
        world["operator"]
    ]
    with pytest.raises(NotAllowed):
        services.node_update(actor=world["operator"], node=node, operators=[])
    assert client.get("/en/capacity/nodes/dakar-centre/edit/").status_code == 404
    client.force_login(UserFactory(role="learner"))
    assert client.get("/en/capacity/nodes/new/").status_code == 404


def test_an_operator_adds_a_provider_to_their_node_only(client: Client, world):
    client.force_login(world["operator"])
    data = {"slug": "nairobi-university", "node": "nairobi-centre", "name_en": "University"}
    assert client.post("/en/capacity/providers/new/", data).status_code == 302
    assert Provider.objects.get(slug="nairobi-university").node == world["node"]
    data = {"slug": "sneaky", "node": "dakar-centre", "name_en": "Sneaky"}
    assert client.post("/en/capacity/providers/new/", data).status_code == 400
    assert not Provider.objects.filter(slug="sneaky").exists()
    assert (
        client.get(f"/en/capacity/providers/{world['other_provider'].slug}/edit/").status_code
        == 404
    )
    client.force_login(UserFactory(role="learner"))
    assert client.get("/en/capacity/providers/new/").status_code == 404


# The API ---------------------------------------------------------------------------------------


def test_offerings_are_written_through_the_api_by_their_editors_only(world):
    from aigov.accounts import services as account_services

    def bearer(user) -> dict[str, str]:
        issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
        return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}

    api = Client()
    body = {
        "slug": "api-course",
        "titles": {"fr": "Cours par l'API"},
        "kind": "self_paced_course",
        "level": "introductory",
        "provider": world["provider"].slug,
        "node": world["node"].slug,
        "languages": ["fr"],
        "topics": ["governance"],
        "audiences": ["public_officials"],
        "starts_at": "2031-02-01T08:00",
    }
    created = api.post(
        "/api/capacity/offerings",
        body,
        content_type="application/json",
        **bearer(world["operator"]),
    )
    assert created.status_code == 201, created.content
    assert created.json()["starts_at"].startswith("2031-02-01T08:00:00")
    # Another node's operator may neither add to this node nor change the offering.
    other = bearer(world["other_operator"])
    body["slug"] = "intruder"
    assert (
        api.post(
            "/api/capacity/offerings", body, content_type="application/json", **other
        ).status_code
        == 403
    )
    patch = {"titles": {"fr": "Détourné"}}
    refused = api.patch(
        "/api/capacity/offerings/api-course", patch, content_type="application/json", **other
    )
    assert refused.status_code == 403
    bad = api.patch(
        "/api/capacity/offerings/api-course",
        {"languages": ["xx-nope"]},
        content_type="application/json",
        **bearer(world["operator"]),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "languages"
    changed = api.patch(
        "/api/capacity/offerings/api-course",
        {"seats": 25, "is_published": False},
        content_type="application/json",
        **bearer(world["operator"]),
    )
    assert changed.status_code == 200 and changed.json()["seats"] == 25
    assert changed.json()["titles"] == {"fr": "Cours par l'API"}
    # Unpublished now: absent for the public and for the other operator.
    assert Client().get("/api/capacity/offerings/api-course").status_code == 404
    # Course content through the API, checked like the upload.
    from aigov.capacity.tests.factories import COURSE

    content = api.put(
        "/api/capacity/offerings/api-course/content",
        {"modules": COURSE},
        content_type="application/json",
        **bearer(world["operator"]),
    )
    assert content.status_code == 200 and len(content.json()["modules"][0]["lessons"]) == 2
    broken = [{"titles": {"en": "M"}, "lessons": [{"kind": "quiz", "titles": {"en": "Q"}}]}]
    refused = api.put(
        "/api/capacity/offerings/api-course/content",
        {"modules": broken},
        content_type="application/json",
        **bearer(world["operator"]),
    )
    assert refused.status_code == 422
    first = refused.json()["errors"][0]
    assert (first["field"], first["code"]) == ("modules.1.lessons.1.questions", "empty")
    assert api.get("/api/capacity/offerings/api-course/content", **other).status_code == 404

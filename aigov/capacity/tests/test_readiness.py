"""Readiness self-assessment: scoring, focal point editing, consent, comparison and roadmap."""

import datetime
import threading

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.db import close_old_connections, connection
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import readiness, selectors, services
from aigov.capacity.models import Node, ReadinessAssessment
from aigov.capacity.tests.factories import editor, make_node, make_offering
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
FUTURE = datetime.datetime(2031, 3, 1, tzinfo=datetime.UTC)
CODES = [q.code for q in readiness.INSTRUMENT.questions()]


def all_answers(value: int = 3, **low: int) -> dict[str, int]:
    answers = dict.fromkeys(CODES, value)
    answers.update({code.replace("__", "."): v for code, v in low.items()})
    return answers


def submitted(actor, country="NER", label="2026", **answers):
    assessment = services.assessment_create(
        actor=actor, country=country, label=label, languages=["fr"]
    )
    assessment = services.assessment_update(
        actor=actor, assessment=assessment, answers=answers or all_answers()
    )
    return services.assessment_submit(actor=actor, assessment=assessment)


@pytest.fixture
def focal():
    return UserFactory(role="focal_point", role__country="NER")


def test_scores_per_dimension_and_overall_and_the_gaps():
    answers = all_answers(4, legal__strategy=0, legal__data_protection=1, legal__public_use=2)
    scores = readiness.score(answers)
    assert scores.dimensions["legal"] == 25  # (0 + 1 + 2) / 12
    assert scores.dimensions["economic"] == 100
    assert scores.overall == 85  # (25 + 4 * 100) / 5
    gaps = readiness.gaps(answers)
    assert [gap.dimension.code for gap in gaps] == ["legal"]
    assert [(q.code, value) for q, value in gaps[0].questions] == [
        ("legal.strategy", 0),
        ("legal.data_protection", 25),
    ]
    # Weakest answer first: the strategy's topics before data protection's.
    assert readiness.gap_topics(answers)[:3] == ["policy", "governance", "privacy"]
    assert readiness.score({}).overall is None


def test_focal_point_drafts_and_submits_and_everything_is_audited(focal):
    assessment = services.assessment_create(actor=focal, country="NER", languages=["fr"])
    assert assessment.status == "draft" and assessment.instrument == readiness.INSTRUMENT.version
    services.assessment_update(actor=focal, assessment=assessment, answers={"legal.strategy": 2})
    services.assessment_update(
        actor=focal, assessment=assessment, answers={"economic.funding": 1, "legal.strategy": None}
    )
    assessment.refresh_from_db()
    assert assessment.answers == {"economic.funding": 1}
    with pytest.raises(InvalidInput) as missing:
        services.assessment_submit(actor=focal, assessment=assessment)
    assert len(missing.value.errors) == len(CODES) - 1
    assert missing.value.errors[0]["field"] == "answers.legal.strategy"
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    services.assessment_update(actor=focal, assessment=assessment, answers=all_answers(2))
    done = services.assessment_submit(actor=focal, assessment=assessment)
    assert done.status == "submitted" and done.overall_score == 50 and done.submitted_at
    with pytest.raises(InvalidState):
        services.assessment_update(actor=focal, assessment=done, answers={"legal.strategy": 4})
    actions = set(
        LogEntry.objects.filter(
            additional_data__action__startswith="capacity.assessment."
        ).values_list("additional_data__action", flat=True)
    )
    assert actions == {
        "capacity.assessment.create",
        "capacity.assessment.update",
        "capacity.assessment.submit",
    }


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"legal.strategy": 5}, "answers.legal.strategy"),
        ({"legal.strategy": -1}, "answers.legal.strategy"),
        ({"legal.strategy": True}, "answers.legal.strategy"),
        ({"legal.strategy": "3"}, "answers.legal.strategy"),
        ({"no.such": 1}, "answers.no.such"),
    ],
)
def test_bad_answers_name_the_question_and_change_nothing(focal, answers, field):
    assessment = services.assessment_create(actor=focal, country="NER")
    services.assessment_update(actor=focal, assessment=assessment, answers={"social.languages": 1})
    with pytest.raises(InvalidInput) as bad:
        services.assessment_update(
            actor=focal, assessment=assessment, answers={"social.awareness": 2, **answers}
        )
    assert [error["field"] for error in bad.value.errors] == [field]
    assessment.refresh_from_db()
    assert assessment.answers == {"social.languages": 1}


def test_unknown_language_or_country_is_refused(focal):
    with pytest.raises(InvalidInput) as bad:
        services.assessment_create(actor=focal, country="NER", languages=["xx-nope"])
    assert bad.value.errors[0]["field"] == "languages"
    secretariat = UserFactory(role="secretariat")
    with pytest.raises(InvalidInput):
        services.assessment_create(actor=secretariat, country="ZZZ")
    assert not ReadinessAssessment.objects.exists()


def test_only_the_countrys_focal_points_and_the_secretariat_edit(focal):
    other_focal = UserFactory(role="focal_point", role__country="KEN")
    learner = UserFactory(role="learner")
    for outsider in (other_focal, learner):
        with pytest.raises(NotAllowed):
            services.assessment_create(actor=outsider, country="NER")
    assessment = services.assessment_create(actor=focal, country="NER")
    for outsider in (other_focal, learner):
        with pytest.raises(NotAllowed):
            services.assessment_update(
                actor=outsider, assessment=assessment, answers={"legal.strategy": 1}
            )
    secretariat = UserFactory(role="secretariat")
    services.assessment_update(
        actor=secretariat, assessment=assessment, answers={"legal.strategy": 1}
    )
    assert ReadinessAssessment.objects.get().answers == {"legal.strategy": 1}


def test_consent_is_the_countrys_and_only_for_submitted_assessments(focal):
    secretariat = UserFactory(role="secretariat")
    draft = services.assessment_create(actor=focal, country="NER")
    with pytest.raises(InvalidState):
        services.assessment_set_consent(actor=focal, assessment=draft, publish=True)
    done = submitted(focal)
    with pytest.raises(NotAllowed):
        services.assessment_set_consent(actor=secretariat, assessment=done, publish=True)
    with pytest.raises(NotAllowed):
        services.assessment_set_consent(
            actor=UserFactory(role="focal_point", role__country="KEN"),
            assessment=done,
            publish=True,
        )
    published = services.assessment_set_consent(actor=focal, assessment=done, publish=True)
    assert published.is_published and published.consented_at
    withdrawn = services.assessment_set_consent(actor=focal, assessment=done, publish=False)
    assert not withdrawn.is_published and withdrawn.consented_at is None


def test_without_consent_it_is_absent_for_everyone_else_everywhere(
    client: Client, focal, django_capture_on_commit_callbacks
):
    from aigov.core.exchange import dataset_get

    with django_capture_on_commit_callbacks(execute=True):
        hidden = submitted(focal, label="Quixotic baseline")
    secretariat = UserFactory(role="secretariat")
    # The secretariat's pages ask for a second factor first.
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    other_focal = UserFactory(role="focal_point", role__country="KEN")
    learner = UserFactory(role="learner")
    exporter = dataset_get("capacity-readiness").exporter
    assert exporter is not None

    def sees(user) -> dict[str, object]:
        visitor = Client()
        if user is not None:
            visitor.force_login(user)
        api_list = visitor.get("/api/capacity/readiness/assessments").json()
        return {
            "page": visitor.get(f"/en/capacity/readiness/{hidden.pk}/").status_code,
            "list": "Quixotic baseline" in visitor.get("/en/capacity/readiness/").content.decode(),
            "api": visitor.get(f"/api/capacity/readiness/assessments/{hidden.pk}").status_code,
            "roadmap": visitor.get(
                f"/api/capacity/readiness/assessments/{hidden.pk}/roadmap"
            ).status_code,
            "count": api_list["count"],
            "search": visitor.get("/api/search", {"q": "Quixotic"}).json()["count"],
            "export": len(list(exporter.records(actor=user or UserFactory()))),
        }

    absent = {
        "page": 404,
        "list": False,
        "api": 404,
        "roadmap": 404,
        "count": 0,
        "search": 0,
        "export": 0,
    }
    present = {
        "page": 200,
        "list": True,
        "api": 200,
        "roadmap": 200,
        "count": 1,
        "search": 1,
        "export": 1,
    }
    for outsider in (None, learner, other_focal):
        assert sees(outsider) == absent
    assert sees(focal) == present
    assert sees(secretariat) == present
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_set_consent(actor=focal, assessment=hidden, publish=True)
    for anyone in (None, learner, other_focal):
        assert sees(anyone) == present
    # A draft stays with the country even when an earlier assessment is published.
    draft = services.assessment_create(actor=focal, country="NER", label="Next round")
    with pytest.raises(NotFound):
        selectors.assessment_get(actor=learner, pk=draft.pk)


@pytest.fixture
def catalogue():
    """Offerings a roadmap for gaps in legal (policy, governance) may or may not pick."""
    african = make_node(region="African", slug="hub-africa")
    african.services = ["training", "sandbox"]
    african.save()
    make_node(region="WEOG", slug="centre-weog")  # training, but not in the region
    hub = services.node_create(
        actor=editor(),
        slug="compute-hub",
        names={"en": "Compute hub"},
        kind=Node.Kind.REGIONAL_HUB,
        region="Asia-Pacific",
        services=["compute"],
    )
    offerings = {
        "fee-fr-policy": make_offering(
            slug="fee-fr-policy",
            node=african,
            cost="fee",
            fee_amount=200,
            fee_currency="USD",
            languages=["fr"],
            topics=["policy", "governance"],
            audiences=["policymakers"],
            starts_at=FUTURE,
        ),
        "free-fr-policy": make_offering(
            slug="free-fr-policy",
            languages=["fr"],
            topics=["policy"],
            audiences=["public_officials"],
            starts_at=FUTURE,
        ),
        "free-en-governance": make_offering(
            slug="free-en-governance",
            languages=["en"],
            topics=["governance"],
            audiences=["public_officials"],
        ),
        "students-only": make_offering(
            slug="students-only", topics=["policy"], audiences=["students"], languages=["fr"]
        ),
        "other-topic": make_offering(
            slug="other-topic", topics=["health"], audiences=["public_officials"], languages=["fr"]
        ),
        "started": make_offering(
            slug="started",
            topics=["policy"],
            audiences=["public_officials"],
            languages=["fr"],
            starts_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        ),
        "unpublished": make_offering(
            slug="unpublished",
            topics=["policy"],
            audiences=["public_officials"],
            languages=["fr"],
            is_published=False,
        ),
    }
    return {"offerings": offerings, "hub": hub}


def test_roadmap_links_real_offerings_for_the_gaps_free_first_for_an_ldc(focal, catalogue):
    niger = Country.objects.get(pk="NER")
    assert niger.is_ldc and niger.regional_group == "African"
    answers = all_answers(3, legal__strategy=0, legal__data_protection=0, legal__public_use=1)
    assessment = submitted(focal, **answers)
    plan = selectors.roadmap(actor=focal, assessment=assessment, now=NOW)
    assert [gap.dimension.code for gap in plan.gaps] == ["legal"]
    slugs = [item.offering.slug for item in plan.offerings]
    # Free first (an LDC), then by fit: French before English; never students-only, another
    # topic, a started or an unpublished offering.
    assert slugs == ["free-fr-policy", "free-en-governance", "fee-fr-policy"]
    fee = plan.offerings[2]
    assert "From a node in your region" in fee.reasons and "In French" in fee.reasons
    assert [node.slug for node, _services in plan.nodes] == ["hub-africa"]
    assert plan.nodes[0][1] == ["sandbox", "training"]  # codes, as the API gives them
    assert plan.nodes_named[0][1] == ["Sandbox", "Training"]  # names, as the page shows them


def test_roadmap_for_a_richer_country_ranks_by_fit_and_technology_gaps_find_compute(catalogue):
    focal = UserFactory(role="focal_point", role__country="FRA")
    assessment = submitted(
        focal,
        country="FRA",
        **all_answers(
            3,
            legal__strategy=0,
            technological__compute=0,
            technological__connectivity=0,
            technological__data=0,
        ),
    )
    plan = selectors.roadmap(actor=focal, assessment=assessment, now=NOW)
    assert not plan.free_first
    assert plan.offerings[0].offering.slug == "fee-fr-policy"  # both topics, French
    assert "compute-hub" in [node.slug for node, _services in plan.nodes]


def test_no_gaps_no_offerings(focal, catalogue):
    assessment = submitted(focal, **all_answers(4))
    plan = selectors.roadmap(actor=focal, assessment=assessment, now=NOW)
    assert plan.gaps == [] and plan.offerings == [] and plan.nodes == []


def test_pages_draft_submit_compare_and_publish(client: Client, focal, catalogue):
    client.force_login(focal)
    page = client.get("/en/capacity/readiness/").content.decode()
    assert "Start an assessment" in page and "not UNESCO" in page
    response = client.post(
        "/en/capacity/readiness/", {"country": "NER", "label": "Baseline", "languages": "fr"}
    )
    assessment = ReadinessAssessment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{assessment.pk}/")
    form = dict.fromkeys(CODES, "1")
    form.update(label="Baseline", languages="fr", save="1")
    client.post(f"/en/capacity/readiness/{assessment.pk}/", {**form, "legal.strategy": "9"})
    assessment.refresh_from_db()
    assert assessment.answers == {}  # an answer off the scale: nothing saved
    client.post(f"/en/capacity/readiness/{assessment.pk}/", {**form, "submit": "1"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.overall_score == 25
    second = services.assessment_create(actor=focal, country="NER", label="Follow-up")
    services.assessment_update(actor=focal, assessment=second, answers=all_answers(3))
    services.assessment_submit(actor=focal, assessment=second)
    page = client.get(f"/en/capacity/readiness/{second.pk}/").content.decode()
    assert "<svg" in page and "Baseline" in page and "Follow-up" in page
    assert "free-fr-policy" not in page  # no gaps left in the follow-up
    first_page = client.get(f"/en/capacity/readiness/{assessment.pk}/").content.decode()
    assert "/en/capacity/offerings/free-fr-policy/" in first_page
    assert "Publish with the country" in first_page
    client.post(f"/en/capacity/readiness/{assessment.pk}/consent/", {"publish": "1"})
    assessment.refresh_from_db()
    assert assessment.is_published
    # Someone else cannot post answers to it.
    outsider = Client()
    outsider.force_login(UserFactory(role="learner"))
    assert outsider.post(f"/en/capacity/readiness/{second.pk}/", form).status_code == 404


def test_api_round_trip_and_errors(client: Client, focal, catalogue):
    client.force_login(focal)
    instrument = client.get("/api/capacity/readiness/instrument").json()
    assert [d["code"] for d in instrument["dimensions"]] == [
        "legal",
        "social",
        "economic",
        "scientific",
        "technological",
    ]
    assert "not UNESCO" in instrument["note"]
    created = client.post(
        "/api/capacity/readiness/assessments",
        {"country": "NER", "languages": ["fr"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    bad = client.patch(
        f"/api/capacity/readiness/assessments/{pk}",
        {"answers": {"legal.strategy": 7}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answers.legal.strategy"
    ok = client.patch(
        f"/api/capacity/readiness/assessments/{pk}",
        {"answers": all_answers(1)},
        content_type="application/json",
    )
    assert ok.json()["scores"]["legal"] == 25
    assert client.post(f"/api/capacity/readiness/assessments/{pk}/submit").status_code == 200
    roadmap = client.get(f"/api/capacity/readiness/assessments/{pk}/roadmap").json()
    assert roadmap["free_first"] is True
    assert roadmap["offerings"][0]["slug"] == "free-fr-policy"
    consent = client.post(
        f"/api/capacity/readiness/assessments/{pk}/consent",
        {"publish": True},
        content_type="application/json",
    )
    assert consent.json()["is_published"] is True
    other = Client()
    other.force_login(UserFactory(role="focal_point", role__country="KEN"))
    refused = other.post(
        "/api/capacity/readiness/assessments",
        {"country": "NER"},
        content_type="application/json",
    )
    assert refused.status_code == 403


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_focal_points_saving_at_once_keep_both_answers():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    people = [UserFactory(role="focal_point", role__country="NER") for _ in range(2)]
    assessment = services.assessment_create(actor=people[0], country="NER")
    barrier = threading.Barrier(len(CODES))
    errors: list[BaseException] = []

    def save(index: int, code: str) -> None:
        try:
            barrier.wait()
            services.assessment_update(
                actor=people[index % 2], assessment=assessment, answers={code: 2}
            )
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=save, args=(i, code)) for i, code in enumerate(CODES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReadinessAssessment.objects.get().answers == dict.fromkeys(CODES, 2)

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed
from aigov.standards import selectors, services
from aigov.standards.models import Review, Standard, Status
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def test_status_changes_build_an_ordered_history_and_are_audited():
    standard = make_standard(status=Status.PROPOSAL)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    services.standard_change_status(
        actor=secretariat,
        standard=standard,
        status=Status.UNDER_DEVELOPMENT,
        changed_on=datetime.date(2024, 3, 1),
    )
    services.standard_change_status(
        actor=secretariat, standard=standard, status=Status.PUBLISHED, note="Approved."
    )
    history = list(
        selectors.standard_get(actor=AnonymousUser(), pk=standard.pk).status_changes.all()
    )
    assert [c.status for c in history] == [
        Status.PROPOSAL,
        Status.UNDER_DEVELOPMENT,
        Status.PUBLISHED,
    ]
    assert history[1].changed_on == datetime.date(2024, 3, 1) and history[2].note == "Approved."
    assert (
        LogEntry.objects.filter(
            additional_data__action="standards.standard.change_status", actor=secretariat
        ).count()
        == 2
    )


def test_status_change_refusals_change_nothing():
    standard = make_standard(status=Status.PUBLISHED)
    expert = UserFactory(role=Role.EXPERT)
    with pytest.raises(NotAllowed):
        services.standard_change_status(actor=expert, standard=standard, status=Status.WITHDRAWN)
    with pytest.raises(InvalidState):
        services.standard_change_status(
            actor=system_actor(), standard=standard, status=Status.PUBLISHED
        )
    with pytest.raises(InvalidInput):
        services.standard_change_status(actor=system_actor(), standard=standard, status="gone")
    standard.refresh_from_db()
    assert standard.status == Status.PUBLISHED and standard.status_changes.count() == 1


def test_a_participant_review_appears_in_the_summary():
    standard = make_standard()
    expert = UserFactory(role=Role.EXPERT)
    services.review_post(
        actor=expert,
        standard=standard,
        position=Review.Position.SUPPORT,
        rationale="Clear measurement methods.",
        scores={"measurability": 4, "human_rights": 2},
    )
    summary = selectors.review_summary(actor=AnonymousUser(), standard=standard)
    assert summary.reviews == 1 and summary.positions["support"] == 1
    assert summary.mean_scores["measurability"] == 4.0
    assert summary.mean_scores["process_inclusiveness"] is None


@pytest.mark.parametrize(
    "scores", [{"measurability": 6}, {"measurability": 0}, {"beauty": 3}, {"human_rights": "5"}]
)
def test_bad_scores_are_refused_naming_the_field(scores):
    standard = make_standard()
    with pytest.raises(InvalidInput) as error:
        services.review_post(
            actor=UserFactory(role=Role.EXPERT),
            standard=standard,
            position="support",
            rationale="Because.",
            scores=scores,
        )
    assert error.value.errors[0]["field"].startswith("scores.")
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("titles", "code"),
    [({"en": "x" * 1001}, "too_long"), ({"de": "Eine Norm"}, "unknown_language"), ({}, "blank")],
)
def test_a_title_is_text_per_language_within_its_length_never_cut(titles, code):
    body = Standard.objects.get(reference="ISO/IEC 42001:2023").body
    with pytest.raises(ValidationError) as refused:
        services.standard_register(
            actor=UserFactory(role=Role.SECRETARIAT),
            body=body,
            reference="LONG 1",
            titles=titles,
            status=Status.PROPOSAL,
        )
    assert [problem.code for problem in refused.value.error_dict["titles"]] == [code]
    assert not Standard.objects.filter(reference="LONG 1").exists()

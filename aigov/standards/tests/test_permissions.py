import pytest
from django.contrib.auth.models import AnonymousUser

from aigov.accounts.access import has
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import NotAllowed, NotFound
from aigov.standards import selectors, services
from aigov.standards.models import Review
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.SECRETARIAT, True),
        (Role.EXPERT, True),
        (Role.SDO_REPRESENTATIVE, True),
        (Role.FOCAL_POINT, True),
        (Role.LEARNER, False),
        (None, False),
    ],
)
def test_who_may_post_a_review(role, allowed):
    kwargs = {"role": role}
    if role == Role.FOCAL_POINT:
        kwargs["role__country"] = "KEN"
    user = UserFactory(**kwargs)
    assert has(user, "standards.post_review") is allowed


def test_anonymous_cannot_post_and_nothing_is_written():
    standard = make_standard()
    assert has(AnonymousUser(), "standards.post_review") is False
    with pytest.raises(NotAllowed):
        services.review_post(
            actor=AnonymousUser(), standard=standard, position="support", rationale="x"
        )
    assert not Review.objects.exists()


def test_only_the_secretariat_moderates():
    standard = make_standard()
    expert = UserFactory(role=Role.EXPERT)
    review = services.review_post(
        actor=expert, standard=standard, position="oppose", rationale="No."
    )
    with pytest.raises(NotAllowed):
        services.review_moderate(actor=expert, review=review, is_hidden=True)
    services.review_moderate(
        actor=UserFactory(role=Role.SECRETARIAT), review=review, is_hidden=True, note="Off topic."
    )
    review.refresh_from_db()
    assert review.is_hidden and review.moderation_note == "Off topic."


def test_a_hidden_review_is_absent_for_others_in_lists_summary_page_and_api(client):
    standard = make_standard()
    author = UserFactory(role=Role.EXPERT)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    other = UserFactory(role=Role.SDO_REPRESENTATIVE)
    kept = services.review_post(
        actor=other, standard=standard, position="support", rationale="Good."
    )
    hidden = services.review_post(
        actor=author, standard=standard, position="oppose", rationale="SECRET-RATIONALE"
    )
    services.review_moderate(actor=secretariat, review=hidden, is_hidden=True)

    assert list(selectors.review_list(actor=other, standard=standard)) == [kept]
    assert list(selectors.review_list(actor=AnonymousUser(), standard=standard)) == [kept]
    assert set(selectors.review_list(actor=author, standard=standard)) == {kept, hidden}
    assert set(selectors.review_list(actor=secretariat, standard=standard)) == {kept, hidden}
    with pytest.raises(NotFound):
        selectors.review_get(actor=other, pk=hidden.pk)
    # The summary counts only visible reviews, for everyone.
    for actor in (other, secretariat, AnonymousUser()):
        summary = selectors.review_summary(actor=actor, standard=standard)
        assert summary.reviews == 1 and summary.positions["oppose"] == 0

    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert "SECRET-RATIONALE" not in page and "Good." in page
    api = client.get(f"/api/standards/{standard.pk}/reviews").json()
    assert api["count"] == 1 and api["items"][0]["rationale"] == "Good."
    client.force_login(other)
    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert "SECRET-RATIONALE" not in page
    client.force_login(author)  # the author still sees their own review, marked as hidden
    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert "SECRET-RATIONALE" in page and "Hidden by moderation" in page


def test_nobody_replies_to_a_hidden_review():
    standard = make_standard()
    review = services.review_post(
        actor=UserFactory(role=Role.EXPERT), standard=standard, position="support", rationale="Y."
    )
    secretariat = UserFactory(role=Role.SECRETARIAT)
    reply = services.review_reply(actor=secretariat, parent=review, rationale="Thanks.")
    assert reply.parent == review and reply.standard_id == standard.pk
    services.review_moderate(actor=secretariat, review=review, is_hidden=True)
    review.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.review_reply(actor=UserFactory(role=Role.EXPERT), parent=review, rationale="Hm.")

import re

import pytest
from django.core import mail

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import Conflict, InvalidInput, NotAllowed
from aigov.standards import services
from aigov.standards.models import Follow, Status
from aigov.standards.tests.factories import make_standard
from aigov.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def _change(standard, status, callbacks):
    with callbacks(execute=True):
        services.standard_change_status(actor=system_actor(), standard=standard, status=status)


def test_a_follower_of_a_standard_gets_one_mail_with_an_unsubscribe_link(
    client, django_capture_on_commit_callbacks
):
    standard = make_standard(status=Status.UNDER_DEVELOPMENT)
    follower, bystander = UserFactory(), UserFactory()
    services.follow_add(actor=follower, standard=standard)
    _change(standard, Status.PUBLISHED, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [follower.email] and bystander.email not in message.to
    assert standard.reference in message.subject and "Published" in message.subject
    link = re.search(r"http://\S+/unsubscribe/\S+/", message.body).group(0)
    path = link.split("localhost:8000", 1)[1]
    client.get(path)
    assert Follow.objects.filter(user=follower).exists()  # a GET (a mail scanner) changes nothing
    assert "no more e-mail" in client.post(path).content.decode()
    assert not Follow.objects.filter(user=follower).exists()
    mail.outbox.clear()
    _change(standard, Status.WITHDRAWN, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_topic_followers_hear_of_new_standards_in_their_language(
    django_capture_on_commit_callbacks,
):
    topic = Topic.objects.get(slug="energy-environment")
    follower = UserFactory(preferred_language="fr")
    services.follow_add(actor=follower, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        standard = make_standard(tags={"topics": [topic]})
    with django_capture_on_commit_callbacks(execute=True):
        make_standard(tags={})  # another topic: nothing
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert standard.reference in mail.outbox[0].subject
    assert "/fr/standards/" in body and "Publiée" in body
    assert "Pour ne plus recevoir ces messages" in body


def test_one_mail_for_a_user_following_standard_and_topic(django_capture_on_commit_callbacks):
    topic = Topic.objects.get(slug="energy-environment")
    standard = make_standard(tags={"topics": [topic]})
    follower = UserFactory()
    services.follow_add(actor=follower, standard=standard)
    services.follow_add(actor=follower, topic=topic)
    _change(standard, Status.WITHDRAWN, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "you follow this standard" in mail.outbox[0].body


def test_a_follower_who_may_not_see_the_standard_gets_nothing(django_capture_on_commit_callbacks):
    standard = make_standard(status=Status.UNDER_DEVELOPMENT)
    follower = UserFactory()
    services.follow_add(actor=follower, standard=standard)
    follower.is_active = False
    follower.save(update_fields=["is_active"])
    _change(standard, Status.PUBLISHED, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_follow_rules_and_bad_input():
    standard = make_standard()
    topic = Topic.objects.get(slug="energy-environment")
    user, other = UserFactory(), UserFactory()
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.follow_add(actor=AnonymousUser(), standard=standard)
    with pytest.raises(InvalidInput):
        services.follow_add(actor=user, standard=standard, topic=topic)
    with pytest.raises(InvalidInput):
        services.follow_add(actor=user)
    follow = services.follow_add(actor=user, standard=standard)
    with pytest.raises(Conflict):
        services.follow_add(actor=user, standard=standard)
    with pytest.raises(NotAllowed):
        services.follow_remove(actor=other, follow=follow)
    assert Follow.objects.count() == 1
    with pytest.raises(InvalidInput):
        services.follow_remove_by_token(token=services.unsubscribe_token(follow) + "x")
    assert Follow.objects.count() == 1


def test_pages_to_follow_and_unfollow(client):
    standard = make_standard()
    assert client.post(f"/en/standards/{standard.pk}/follow/").status_code == 302
    assert not Follow.objects.exists()  # an anonymous visitor is sent to sign in
    user = UserFactory()
    client.force_login(user)
    assert "Follow this standard" in client.get(f"/en/standards/{standard.pk}/").content.decode()
    client.post(f"/en/standards/{standard.pk}/follow/")
    assert Follow.objects.get().standard == standard
    client.post("/en/standards/following/", {"topic": "energy-environment"})
    page = client.get("/en/standards/following/").content.decode()
    assert standard.reference in page and "?topic=energy-environment" in page
    assert client.post("/en/standards/following/", {"topic": "nope"}).status_code == 400
    other_follow = services.follow_add(actor=UserFactory(), standard=standard)
    assert client.post(f"/en/standards/following/{other_follow.pk}/delete/").status_code == 404
    client.post(f"/en/standards/{standard.pk}/follow/")
    assert set(Follow.objects.filter(user=user).values_list("topic_id", flat=True)) == {
        "energy-environment"
    }


def test_follow_api(client):
    standard = make_standard()
    assert client.get("/api/standards/follows").status_code == 401
    user = UserFactory()
    client.force_login(user)
    created = client.post(
        "/api/standards/follows", {"standard_id": standard.pk}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["standard"] == standard.reference
    again = client.post(
        "/api/standards/follows", {"standard_id": standard.pk}, content_type="application/json"
    )
    assert again.status_code == 409
    bad_topic = client.post(
        "/api/standards/follows", {"topic": "nope"}, content_type="application/json"
    )
    assert bad_topic.status_code == 422 and bad_topic.json()["errors"][0]["field"] == "topic"
    topic = client.post(
        "/api/standards/follows", {"topic": "energy-environment"}, content_type="application/json"
    )
    assert topic.status_code == 201
    listed = client.get("/api/standards/follows").json()
    assert listed["count"] == 2
    others = services.follow_add(actor=UserFactory(), standard=standard)
    assert client.delete(f"/api/standards/follows/{others.pk}").status_code == 404
    assert client.delete(f"/api/standards/follows/{created.json()['id']}").status_code == 204
    assert client.get("/api/standards/follows").json()["count"] == 1
    assert Follow.objects.filter(pk=others.pk).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_of_one_standard_make_one_follow():
    from django.db import close_old_connections, connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    import threading

    standard = make_standard()
    follower = UserFactory()
    attempts = 8
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []

    def follow():
        try:
            barrier.wait()
            services.follow_add(actor=follower, standard=standard)
            outcomes.append("created")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            outcomes.append(repr(failure))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=follow) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * (attempts - 1) + ["created"]
    assert Follow.objects.filter(user=follower, standard=standard).count() == 1

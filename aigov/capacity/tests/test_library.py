"""The digital library: personal and shared collections of offerings (issue 7, item 2).

A private collection is its owner's alone, a shared one also its members', a public one
everyone's — in pages, API, search, exports and counts; an offering in a collection stays absent
for those who may not see the offering itself.
"""

import csv
import io
import json
import threading

import pytest
from auditlog.models import LogEntry
from django.db import close_old_connections, connection
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import Collection, CollectionItem
from aigov.capacity.tests.factories import make_course, make_node, make_offering
from aigov.core.errors import Conflict, NotAllowed, NotFound
from aigov.core.exchange import dataset_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "owner": UserFactory(role="learner", email="owner@example.org"),
        "colleague": UserFactory(role="learner", email="colleague@example.org"),
        "stranger": UserFactory(role="learner"),
    }


def _sees(user, collection: Collection, word: str) -> dict[str, object]:
    """What `user` (None: the public) gets of `collection` through every read path."""
    visitor = Client()
    if user is not None:
        visitor.force_login(user)
    exporter = dataset_get("capacity-collections").exporter
    assert exporter is not None
    api_list = visitor.get("/api/capacity/collections").json()
    return {
        "page": visitor.get(f"/en/capacity/library/{collection.pk}/").status_code,
        "download": visitor.get(f"/en/capacity/library/{collection.pk}/?format=csv").status_code,
        "library": word in visitor.get("/en/capacity/library/").content.decode(),
        "api": visitor.get(f"/api/capacity/collections/{collection.pk}").status_code,
        "count": api_list["count"],
        "search": visitor.get("/api/search", {"q": word, "type": "capacity.collection"}).json()[
            "count"
        ],
        "export": len(list(exporter.records(actor=user or UserFactory()))),
    }


ABSENT = {
    "page": 404,
    "download": 404,
    "library": False,
    "api": 404,
    "count": 0,
    "search": 0,
    "export": 0,
}
PRESENT = {
    "page": 200,
    "download": 200,
    "library": True,
    "api": 200,
    "count": 1,
    "search": 1,
    "export": 1,
}


def test_a_collection_is_seen_only_by_those_its_visibility_allows(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        collection = services.collection_create(
            actor=people["owner"], titles={"en": "Zanzibar readings", "zh-hans": "桑给巴尔阅读"}
        )
    for outsider in (None, people["colleague"], people["stranger"]):
        assert _sees(outsider, collection, "Zanzibar") == ABSENT
    assert _sees(people["owner"], collection, "Zanzibar") == PRESENT
    # Shared with a colleague: they see it, the public and strangers still do not.
    services.collection_share(
        actor=people["owner"], collection=collection, email="colleague@example.org"
    )
    assert _sees(people["colleague"], collection, "Zanzibar") == PRESENT
    for outsider in (None, people["stranger"]):
        assert _sees(outsider, collection, "Zanzibar") == ABSENT
    # Made private again, it is hidden from the colleague too.
    with django_capture_on_commit_callbacks(execute=True):
        services.collection_update(
            actor=people["owner"], collection=collection, visibility="private"
        )
    assert _sees(people["colleague"], collection, "Zanzibar") == ABSENT
    # Public: everyone, and a Chinese word inside the title finds it.
    with django_capture_on_commit_callbacks(execute=True):
        services.collection_update(
            actor=people["owner"], collection=collection, visibility="public"
        )
    for anyone in (None, people["colleague"], people["stranger"]):
        assert _sees(anyone, collection, "Zanzibar") == PRESENT
    found = Client().get("/api/search", {"q": "给巴", "type": "capacity.collection"}).json()
    assert found["count"] == 1


def test_an_unpublished_offering_in_a_public_collection_is_absent_for_the_public(people):
    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    shown = make_offering(slug="shown-course", titles={"en": "Shown course"})
    hidden = make_offering(slug="hidden-course", node=node, titles={"en": "Hidden course"})
    collection = services.collection_create(
        actor=operator, titles={"en": "Node picks"}, visibility="public"
    )
    for offering in (shown, hidden):
        services.collection_item_add(actor=operator, collection=collection, offering=offering)
    services.offering_update(actor=operator, offering=hidden, is_published=False)
    visitor = Client()
    page = visitor.get(f"/en/capacity/library/{collection.pk}/").content.decode()
    assert "Shown course" in page and "Hidden course" not in page
    download = visitor.get(f"/en/capacity/library/{collection.pk}/?format=csv").content.decode()
    slugs = [row["slug"] for row in csv.DictReader(io.StringIO(download.lstrip("\ufeff")))]
    assert slugs == ["shown-course"]
    api = visitor.get(f"/api/capacity/collections/{collection.pk}").json()
    assert [item["offering"]["slug"] for item in api["items"]] == ["shown-course"]
    assert api["items_count"] == 1
    listed = visitor.get("/api/capacity/collections").json()["items"][0]
    assert listed["items_count"] == 1
    # Its node's operator still sees both.
    mine = Client()
    mine.force_login(operator)
    assert mine.get(f"/api/capacity/collections/{collection.pk}").json()["items_count"] == 2
    # Nobody adds an offering they may not see.
    with pytest.raises(NotFound):
        services.collection_item_add(
            actor=people["owner"],
            collection=services.collection_create(actor=people["owner"], titles={"en": "Mine"}),
            offering=hidden,
        )


def test_a_learner_saves_a_course_from_its_page_and_curates_the_collection(client: Client, people):
    course = make_course(slug="fr-course", titles={"en": "Course", "fr": "Cours"})
    other = make_offering(slug="second", titles={"en": "Second"})
    client.force_login(people["owner"])
    # Without a collection the page points to the library.
    assert "/capacity/library/" in client.get("/fr/capacity/offerings/fr-course/").content.decode()
    response = client.post(
        "/en/capacity/library/", {"visibility": "private", "title_en": "For my ministry"}
    )
    collection = Collection.objects.get(owner=people["owner"])
    assert response.status_code == 302 and response["Location"].endswith(f"/{collection.pk}/")
    page = client.get("/en/capacity/offerings/fr-course/").content.decode()
    assert "Save to a collection" in page and "For my ministry" in page
    assert page.count('id="save-heading"') == 1  # once, in the page's body
    assert "<form" not in page[page.index("<title>") : page.index("</title>")]
    client.post(
        "/en/capacity/offerings/fr-course/save/",
        {"collection": str(collection.pk), "note": "Start here"},
    )
    client.post("/en/capacity/offerings/second/save/", {"collection": str(collection.pk)})
    again = client.post(
        "/en/capacity/offerings/second/save/", {"collection": str(collection.pk)}, follow=True
    )
    assert "in the collection already" in again.content.decode()
    items = list(CollectionItem.objects.filter(collection=collection).order_by("position"))
    assert [item.offering for item in items] == [course, other]
    assert items[0].note == "Start here"
    client.post(
        f"/en/capacity/library/{collection.pk}/items/{items[1].pk}/move/", {"direction": "up"}
    )
    order = selectors.collection_items(actor=people["owner"], collection=collection)
    assert [item.offering.slug for item in order] == ["second", "fr-course"]
    download = client.get(f"/en/capacity/library/{collection.pk}/?format=json")
    rows = json.loads(download.content)
    assert [row["slug"] for row in rows] == ["second", "fr-course"]
    assert rows[1]["note"] == "Start here" and rows[1]["url"].endswith("/offerings/fr-course/")
    client.post(f"/en/capacity/library/{collection.pk}/items/{items[0].pk}/remove/")
    assert list(collection.items.values_list("offering__slug", flat=True)) == ["second"]
    assert LogEntry.objects.filter(
        additional_data__action="capacity.collection_item.delete"
    ).exists()
    # Someone else's collection cannot be saved to, curated or edited.
    client.force_login(people["stranger"])
    assert (
        client.post(
            "/en/capacity/offerings/second/save/", {"collection": str(collection.pk)}
        ).status_code
        == 302
    )
    assert collection.items.count() == 1
    assert client.get(f"/en/capacity/library/{collection.pk}/edit/").status_code == 404
    remaining = collection.items.get()
    assert (
        client.post(
            f"/en/capacity/library/{collection.pk}/items/{remaining.pk}/remove/"
        ).status_code
        == 404
    )
    assert collection.items.count() == 1


def test_sharing_reads_or_edits_and_only_the_owner_shares(client: Client, people):
    collection = services.collection_create(actor=people["owner"], titles={"en": "Team list"})
    offering = make_offering()
    client.force_login(people["owner"])
    refused = client.post(
        f"/en/capacity/library/{collection.pk}/share/", {"email": "nobody@example.org"}, follow=True
    )
    assert "No account has this address." in refused.content.decode()
    client.post(f"/en/capacity/library/{collection.pk}/share/", {"email": "colleague@example.org"})
    collection.refresh_from_db()
    assert collection.visibility == "shared"
    # A reader may not add; an editor may.
    with pytest.raises(NotAllowed):
        services.collection_item_add(
            actor=people["colleague"], collection=collection, offering=offering
        )
    services.collection_share(
        actor=people["owner"], collection=collection, email="colleague@example.org", can_edit=True
    )
    services.collection_item_add(
        actor=people["colleague"], collection=collection, offering=offering
    )
    assert collection.items.count() == 1
    # Members do not share further, rename or delete.
    with pytest.raises(NotAllowed):
        services.collection_share(
            actor=people["colleague"], collection=collection, email=people["stranger"].email
        )
    with pytest.raises(NotAllowed):
        services.collection_update(
            actor=people["colleague"], collection=collection, titles={"en": "x"}
        )
    with pytest.raises(NotAllowed):
        services.collection_delete(actor=people["colleague"], collection=collection)
    # A member sees the other members' names, not their e-mail addresses; the owner sees both.
    client.force_login(people["colleague"])
    page = client.get(f"/en/capacity/library/{collection.pk}/").content.decode()
    assert "colleague@example.org" not in page and "Leave" in page
    member = collection.memberships.get()
    client.post(f"/en/capacity/library/{collection.pk}/members/{member.pk}/remove/")
    assert client.get(f"/en/capacity/library/{collection.pk}/").status_code == 404


def test_the_collections_api(people):
    owner, stranger = Client(), Client()
    owner.force_login(people["owner"])
    stranger.force_login(people["stranger"])
    offering = make_offering(slug="api-offering")
    created = owner.post(
        "/api/capacity/collections",
        {"titles": {"fr": "Ma liste"}, "visibility": "shared"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["is_mine"] is True
    bad = owner.post(
        "/api/capacity/collections",
        {"titles": {"fr": "  "}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "titles"
    added = owner.post(
        f"/api/capacity/collections/{pk}/items",
        {"offering": "api-offering", "note": "Good"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["offering"]["slug"] == "api-offering"
    missing = owner.post(
        f"/api/capacity/collections/{pk}/items",
        {"offering": "no-such"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    # A stranger can neither read nor write, nor learn whether an address has an account.
    assert stranger.get(f"/api/capacity/collections/{pk}").status_code == 404
    assert (
        stranger.post(
            f"/api/capacity/collections/{pk}/members",
            {"email": "colleague@example.org"},
            content_type="application/json",
        ).status_code
        == 404
    )
    shared = owner.post(
        f"/api/capacity/collections/{pk}/members",
        {"email": "colleague@example.org", "can_edit": True},
        content_type="application/json",
    )
    assert shared.status_code == 201
    detail = owner.get(f"/api/capacity/collections/{pk}").json()
    assert detail["items_count"] == 1 and detail["members"][0]["can_edit"] is True
    patched = owner.patch(
        f"/api/capacity/collections/{pk}", {"visibility": "public"}, content_type="application/json"
    )
    assert patched.json()["visibility"] == "public" and patched.json()["titles"] == {
        "fr": "Ma liste"
    }
    assert stranger.get(f"/api/capacity/collections/{pk}").status_code == 200
    assert (
        stranger.patch(
            f"/api/capacity/collections/{pk}",
            {"visibility": "private"},
            content_type="application/json",
        ).status_code
        == 403
    )
    item = detail["items"][0]["id"]
    assert stranger.delete(f"/api/capacity/collections/{pk}/items/{item}").status_code == 403
    assert owner.delete(f"/api/capacity/collections/{pk}/items/{item}").status_code == 204
    assert (
        Client().post("/api/capacity/collections", {}, content_type="application/json").status_code
        == 401
    )
    assert owner.delete(f"/api/capacity/collections/{pk}").status_code == 204
    assert not Collection.objects.filter(pk=pk).exists()
    # Deleting the collection leaves the offering in the catalogue.
    assert selectors.offering_get(actor=people["owner"], slug="api-offering") == offering


def test_the_same_offering_twice_is_refused(people):
    collection = services.collection_create(actor=people["owner"], titles={"en": "List"})
    offering = make_offering()
    services.collection_item_add(actor=people["owner"], collection=collection, offering=offering)
    with pytest.raises(Conflict):
        services.collection_item_add(
            actor=people["owner"], collection=collection, offering=offering
        )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_keep_every_item_in_its_own_place():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    owner = UserFactory(role="learner")
    collection = services.collection_create(
        actor=owner, titles={"en": "Busy list"}, visibility="shared"
    )
    editors = [UserFactory(role="learner") for _ in range(8)]
    for editor in editors:
        services.collection_share(
            actor=owner, collection=collection, email=editor.email, can_edit=True
        )
    offerings = [make_offering() for _ in editors]
    duplicate = make_offering()
    barrier = threading.Barrier(len(editors) * 2)
    errors: list[BaseException] = []

    def add(editor, offering):
        try:
            barrier.wait()
            services.collection_item_add(actor=editor, collection=collection, offering=offering)
        except Conflict:
            pass
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    jobs = [(editor, offering) for editor, offering in zip(editors, offerings, strict=True)]
    jobs += [(editor, duplicate) for editor in editors]
    threads = [threading.Thread(target=add, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    positions = list(collection.items.values_list("position", flat=True))
    assert len(positions) == len(editors) + 1  # every offering once, the duplicate once
    assert sorted(positions) == list(range(1, len(editors) + 2))


def test_only_the_owner_stops_sharing_and_only_the_member_leaves(people):
    collection = services.collection_create(
        actor=people["owner"], titles={"en": "Shared list"}, visibility="shared"
    )
    member = services.collection_share(
        actor=people["owner"], collection=collection, email=people["colleague"].email
    )
    other = services.collection_share(
        actor=people["owner"], collection=collection, email=people["stranger"].email
    )
    # Neither a member (for another member) nor the secretariat may remove somebody.
    for intruder in (people["stranger"], UserFactory(role="secretariat")):
        with pytest.raises(NotAllowed):
            services.collection_unshare(actor=intruder, member=member)
    assert collection.memberships.count() == 2
    services.collection_unshare(actor=people["colleague"], member=member)  # leaves
    services.collection_unshare(actor=people["owner"], member=other)  # stops sharing
    assert not collection.memberships.exists()


def test_the_library_pages_each_list_and_shows_no_one_elses_private_collection(people):
    """Fifty-five public collections: fifty on the first page, five on the next, through the
    section's own parameter; the owner's private one never reaches another reader."""
    owner = people["owner"]
    for number in range(55):
        Collection.objects.create(
            owner=owner,
            visibility=Collection.Visibility.PUBLIC,
            titles={"en": f"Shelf {number:02}"},
        )
    Collection.objects.create(owner=owner, titles={"en": "Secret shelf"})
    reader = Client()
    reader.force_login(people["stranger"])
    first = reader.get("/en/capacity/library/").content.decode()
    second = reader.get("/en/capacity/library/?public=2").content.decode()
    assert first.count("Shelf ") == 50 and second.count("Shelf ") == 5
    assert "?public=2" in first and "Secret shelf" not in first + second
    own = Client()
    own.force_login(owner)
    mine = own.get("/en/capacity/library/?own=2").content.decode()
    assert mine.count("Shelf ") == 6  # the six oldest of the owner's 56, the secret one among them
    assert "Secret shelf" in own.get("/en/capacity/library/").content.decode() + mine

import pytest
from django.test import Client

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.standards.models import Review, Standard

pytestmark = pytest.mark.django_db


def test_register_lists_standards_and_filters(client: Client, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get("/en/standards/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "159 standards" in page and "ISO/IEC 42001:2023" in page
    assert 'href="/en/standards/"' in page  # navigation
    assert '?status=under_development">Under development</a> 47' in page  # the pipeline
    filtered = client.get("/en/standards/", {"topic": "energy-environment", "sort": "-year"})
    assert "11 standards" in filtered.content.decode()
    developing = client.get("/en/standards/", {"status": "under_development"}).content.decode()
    assert "47 standards" in developing
    assert client.get("/en/standards/", {"status": "bogus"}).status_code == 400


def test_detail_page_shows_history_related_and_official_link(client: Client):
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert "Status history" in page and "Related standards" in page
    assert "ISO/IEC 23894:2023" in page  # shares governance and risk management
    assert "First loaded from the reference list of standards" in page
    assert standard.url in page
    # The compilers' note ("S2 (pub 2023-12-18), S5") is kept in the data, not shown.
    assert standard.source.startswith("S2") and standard.source not in page
    assert "standards.csv" not in page
    assert "Sign in to review this standard." in page
    assert client.get("/en/standards/999999/").status_code == 404


def test_a_participant_posts_a_review_from_the_page(client: Client):
    standard = Standard.objects.first()
    client.force_login(UserFactory(role=Role.EXPERT))
    response = client.post(
        f"/en/standards/{standard.pk}/reviews/",
        {
            "position": "support_with_changes",
            "rationale": "Add energy metrics.",
            "measurability": "3",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.scores == {"measurability": 3}
    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert "Add energy metrics." in page and "Support with changes" in page


def test_a_learner_cannot_post_from_the_page(client: Client):
    standard = Standard.objects.first()
    client.force_login(UserFactory(role=Role.LEARNER))
    response = client.post(
        f"/en/standards/{standard.pk}/reviews/", {"position": "oppose", "rationale": "No."}
    )
    assert response.status_code == 403 and not Review.objects.exists()


def test_definitions_side_by_side(client: Client):
    listing = client.get("/en/standards/concepts/").content.decode()
    assert "/en/standards/concepts/ai-system/" in listing
    page = client.get("/en/standards/concepts/ai-system/").content.decode()
    assert page.count("<article>") == 9
    assert 'lang="fr"' in page and "not verbatim" in page
    assert client.get("/en/standards/concepts/nothing/").status_code == 404


def test_pages_in_arabic(client: Client):
    response = client.get("/ar/standards/gaps/")
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()

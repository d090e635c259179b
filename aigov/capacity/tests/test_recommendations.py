"""The catalogue's recommendations are ranked once and kept until the catalogue changes: a
new, changed, hidden, deleted or started offering is reflected on the next view, and nobody
is shown an offering they may not see."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import Offering
from aigov.capacity.tests.factories import editor, make_node, make_offering

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC)
SOON = datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.UTC)


def recommend(actor, *, now=NOW, region=None):
    """The slugs recommended to `actor` for French, public officials, and whether that ranked
    the catalogue (the scoring query) or read a kept ranking."""
    with CaptureQueriesContext(connection) as queries:
        found = selectors.offering_recommendations(
            actor=actor, language="fr", region=region, audience="public_officials", now=now
        )
    ranked = any("CASE WHEN" in query["sql"] for query in queries.captured_queries)
    return [offering.slug for offering in found], ranked


@pytest.fixture
def offerings():
    return {
        "fr-officials": make_offering(
            slug="fr-officials", languages=["fr"], audiences=["public_officials"]
        ),
        "fr-students": make_offering(slug="fr-students", languages=["fr"], audiences=["students"]),
        "en-officials": make_offering(
            slug="en-officials", languages=["en"], audiences=["public_officials"]
        ),
    }


def test_a_ranking_is_kept_and_shared_by_everyone_who_sees_the_same_offerings(offerings):
    learner, visitor = UserFactory(role="learner"), Client()
    assert recommend(learner) == (["fr-officials", "fr-students", "en-officials"], True)
    assert recommend(learner) == (["fr-officials", "fr-students", "en-officials"], False)
    from django.contrib.auth.models import AnonymousUser

    assert recommend(AnonymousUser())[1] is False  # the public sees the same offerings
    # The secretariat sees every offering: its own ranking.
    assert recommend(editor())[1] is True
    # Another question is another ranking.
    assert recommend(learner, region="African")[1] is True
    assert visitor.get("/en/capacity/").status_code == 200


def test_a_new_or_changed_offering_is_recommended_on_the_next_view(offerings):
    learner = UserFactory(role="learner")
    recommend(learner)
    node = make_node(region="African")
    make_offering(
        slug="fr-officials-hub", languages=["fr"], audiences=["public_officials"], node=node
    )
    assert recommend(learner, region="African")[0][0] == "fr-officials-hub"
    assert recommend(learner)[0] == [
        "fr-officials",
        "fr-officials-hub",
        "fr-students",
        "en-officials",
    ]
    services.offering_update(actor=editor(), offering=offerings["fr-officials"], languages=["ru"])
    assert recommend(learner) == (
        ["fr-officials-hub", "fr-students", "en-officials", "fr-officials"],
        True,
    )
    # A node's region is part of its offerings' scores.
    assert recommend(learner, region="WEOG")[0][0] == "fr-officials-hub"
    services.node_update(actor=editor(), node=node, region="WEOG")
    with_weog = recommend(learner, region="WEOG")
    assert with_weog[1] is True and with_weog[0][0] == "fr-officials-hub"
    assert recommend(learner, region="African")[0][0] == "fr-officials-hub"


def test_a_hidden_offering_is_shown_only_to_those_who_may_see_it(offerings):
    operator, learner = UserFactory(role="node_operator"), UserFactory(role="learner")
    node = make_node(operators=[operator])
    draft = make_offering(
        slug="fr-draft",
        languages=["fr"],
        audiences=["public_officials"],
        node=node,
        is_published=False,
    )
    assert recommend(operator)[0][:2] == ["fr-draft", "fr-officials"]
    assert "fr-draft" not in recommend(learner)[0]
    operator_page, public_page = Client(), Client()
    operator_page.force_login(operator)
    query = {"language": "fr", "audience": "public_officials"}
    assert "/en/capacity/offerings/fr-draft/" in operator_page.get("/en/capacity/", query).text
    for _view in range(2):  # ranked, then kept
        assert "fr-draft" not in public_page.get("/en/capacity/", query).text
    services.offering_update(actor=operator, offering=draft, is_published=True)
    assert "/en/capacity/offerings/fr-draft/" in public_page.get("/en/capacity/", query).text
    services.offering_update(actor=operator, offering=draft, is_published=False)
    assert "fr-draft" not in public_page.get("/en/capacity/", query).text
    assert "fr-draft" not in recommend(learner)[0]


def test_an_offering_deleted_behind_the_services_back_is_replaced_not_shown(offerings):
    learner = UserFactory(role="learner")
    recommend(learner)
    Offering.objects.filter(slug="fr-officials").delete()  # no service: the stamp stays
    assert recommend(learner) == (["fr-students", "en-officials"], True)


def test_an_offering_that_has_started_leaves_the_recommendations(offerings):
    learner = UserFactory(role="learner")
    make_offering(
        slug="fr-officials-soon", languages=["fr"], audiences=["public_officials"], starts_at=SOON
    )
    # (Offerings without a start sort first on SQLite, last on PostgreSQL.)
    assert set(recommend(learner)[0][:2]) == {"fr-officials-soon", "fr-officials"}
    assert recommend(learner)[1] is False
    after = SOON + datetime.timedelta(minutes=1)
    assert recommend(learner, now=after) == (["fr-officials", "fr-students", "en-officials"], True)


def test_the_catalogue_page_reads_kept_recommendations(offerings):
    learner = UserFactory(role="learner")
    signed_in, public = Client(), Client()
    signed_in.force_login(learner)
    for client in (public, signed_in):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/fr/capacity/", {"language": "fr", "audience": "public_officials"})
        assert page.status_code == 200
        assert 'id="recommended-heading"' in page.text
        assert "/fr/capacity/offerings/fr-officials/" in page.text
        ranked = any("CASE WHEN" in query["sql"] for query in queries.captured_queries)
        assert ranked is (client is public)  # the learner reads what the public's view kept


def test_the_quick_select_writes_what_djangos_select_writes():
    import re

    from django import forms

    from aigov.capacity.forms import CatalogueFilterForm, QuickSelect

    form = CatalogueFilterForm({"language": "fr", "kind": "webinar", "provider": ""})
    assert form.is_valid(), form.errors
    for name in ("language", "kind", "audience", "topic", "provider", "region"):
        field = form[name]
        assert isinstance(field.field.widget, QuickSelect)
        ours = str(field)
        plain = forms.Select(choices=field.field.widget.choices)
        theirs = plain.render(field.html_name, field.value(), attrs={"id": field.auto_id})
        assert re.sub(r">\s+<", "><", theirs).strip() == ours, name
    assert '<option value="fr" selected>' in str(form["language"])
    grouped = QuickSelect(choices=[("A & B", [("a", "<a>"), ("b", "B")]), ("c", "C")])
    expected = forms.Select(choices=grouped.choices).render("x", "b")
    assert re.sub(r">\s+<", "><", expected).strip() == grouped.render("x", "b")

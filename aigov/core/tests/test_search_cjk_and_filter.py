"""CJK bigrams in the index, the permission condition compiled per search, and snippets that
find Latin words next to CJK characters (issue 19, item 5: search at a million records)."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation

from aigov.accounts import services
from aigov.accounts.models import RoleAssignment, User
from aigov.accounts.services import system_actor
from aigov.core.models import SearchEntry
from aigov.core.search import index, query
from aigov.core.search.normalise import index_text, normalise, query_terms, with_bigrams
from aigov.core.search.registry import searchable_types
from aigov.core.search.snippet import snippet
from aigov.taxonomy.models import RiskArea, RiskDomain

pytestmark = pytest.mark.django_db

TITLE = "在东非推广人工智能教育的麒麟计划旨在为青年培养数字技能"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _search(text: str, actor=None, **options):
    options.setdefault("limit", 20)
    options.setdefault("offset", 0)
    return query.search(actor=actor or AnonymousUser(), text=text, **options)


# --- bigrams


def test_the_index_stores_the_bigrams_of_cjk_runs_after_the_characters():
    assert index_text("肯尼亚 Kenya") == "肯 尼 亚 kenya 肯尼 尼亚"
    # Runs are the CJK tokens next to each other: a Latin word between ends a run.
    assert index_text("中国 AI 政策") == "中 国 ai 政 策 中国 政策"
    assert index_text("Kenya") == normalise("Kenya") == "kenya"
    assert with_bigrams(normalise("肯尼亚 Kenya")) == index_text("肯尼亚 Kenya")


def test_a_two_character_word_is_its_bigram_and_a_longer_one_also_needs_its_phrase():
    two, three, mixed = query_terms("麒麟 肯尼亚 中国ai")
    assert two.is_bigram and two.bigrams == ["麒麟"]
    assert not three.is_bigram and three.bigrams == ["肯尼", "尼亚"]
    assert mixed.bigrams == ["中国"] and mixed.is_prefix
    assert query.fts5_expression([two]) == '"麒麟"'
    assert query.fts5_expression([three]) == '"肯尼" AND "尼亚" AND "肯 尼 亚"'
    assert query.tsquery_expression([two], weight="A") == "'麒麟':A"
    assert query.tsquery_expression([mixed]) == "'中国' & ('中' <-> '国' <-> 'ai':*)"


@pytest.fixture
def risk_area():
    area = RiskArea.objects.create(
        slug="test-cjk-bigrams",
        domain=RiskDomain.objects.first(),
        names={"en": "Test risk area", "zh-hans": TITLE},
        confidence="high",
    )
    index.refresh(area)
    return area


@pytest.mark.usefixtures("risk_area")
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("麒麟", True),  # a two-character word inside the title: one bigram token
        ("人工智能", True),  # four characters: three bigrams and the phrase
        ("麟", True),  # one character still finds it
        ("麒计", False),  # two characters of the title that are not next to each other
        ("麟麒", False),  # the right characters in the wrong order
        ("智能教育的麒", True),
        ("智能 麒麟", True),  # two words, both in the title
    ],
)
def test_a_chinese_word_is_found_inside_a_title_and_only_where_its_characters_touch(text, found):
    url = "/en/taxonomy/risks/#test-cjk-bigrams"
    assert (url in [hit.url for hit in _search(text, limit=100).items]) is found
    # The page holding every word in its titles is ranked as the plain full ranking says.
    where = query.visibility_where(actor=AnonymousUser(), searchables=searchable_types())
    entry = SearchEntry.objects.get(record_type="taxonomy.risk_area", object_id=url.split("#")[1])
    ranked = query.full_ranking(query_terms(text), where)
    assert (entry.pk in ranked) is found


def test_the_migration_adds_the_same_bigrams_as_the_index(risk_area):
    migration = importlib.import_module("aigov.core.migrations.0007_search_cjk_bigrams")
    entry = SearchEntry.objects.get(record_type="taxonomy.risk_area", object_id=risk_area.slug)
    # Undo the bigrams, as an entry indexed before this migration holds its text.
    plain_title = " ".join(t for t in entry.title_text.split() if len(t) == 1 or t.isascii())
    plain_text = " ".join(t for t in entry.search_text.split() if len(t) == 1 or t.isascii())
    SearchEntry.objects.filter(pk=entry.pk).update(title_text=plain_title, search_text=plain_text)
    assert _search("麒麟").count == 0

    from django.apps import apps
    from django.db import connection

    migration.add_bigrams(apps, connection.schema_editor())
    entry.refresh_from_db()
    assert SearchEntry.objects.get(pk=entry.pk).title_text == entry.title_text
    index.refresh(risk_area)  # what the index module writes: the same text
    assert SearchEntry.objects.get(pk=entry.pk).search_text == entry.search_text
    assert _search("麒麟").count == 1


# --- snippets


def test_snippets_mark_latin_words_next_to_cjk_characters_and_keep_words_whole():
    def marked(text: str, candidate: str) -> str:
        return snippet(terms=query_terms(text), candidates=[candidate])

    assert marked("ken", "肯尼亚Kenya kenyan token") == (
        "肯尼亚<mark>Kenya</mark> <mark>kenyan</mark> token"
    )
    assert marked("3.4", "版本3中4与3.4") == "版本3中4与<mark>3.4</mark>"
    assert marked("中国ai 政策", "在中国AI政策") == "在<mark>中国AI</mark><mark>政策</mark>"
    assert marked("e-mail", "Send an E-Mail, email") == "Send an <mark>E-Mail</mark>, email"


# --- the permission condition


def _people():
    def person(email: str, name: str, role: str):
        user = services.user_create(actor=system_actor(), email=email, display_name=name, role=role)
        index.refresh(user)
        return user

    return (
        person("zqlearner@example.org", "Zqperson Learner", "learner"),
        person("zqother@example.org", "Zqperson Other", "learner"),
        person("zqsecretariat@example.org", "Zqperson Secretariat", "secretariat"),
    )


def test_the_compiled_condition_is_the_visible_entries_queryset():
    learner, _other, secretariat = _people()
    for actor in [AnonymousUser(), learner, secretariat]:
        where_sql, params = query.visibility_where(actor=actor, searchables=searchable_types())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM core_searchentry WHERE {where_sql}", params)  # noqa: S608
            compiled = {key for (key,) in cursor.fetchall()}
        expected = set(
            query.visible_entries(actor=actor, searchables=searchable_types()).values_list(
                "pk", flat=True
            )
        )
        assert compiled == expected and compiled


def test_each_actor_sees_their_own_and_a_role_change_applies_at_once():
    learner, other, secretariat = _people()
    assert [hit.title for hit in _search("zqperson", learner).items] == ["Zqperson Learner"]
    assert [hit.title for hit in _search("zqperson", other).items] == ["Zqperson Other"]
    assert _search("zqperson").count == 0
    assert _search("zqperson", secretariat).count == 3
    # The learner becomes secretariat: the next search sees everyone; back, and it does not.
    services.role_assign(actor=system_actor(), user=learner, role="secretariat")
    learner = User.objects.get(pk=learner.pk)  # a new request's user
    assert _search("zqperson", learner).count == 3
    RoleAssignment.objects.filter(user=learner, role="secretariat").delete()
    learner = User.objects.get(pk=learner.pk)
    assert [hit.title for hit in _search("zqperson", learner).items] == ["Zqperson Learner"]
    # A deactivated account finds nothing hidden, not even itself.
    User.objects.filter(pk=other.pk).update(is_active=False)
    assert _search("zqperson", User.objects.get(pk=other.pk)).count == 0

"""Every page, in each of the six languages, names fixed vocabularies in words: no stored code
("screen_reader, low_bandwidth", "ethics-human-rights"), no developer note ("as first loaded from
standards.csv", "Source: S2"), and the names of topics, risk areas, initiatives and node
services in the reader's language rather than in English (issue 18, item 5).

The pages are those of the browser test of every page (site_pages.py), visited by a member of
the secretariat over the demonstration data.
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.utils import translation

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.models import Accessibility, Audience, Contribution, NodeService
from aigov.core.demo import demo_load
from aigov.core.tests.browser.site_pages import RECORDS, page_paths
from aigov.landscape.models import Initiative
from aigov.taxonomy.models import RiskArea, Topic

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ar", "zh-hans", "fr", "ru", "es"]
TRANSLATED = LANGUAGES[1:]
# Pages whose business is codes: the import page documents the file's columns, the form
# builder takes XLSForm syntax, the raw responses are the survey's data as coded (as the CSV
# export is). The audit log's field names are item 11 of issue 18.
CODE_PAGES = {
    "capacity:offering-import",
    "panel:survey-build",
    "panel:survey-responses",
    "core:audit-log",
}
DEVELOPER_NOTES = re.compile(
    r"\.csv\b|data/reference|\bS\d \(pub|first loaded from|hdx-python|country_converter"
    r"|NOT verified|check before use|issue \d+ of the aigov tracker"
)
SEPARATORS = re.compile(r"\s*[,،、;·]\s*")


class _VisibleText(HTMLParser):
    """The text a reader meets: text nodes (scripts and styles left out) and the attributes
    screen readers and tooltips read."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        self.texts += [v for k, v in attrs if k in {"title", "aria-label", "alt"} and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _stored_codes() -> tuple[set[str], set[str]]:
    """Return the choice values whose label differs from them, and the topic slugs."""
    codes: set[str] = set()
    for choices in (NodeService, Contribution, Accessibility, Audience):
        codes |= {str(value) for value in choices.values}
    for model in apps.get_models():
        if model.__module__.startswith("aigov."):
            for field in model._meta.fields:
                codes |= {
                    value
                    for value, label in field.choices or []
                    if isinstance(value, str) and str(label) != value
                }
    return codes, set(Topic.objects.values_list("slug", flat=True))


def _raw(text: str, codes: set[str], slugs: set[str], language: str) -> bool:
    """Whether a text node is stored codes shown as they are: a list of two or more codes, or
    one code no word is spelt like (with "_", or a topic slug with "-")."""
    parts = [part.strip("()") for part in SEPARATORS.split(text) if part.strip("()")]
    if not parts:
        return False
    # English topic names are often their slug ("governance"): only other languages tell.
    known = codes | (slugs if language != "en" else {s for s in slugs if "-" in s})
    if not all(part in known for part in parts):
        return False
    return len(parts) > 1 or "_" in parts[0] or (parts[0] in slugs and "-" in parts[0])


@pytest.fixture
def secretariat_pages() -> tuple[object, dict[str, str]]:
    """The demonstration data, a secretariat member (with TOTP) and every page's path."""
    demo_load(actor=system_actor(Purpose.DEMO_DATA))
    reader = UserFactory(email="vocabulary-reader@example.org", role="secretariat")
    Authenticator.objects.create(user=reader, type=Authenticator.Type.TOTP, data={"secret": "x"})
    focal_point = UserFactory(
        email="vocabulary-focal@example.org", role="focal_point", role__country="KEN"
    )
    exec(f"FOCAL_POINT = {focal_point.email!r}\nREADER = {reader.email!r}\n" + RECORDS)  # noqa: S102
    return reader, page_paths(reader=reader.email)


def _pages(client, paths: dict[str, str], language: str) -> dict[str, list[str]]:
    texts = {}
    for name, path in paths.items():
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, f"/{language}{path} ({name})"
        if "html" in response.get("Content-Type", ""):
            parser = _VisibleText()
            parser.feed(response.content.decode())
            texts[name] = parser.texts
    return texts


def test_pages_name_vocabularies_in_the_readers_words(client, secretariat_pages) -> None:
    reader, paths = secretariat_pages
    client.force_login(reader)
    codes, slugs = _stored_codes()
    problems: list[str] = []
    by_language = {}
    for language in LANGUAGES:
        by_language[language] = texts = _pages(client, paths, language)
        for name, page in texts.items():
            if name in CODE_PAGES:
                continue
            problems += [
                f"/{language}{paths[name]} ({name}): {text[:80]!r}"
                for text in page
                if DEVELOPER_NOTES.search(text) or _raw(text, codes, slugs, language)
            ]
    assert not problems, f"{len(problems)} raw values or developer notes:\n" + "\n".join(problems)

    for language in TRANSLATED:
        pages = by_language[language]
        with translation.override(language):
            services = {str(label) for label in NodeService.labels}
        with translation.override("en"):
            english_services = {str(label) for label in NodeService.labels}
        assert not services & english_services, language
        assert services & set(pages["capacity:node-list"]) or any(
            service in text for text in pages["capacity:node-list"] for service in services
        ), f"{language}: node services are not named in {language}"
        topic_page = " ".join(pages["taxonomy:topic-list"])
        for topic in Topic.objects.all():
            assert topic.names[language] != topic.names["en"]
            assert topic.names[language] in topic_page, (language, topic.slug)
        risk_page = " ".join(pages["taxonomy:risk-list"])
        for area in RiskArea.objects.select_related("domain"):
            assert area.names[language] in risk_page, (language, area.slug)
            assert area.domain.names[language] in risk_page, (language, area.domain_id)
        matrix = " ".join(pages["landscape:representation"])
        for initiative in Initiative.objects.all():
            assert initiative.short_names[language] in matrix, (language, initiative.slug)

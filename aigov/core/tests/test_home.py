"""The home page: live findings from the modules' selectors, entry points, recent changes.

Everything on it is what the public may see, whoever reads it.
"""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors as capacity_selectors
from aigov.capacity.models import Offering
from aigov.capacity.tests.factories import make_course, make_node, make_offering
from aigov.core import findings
from aigov.core.findings import VISITOR, Audience
from aigov.dialogue.tests.factories import make_session
from aigov.landscape import home as landscape_home
from aigov.landscape import selectors as landscape_selectors
from aigov.panel.models import Report, ReportPublication, ReportVersion
from aigov.standards import selectors as standards_selectors
from aigov.standards.tests.factories import make_standard
from aigov.taxonomy.models import LifecycleStage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Read in English: a page requested in Arabic leaves Arabic active in the thread."""
    with translation.override("en"):
        yield


def _finding(name: str) -> findings.Finding:
    return next(found for found in findings.headlines(today=TODAY) if found.name == name)


def _main(client: Client, path: str = "/en/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _finding_text(html: str, name: str) -> str:
    """The sentence of one finding as the page shows it, tags removed."""
    block = re.search(rf'data-finding="{re.escape(name)}">\s*<p>(.*?)</p>', html, re.S)
    assert block, name
    return re.sub(r"<[^>]+>", "", block.group(1))


# --- Headline findings ------------------------------------------------------------------------


def test_member_states_in_no_initiative_are_the_representation_figure(client: Client):
    representation = landscape_selectors.representation(as_of=TODAY)
    finding = _finding("landscape.in_none")
    assert finding.figures == {
        "in_none": representation.in_none,
        "member_states": representation.member_states,
        "initiatives": len(representation.initiatives),
    }
    text = _finding_text(_main(client), "landscape.in_none")
    assert text == (
        f"{representation.in_none} of {representation.member_states} Member States take part "
        f"in none of the {len(representation.initiatives)} initiatives."
    )


def test_on_the_reference_data_118_of_193_member_states_take_part_in_none_of_seven():
    # The HLAB report's figure (Fig. 8), on the day the reference data describes.
    finding = landscape_home.left_out(actor=VISITOR, today=datetime.date(2024, 9, 1))
    assert finding.figures == {"in_none": 118, "member_states": 193, "initiatives": 7}
    # Nothing in the reference data changed since: the home page says the same today.
    assert _finding("landscape.in_none").figures == finding.figures


def _matrix_gaps() -> tuple[int, int]:
    coverage = standards_selectors.coverage_matrix(
        actor=VISITOR, rows="topic", cols="lifecycle_stage"
    )
    tagged = [cells for _row, cells in coverage.table() if any(c["total"] for c in cells)]
    return (
        sum(1 for cells in tagged for cell in cells if cell["total"] == 0),
        sum(len(cells) for cells in tagged),
    )


def test_standards_gaps_are_the_gap_matrix_figure(client: Client):
    empty, pairs = _matrix_gaps()
    assert _finding("standards.gaps").figures == {"empty": empty, "pairs": pairs}
    assert 0 < empty < pairs
    assert _finding_text(_main(client), "standards.gaps").startswith(f"{empty} of {pairs} ")


def test_a_new_standard_in_an_empty_pair_closes_one_gap():
    coverage = standards_selectors.coverage_matrix(
        actor=VISITOR, rows="topic", cols="lifecycle_stage"
    )
    topic, stage_key = next(
        (row.slug, cell["col"].key)
        for row, cells in coverage.table()
        if any(c["total"] for c in cells)
        for cell in cells
        if cell["total"] == 0
    )
    before = _finding("standards.gaps").figures
    stage = LifecycleStage.objects.get(pk=stage_key)
    make_standard(tags={"topics": [topic], "lifecycle_stages": [stage]})
    after = _finding("standards.gaps").figures
    assert after == {"empty": before["empty"] - 1, "pairs": before["pairs"]}


def test_a_topic_no_standard_uses_is_not_counted_as_gaps():
    empty, pairs = _matrix_gaps()
    make_standard(status="withdrawn", tags={"topics": ["governance"]})  # counts nowhere
    assert _matrix_gaps() == (empty, pairs)
    assert _finding("standards.gaps").figures == {"empty": empty, "pairs": pairs}


def test_courses_open_count_what_a_learner_can_still_join(client: Client):
    now = timezone.now()
    before = _finding("capacity.courses_open").figures["count"]
    make_course()  # self-paced, no dates: open
    make_offering(starts_at=now + datetime.timedelta(days=3))  # a webinar to come
    make_offering(starts_at=now - datetime.timedelta(hours=1))  # under way: closed
    make_offering(kind=Offering.Kind.LIBRARY_RESOURCE)  # not a course
    make_course(is_published=False)  # hidden from the public
    make_offering(
        kind=Offering.Kind.SELF_PACED_COURSE,
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=1),
    )  # over
    count = _finding("capacity.courses_open").figures["count"]
    assert count == before + 2
    assert count == capacity_selectors.offering_open_list(actor=VISITOR, now=now).count()
    assert _finding_text(_main(client), "capacity.courses_open").startswith(f"{count} course")


def test_the_next_dialogue_session_is_named_with_its_date(client: Client):
    assert _finding("dialogue.next_session").figures == {}
    make_session(
        slug="past-session",
        starts_on=TODAY - datetime.timedelta(days=40),
        ends_on=TODAY - datetime.timedelta(days=39),
    )
    last = _finding("dialogue.next_session")
    assert last.message.startswith("No policy dialogue session is scheduled yet; the last one")
    assert str(last.figures["title"]) == "Policy dialogue on AI risks"
    for slug, title, starts_in in [("next", "Next dialogue", 20), ("later", "Later one", 120)]:
        make_session(
            slug=f"{slug}-session",
            titles={"en": title},
            starts_on=TODAY + datetime.timedelta(days=starts_in),
            ends_on=TODAY + datetime.timedelta(days=starts_in + 1),
            place="Nairobi",
        )
    finding = _finding("dialogue.next_session")
    assert str(finding.figures["title"]) == "Next dialogue"
    assert finding.url == reverse("dialogue:session-detail", args=["next-session"])
    text = _finding_text(_main(client), "dialogue.next_session")
    assert text.startswith("The next policy dialogue session, Next dialogue, opens on ")
    assert text.endswith(" in Nairobi.")

    make_session(
        slug="today-session",
        titles={"en": "Dialogue today"},
        starts_on=TODAY - datetime.timedelta(days=1),
        ends_on=TODAY + datetime.timedelta(days=1),
    )
    under_way = _finding("dialogue.next_session")
    assert str(under_way.figures["title"]) == "Dialogue today"
    assert "is under way" in under_way.message


def test_a_title_in_another_language_inside_a_finding_says_which(client: Client):
    make_session(
        slug="next-session",
        titles={"en": "Next dialogue"},
        starts_on=TODAY + datetime.timedelta(days=20),
        ends_on=TODAY + datetime.timedelta(days=21),
    )
    html = _main(client, "/ar/")
    assert '<strong><span lang="en" dir="ltr">Next dialogue</span></strong>' in html


def test_figures_are_emphasised_and_escaped():
    finding = findings.Finding(
        name="test",
        message="%(count)s records <b>about</b> %(title)s.",
        figures={"count": 12345, "title": "<script>"},
        url="/",
        link_text="Go",
    )
    assert str(finding.html()) == (
        '<strong class="figure">12,345</strong> records &lt;b&gt;about&lt;/b&gt; '
        "<strong>&lt;script&gt;</strong>."
    )


# --- Entry points -----------------------------------------------------------------------------


def test_every_audience_has_entry_links_that_open(client: Client):
    points = findings.entry_points()
    assert [point.audience for point in points] == list(Audience)
    html = _main(client)
    for point in points:
        assert len(point.links) >= 2, point.audience
        assert f'id="start-{point.audience}"' in html
        for _label, url in point.links:
            assert f'href="{url}"' in html
            response = client.get(url)
            # A page for signed-in users sends the visitor to sign in first.
            assert response.status_code in {200, 302}, url
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("account_login")), url


# --- Recent changes ---------------------------------------------------------------------------


def _published_report(slug: str, *, texts: dict) -> Report:
    now = timezone.now()
    report = Report.objects.create(slug=slug, kind="special", status="published", published_at=now)
    version = ReportVersion.objects.create(report=report, number=1, texts=texts)
    ReportPublication.objects.create(report=report, version=version, published_at=now)
    return report


def test_recent_changes_show_only_public_records_whoever_reads(client: Client):
    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    public = make_offering(titles={"en": "A public webinar"})
    hidden = make_offering(titles={"en": "An unpublished webinar"}, is_published=False, node=node)
    _published_report("published-report", texts={"en": {"title": "A published report"}})
    Report.objects.create(
        slug="draft-report", kind="special", status="draft", published_at=timezone.now()
    )
    titles = [change.title.text for change in findings.recent_changes(today=TODAY)]
    assert "A public webinar" in titles and "A published report" in titles
    assert "An unpublished webinar" not in titles and "draft-report" not in titles

    # The node's operator reads the unpublished offering on its own page; the home page still
    # shows what the public sees.
    client.force_login(operator)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    html = _main(client)
    assert public.get_absolute_url() in html and "A published report" in html
    assert hidden.get_absolute_url() not in html and "draft-report" not in html


def test_recent_changes_are_newest_first_and_no_module_fills_the_list():
    for number in range(6):
        make_offering(titles={"en": f"Webinar {number}"})
    changes = findings.recent_changes(today=TODAY)
    assert len(changes) <= findings.RECENT_SHOWN
    assert [change.on for change in changes] == sorted(
        (change.on for change in changes), reverse=True
    )
    offerings = [change for change in changes if "/capacity/" in change.url]
    assert len(offerings) == findings.RECENT_PER_MODULE
    # Real records of other modules are there too: standards published, initiatives joined.
    assert any("/standards/" in change.url for change in changes)
    assert any("/landscape/" in change.url for change in changes)


def test_a_title_in_another_language_says_which(client: Client):
    _published_report("rapport", texts={"fr": {"title": "Rapport sur les risques"}})
    html = _main(client)
    assert '<span lang="fr">Rapport sur les risques</span>' in html


def test_demonstration_records_are_marked_among_recent_changes(client: Client):
    make_offering(titles={"en": "Demo webinar"}, is_demo=True)
    html = _main(client)
    item = re.search(r"Demo webinar</a>(.*?)</li>", html, re.S)
    assert item and "Demonstration data" in item.group(1)


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_the_home_page_reads_the_database_a_bounded_number_of_times(
    client: Client, django_assert_max_num_queries, language: str
):
    with django_assert_max_num_queries(25):
        response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="finding"') == 5

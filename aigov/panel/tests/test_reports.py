"""Reports: versions, review, approval, publication as page and PDF with frozen figures."""

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.core.models import SearchEntry
from aigov.core.search.query import visible_entries
from aigov.core.search.registry import searchable_types
from aigov.core.tests.queries import own_queries
from aigov.panel import reports, roster, services
from aigov.panel.models import Report, ReportPdf, ReportVersion, Survey, WorkingGroup
from aigov.panel.tests.conftest import accepted_nomination, secretariat_user
from aigov.panel.tests.forms import responses_csv

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2099, 1, 1)
LATE_ROW = "9,FRA,FRA,female,academia,1,1,,"
TEXT = {
    "en": {
        "title": "Annual report on AI risks",
        "summary": "What the experts said.",
        "body": "# Findings\n\nExperts are concerned.\n\n[[figure 1]]\n\nMore text.",
    }
}


def panel_member(name: str = "Demo member") -> Any:
    """A signed-in expert appointed to the panel today."""
    nomination = accepted_nomination(name, "KEN")
    roster.appointment_create(
        actor=secretariat_user(),
        nomination=nomination,
        starts_on=START,
        ends_on=END,
        accept_imbalance=True,
    )
    return nomination.expert.user


@pytest.fixture
def published_survey(answered: Survey) -> Survey:
    return services.survey_set_status(actor=system_actor(), survey=answered, status="published")


@pytest.fixture
def group() -> Any:
    return reports.working_group_create(
        actor=secretariat_user(), slug="risks", names={"en": "Risks working group"}
    )


@pytest.fixture
def author(group: Any) -> Any:
    user = panel_member("Demo author")
    reports.working_group_set_members(
        actor=secretariat_user(), group=group, expert_ids=[user.panel_expert.pk]
    )
    return user


@pytest.fixture
def draft(author: Any, group: Any, published_survey: Survey) -> Report:
    return reports.report_create(
        actor=author,
        slug="annual-2026",
        kind="annual",
        original_language="en",
        texts=TEXT,
        embeds=[{"survey": "pulse", "kind": "item", "item": "q1", "by": "regional_group"}],
        working_group=group,
    )


def _publish(report: Report, django_capture_on_commit_callbacks: Any) -> Report:
    secretariat = secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_approve(actor=secretariat, report=report, number=1)
        reports.report_publish(actor=secretariat, report=report)
    report.refresh_from_db()
    return report


def test_versions_are_immutable_and_diffed(draft: Report, author: Any) -> None:
    first = draft.versions.get()
    changed = {"en": {**TEXT["en"], "body": TEXT["en"]["body"].replace("concerned", "worried")}}
    second = reports.report_save_version(
        actor=author, report=draft, texts=changed, embeds=first.embeds, note="wording"
    )
    assert second.number == 2
    first.refresh_from_db()
    assert "Experts are concerned." in first.texts["en"]["body"]
    lines = reports.version_diff(actor=author, report=draft, old=1, new=2, language="en")
    assert ("-", "Experts are concerned.") in lines
    assert ("+", "Experts are worried.") in lines
    assert (" ", "# Annual report on AI risks") in lines
    # a French text is added; English is carried over, and French falls back to nothing else
    reports.report_save_version(
        actor=author,
        report=draft,
        texts={"fr": {"title": "Rapport annuel", "summary": "", "body": "Texte."}},
        embeds=first.embeds,
    )
    latest = reports.latest_version(draft)
    assert latest is not None and set(latest.texts) == {"en", "fr"}


def test_bad_input_names_the_field_and_writes_nothing(
    draft: Report, author: Any, published_survey: Survey
) -> None:
    versions = ReportVersion.objects.count()
    cases = [
        ({"en": {"title": "", "body": "x"}}, [], "title"),
        ({"xx": {"title": "T", "body": "x"}}, [], "language"),
        (TEXT, [{"survey": "nope", "kind": "item", "item": "q1", "by": "all"}], "figures"),
        (TEXT, [{"survey": "pulse", "kind": "item", "item": "gender", "by": "all"}], "figures"),
        (TEXT, [{"survey": "pulse", "kind": "item", "item": "q1", "by": "age"}], "figures"),
        (TEXT, [], "body"),  # the body shows figure 1, which the draft no longer has
    ]
    for texts, embeds, field in cases:
        with pytest.raises(InvalidInput) as raised:
            reports.report_save_version(actor=author, report=draft, texts=texts, embeds=embeds)
        assert field in {error["field"] for error in raised.value.errors}, field
    assert ReportVersion.objects.count() == versions
    with pytest.raises(InvalidInput) as raised:
        reports.report_create(
            actor=author, slug="Bad Slug", kind="weekly", original_language="en", texts=TEXT
        )
    assert {e["field"] for e in raised.value.errors} >= {"slug", "kind"}
    assert Report.objects.count() == 1


def test_review_approval_and_who_may_do_what(draft: Report, author: Any) -> None:
    outsider = panel_member("Demo outsider")
    with pytest.raises(NotAllowed):
        reports.report_comment(actor=outsider, report=draft, body="Let me in")
    with pytest.raises(NotAllowed):
        reports.report_save_version(actor=outsider, report=draft, texts=TEXT, embeds=[])
    with pytest.raises(NotAllowed):
        reports.report_approve(actor=author, report=draft, number=1)
    with pytest.raises(NotAllowed):
        reports.report_create(
            actor=UserFactory(role="learner"),
            slug="x",
            kind="special",
            original_language="en",
            texts=TEXT,
        )
    comment = reports.report_comment(actor=author, report=draft, body="Add the method.")
    assert comment.version.number == 1
    with pytest.raises(InvalidInput):
        reports.report_comment(actor=author, report=draft, body="  ")
    secretariat = secretariat_user()
    with pytest.raises(InvalidState):
        reports.report_publish(actor=secretariat, report=draft)  # not approved yet
    reports.report_approve(actor=secretariat, report=draft, number=1)
    # saving again after approval sends the report back to draft
    version = draft.versions.get()
    reports.report_save_version(actor=author, report=draft, texts={}, embeds=version.embeds)
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT and draft.approved_version is None
    assert list(reports.comment_list(actor=outsider, report=draft)) == []
    assert list(reports.comment_list(actor=author, report=draft)) == [comment]


def test_publish_freezes_figures_renders_pdf_and_serves_page(
    client: Client,
    draft: Report,
    published_survey: Survey,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = _publish(draft, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.PUBLISHED
    assert ReportPdf.objects.filter(publication__report=report, language="en").exists()
    page = client.get("/en/panel/reports/annual-2026/").content.decode()
    assert "Annual report on AI risks" in page and "Experts are concerned." in page
    assert "Figures as they were when the report was published." in page
    assert "57% · 3.43 · n=7" in page  # q1, every respondent: 4 of 7 valid answers
    pdf = client.get("/en/panel/reports/annual-2026/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Annual report on AI risks" in text
    assert "Experts are concerned." in text

    # more responses arrive: the survey's own page changes, the published report does not
    services.survey_import_responses(
        actor=system_actor(),
        survey=published_survey,
        data=responses_csv(rows=[LATE_ROW]),
    )
    survey_page = client.get("/en/panel/surveys/pulse/").content.decode()
    # q1 with the late answer: mean 25/8 = 3.125, rounded half up as in the tables
    assert "50% · 3.13 · n=8" in survey_page
    again = client.get("/en/panel/reports/annual-2026/").content.decode()
    assert "57% · 3.43 · n=7" in again and "50% · 3.13 · n=8" not in again
    figures = client.get("/api/panel/reports/annual-2026").json()["figures"]
    assert figures[0]["is_frozen"] is True and figures[0]["figures"]["n"] == 7
    with pytest.raises(InvalidState):
        reports.report_save_version(actor=secretariat_user(), report=report, texts=TEXT, embeds=[])


def test_text_falls_back_to_the_original_language(
    client: Client, draft: Report, django_capture_on_commit_callbacks: Any
) -> None:
    _publish(draft, django_capture_on_commit_callbacks)
    page = client.get("/fr/panel/reports/annual-2026/").content.decode()
    assert "Annual report on AI risks" in page
    assert 'lang="en"' in page
    detail = client.get("/api/panel/reports/annual-2026").json()
    assert detail["languages"] == ["en"] and detail["original_language"] == "en"


def test_arabic_and_chinese_pdfs_render(
    client: Client, author: Any, draft: Report, django_capture_on_commit_callbacks: Any
) -> None:
    version = draft.versions.get()
    reports.report_save_version(
        actor=author,
        report=draft,
        texts={
            "ar": {"title": "التقرير السنوي", "summary": "", "body": "نص التقرير."},
            "zh-hans": {"title": "年度报告", "summary": "", "body": "专家的意见。"},
        },
        embeds=version.embeds,
    )
    secretariat = secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_approve(actor=secretariat, report=draft, number=2)
        reports.report_publish(actor=secretariat, report=draft)
    for language, title in (("ar", "التقرير السنوي"), ("zh-hans", "年度报告")):
        response = client.get(f"/{language}/panel/reports/annual-2026/pdf/")
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(response.content))
        fonts = {
            str(font["/BaseFont"])
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        }
        script_font = "Arabic" if language == "ar" else "CJK"
        assert any(script_font in font for font in fonts), fonts
        extracted = reader.pages[0].extract_text()
        if language == "zh-hans":
            assert title in extracted
        else:  # Arabic comes out shaped (presentation forms), so compare letters only
            assert "\u0627" in extracted or "\ufe8d" in extracted or "\ufe8e" in extracted


def test_a_draft_is_absent_for_whoever_may_not_see_it(
    client: Client, draft: Report, author: Any, django_capture_on_commit_callbacks: Any
) -> None:
    outsider = panel_member("Demo outsider")
    for actor in (outsider, UserFactory()):
        assert reports.report_list(actor=actor).count() == 0
        with pytest.raises(NotFound):
            reports.report_get(actor=actor, slug="annual-2026")
    searchables = {"panel.report": searchable_types()["panel.report"]}
    from aigov.core.search import index

    index.refresh(draft)
    assert SearchEntry.objects.filter(record_type="panel.report").count() == 1
    assert visible_entries(actor=outsider, searchables=searchables).count() == 0
    assert visible_entries(actor=author, searchables=searchables).count() == 1
    # pages and API: the outsider and an anonymous visitor get 404 and empty lists
    client.force_login(outsider)
    assert client.get("/en/panel/reports/annual-2026/").status_code == 404
    assert client.get("/en/panel/reports/annual-2026/pdf/").status_code == 404
    assert client.get("/api/panel/reports").json()["count"] == 0
    assert client.get("/api/panel/reports/annual-2026").status_code == 404
    assert "annual-2026" not in client.get("/en/panel/reports/").content.decode()
    found = client.get("/en/search/?q=annual")
    assert found.status_code == 200 and "annual-2026" not in found.content.decode()
    client.logout()
    assert client.get("/api/panel/reports").json()["count"] == 0
    assert client.get("/en/panel/reports/annual-2026/").status_code == 404
    # the author and the members of the working group see it
    client.force_login(author)
    assert client.get("/api/panel/reports").json()["items"][0]["status"] == "draft"
    assert "/panel/reports/annual-2026/" in client.get("/en/search/?q=annual").content.decode()
    page = client.get("/en/panel/reports/annual-2026/").content.decode()
    assert "Live figures" in page and "Save a new version" in page
    client.logout()
    _publish(draft, django_capture_on_commit_callbacks)
    listed = client.get("/api/panel/reports").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Annual report on AI risks"
    assert visible_entries(actor=outsider, searchables=searchables).count() == 1


def test_draft_pages_save_versions_and_refuse_bad_input(
    client: Client, draft: Report, author: Any
) -> None:
    client.force_login(author)
    form = {
        "language": "en",
        "title": "Annual report on AI risks",
        "summary": "",
        "body": "New text.\n\n[[figure 1]]",
        "figures": "pulse q1 gender",
        "note": "v2",
    }
    response = client.post("/en/panel/reports/annual-2026/edit/", form)
    assert response.status_code == 302
    assert draft.versions.count() == 2
    bad = client.post("/en/panel/reports/annual-2026/edit/", {**form, "figures": "pulse"})
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()
    bad = client.post("/en/panel/reports/annual-2026/edit/", {**form, "figures": "pulse q9"})
    assert bad.status_code == 400 and "q9 is not a five-point item" in bad.content.decode()
    assert draft.versions.count() == 2
    diff = client.get("/en/panel/reports/annual-2026/diff/?old=1&new=2").content.decode()
    assert "<ins>+ New text.</ins>" in diff
    assert "<del>\u2212 Experts are concerned.</del>" in diff
    new = client.post(
        "/en/panel/reports/new/",
        {**form, "slug": "digest-q1", "kind": "digest", "working_group": ""},
    )
    assert new.status_code == 302 and Report.objects.filter(slug="digest-q1").exists()
    grouped = client.post(
        "/en/panel/reports/new/",
        {**form, "slug": "digest-q2", "kind": "digest", "working_group": "risks"},
    )
    assert grouped.status_code == 302
    assert Report.objects.get(slug="digest-q2").working_group == draft.working_group
    unknown = client.post(
        "/en/panel/reports/new/",
        {**form, "slug": "digest-q3", "kind": "digest", "working_group": "no-such-group"},
    )
    assert unknown.status_code == 400 and not Report.objects.filter(slug="digest-q3").exists()


def test_publication_refuses_figures_of_unpublished_surveys(
    draft: Report, published_survey: Survey
) -> None:
    services.survey_set_status(actor=system_actor(), survey=published_survey, status="closed")
    secretariat = secretariat_user()
    reports.report_approve(actor=secretariat, report=draft, number=1)
    with pytest.raises(InvalidInput) as raised:
        reports.report_publish(actor=secretariat, report=draft)
    assert raised.value.errors[0]["field"] == "figures"
    draft.refresh_from_db()
    assert draft.status == Report.Status.APPROVED


def test_a_published_report_can_be_deleted_with_its_versions(
    draft: Report, django_capture_on_commit_callbacks: Any
) -> None:
    _publish(draft, django_capture_on_commit_callbacks)
    draft.delete()  # versions, publication and PDFs go with it; nothing protects them
    assert not ReportVersion.objects.exists() and not ReportPdf.objects.exists()


def test_report_list_api_makes_no_query_per_draft(
    client: Client, draft: Report, author: Any, group: Any
) -> None:
    client.force_login(author)
    embeds = draft.versions.get().embeds
    reports.report_save_version(actor=author, report=draft, texts=TEXT, embeds=embeds, note="v2")
    with CaptureQueriesContext(connection) as one:
        listed = client.get("/api/panel/reports").json()
    assert listed["items"][0]["version"] == 2
    for number in range(3):
        reports.report_create(
            actor=author,
            slug=f"special-{number}",
            kind="special",
            original_language="en",
            texts=TEXT,
            embeds=embeds,
            working_group=group,
        )
    with CaptureQueriesContext(connection) as four:
        listed = client.get("/api/panel/reports").json()
    assert listed["count"] == 4
    assert {item["title"] for item in listed["items"]} == {TEXT["en"]["title"]}
    assert len(own_queries(four)) == len(own_queries(one))


def test_a_working_group_name_over_its_length_is_refused_not_cut() -> None:
    with pytest.raises(InvalidInput) as refused:
        reports.working_group_create(
            actor=secretariat_user(), slug="long", names={"en": "x" * 201, "fr": "Groupe"}
        )
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [("name", "too_long")]
    assert not WorkingGroup.objects.filter(slug="long").exists()

"""Sessions run by the secretariat: segments, agenda items with links to policies, standards
and incidents, statements with documents, registrations and their regional balance, outcome."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.core.audit import LogEntry
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.core.tests.queries import own_queries
from aigov.dialogue import selectors, services
from aigov.dialogue.models import AgendaItem, Statement, StatementDocument
from aigov.dialogue.tests.factories import file_report, make_session, make_statement
from aigov.landscape import services as landscape_services
from aigov.panel import reports as panel_reports
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Other modules' records are made by the secretariat, as their own rules allow.
@pytest.fixture
def policy(people):
    return landscape_services.policy_save(
        actor=people["secretariat"],
        data={
            "slug": "ken-test-strategy",
            "jurisdiction": "KEN",
            "title": "Test national AI strategy",
            "kind": "strategy",
            "status": "adopted",
            "adopted_on": "2025-03-01",
            "sdgs": "",
            "risk_areas": "",
        },
    )


@pytest.fixture
def standard():
    return make_standard()


@pytest.fixture
def session(people):
    return make_session()


def _panel_report(people, slug: str, title: str, *, publish: bool):
    actor = people["secretariat"]
    report = panel_reports.report_create(
        actor=actor,
        slug=slug,
        kind="special",
        original_language="en",
        texts={"en": {"title": title, "summary": "", "body": "Text."}},
    )
    if publish:
        panel_reports.report_approve(actor=actor, report=report, number=1)
        panel_reports.report_publish(actor=actor, report=report)
        report.refresh_from_db()
    return report


@pytest.fixture
def published_report(people):
    return _panel_report(people, "special-published-2026", "Published special report", publish=True)


@pytest.fixture
def draft_report(people):
    return _panel_report(people, "special-draft-2026", "Draft special report", publish=False)


def _login(client: Client, user) -> Client:
    client.force_login(user)
    return client


# --- agenda and links --------------------------------------------------------------------------


def test_agenda_links_policies_standards_and_only_readable_incidents(
    client, people, session, policy, standard, bearer
):
    secret = file_report(
        actor=people["kenya"], title="Secret linked", confidentiality="secretariat"
    )
    public = file_report(actor=people["kenya"], title="Public linked")
    segment = services.segment_add(
        actor=people["secretariat"], session=session, kind="stakeholders", titles={"en": "Open"}
    )
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/agenda",
        {
            "titles": {"en": "Incidents and measures"},
            "segment": segment.pk,
            "incidents": [secret.incident_id, public.incident_id],
            "policies": [policy.slug],
            "standards": [standard.reference],
        },
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {r["title"] for r in body["incident_reports"]} == {"Secret linked", "Public linked"}
    assert [p["key"] for p in body["policies"]] == [policy.slug]
    assert [s["key"] for s in body["standards"]] == [standard.reference]

    for who in ("anonymous", "brazil"):
        viewer = Client()
        if who != "anonymous":
            viewer.force_login(people[who])
        agenda = viewer.get(f"/api/dialogue/sessions/{session.slug}/agenda").json()["items"]
        assert [r["title"] for r in agenda[0]["incident_reports"]] == ["Public linked"]
        assert agenda[0]["policies"][0]["key"] == policy.slug
        page = viewer.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
        assert "Public linked" in page and "Secret linked" not in page
        assert policy.get_absolute_url() in page and standard.reference in page
        detail = viewer.get(f"/api/dialogue/sessions/{session.slug}").json()
        assert "Secret linked" not in json.dumps(detail)
        assert detail["segments"][0]["kind"] == "stakeholders"


def test_agenda_refuses_unknown_links_and_incidents_hidden_from_the_actor(
    client, people, session, bearer
):
    hidden = file_report(actor=people["secretariat"], confidentiality="secretariat")
    count = AgendaItem.objects.count()
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/agenda",
        {"titles": {"en": "X"}, "policies": ["no-such-policy"], "standards": ["NOPE 1"]},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"policies", "standards"}
    assert "no-such-policy" in response.content.decode()
    # A focal point is not the secretariat: refused, and a hidden incident is not named.
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/agenda",
        {"titles": {"en": "X"}, "incidents": [hidden.incident_id]},
        content_type="application/json",
        **bearer(people["brazil"]),
    )
    assert response.status_code == 403
    assert "Secret" not in response.content.decode()
    assert AgendaItem.objects.count() == count


def test_agenda_links_panel_reports_and_shows_drafts_only_to_their_readers(
    client, people, session, published_report, draft_report, bearer
):
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/agenda",
        {"titles": {"en": "Panel findings"}, "reports": [draft_report.slug, published_report.slug]},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {r["key"] for r in body["reports"]} == {draft_report.slug, published_report.slug}
    assert {r["url"] for r in body["reports"]} == {
        draft_report.get_absolute_url(),
        published_report.get_absolute_url(),
    }
    item = AgendaItem.objects.get(pk=body["id"])
    assert set(item.reports.all()) == {draft_report, published_report}
    entry = LogEntry.objects.filter(additional_data__action="dialogue.agendaitem.create").get()
    assert set(entry.additional_data["reports"]) == {draft_report.slug, published_report.slug}

    for who in ("anonymous", "brazil"):
        viewer = Client()
        if who != "anonymous":
            viewer.force_login(people[who])
        agenda = viewer.get(f"/api/dialogue/sessions/{session.slug}/agenda").json()["items"]
        assert [r["key"] for r in agenda[0]["reports"]] == [published_report.slug]
        page = viewer.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
        assert published_report.get_absolute_url() in page
        assert draft_report.slug not in page
        detail = viewer.get(f"/api/dialogue/sessions/{session.slug}").content.decode()
        assert draft_report.slug not in detail
    # The secretariat, who may read the draft, sees both on the page.
    page = _login(Client(), people["secretariat"]).get(f"/en/dialogue/sessions/{session.slug}/")
    assert draft_report.slug in page.content.decode()


def test_agenda_refuses_unknown_panel_reports_and_drafts_hidden_from_the_actor(
    client, people, session, draft_report, bearer
):
    count = AgendaItem.objects.count()
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/agenda",
        {"titles": {"en": "X"}, "reports": ["no-such-report"]},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == ["reports"]
    assert "no-such-report" in errors[0]["message"]
    assert AgendaItem.objects.count() == count
    # A draft the actor may not read is refused exactly like a slug that does not exist.
    messages = []
    for slug in (draft_report.slug, "no-such-report"):
        with pytest.raises(InvalidInput) as refused:
            selectors.link_targets(actor=people["brazil"], reports=[slug])
        [error] = refused.value.errors
        assert error["field"] == "reports" and error["code"] == "unknown"
        assert "Draft special report" not in error["message"]
        messages.append(error["message"].replace(slug, "SLUG"))
    assert messages[0] == messages[1]
    assert selectors.link_targets(actor=people["secretariat"], reports=[draft_report.slug]).reports


def test_secretariat_links_panel_reports_from_the_agenda_item_page(
    people, session, published_report
):
    client = _login(Client(), people["secretariat"])
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/agenda/new/",
        {"position": 1, "title_en": "Panel findings", "reports": published_report.slug},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    item = session.agenda_items.get()
    assert list(item.reports.all()) == [published_report]
    edit = client.get(f"/en/dialogue/sessions/{session.slug}/agenda/{item.pk}/").content.decode()
    assert published_report.slug in edit
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/agenda/{item.pk}/",
        {"position": 1, "title_en": "Changed", "reports": "no-such-report"},
    )
    assert page.status_code == 400 and "no-such-report" in page.content.decode()
    item.refresh_from_db()
    assert item.titles["en"] == "Panel findings"
    assert list(item.reports.all()) == [published_report]


def test_secretariat_edits_agenda_and_outcome_from_pages(people, session, policy, standard):
    client = _login(Client(), people["secretariat"])
    public = file_report(actor=people["kenya"], title="Linked from the page")
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/segments/add/",
        {"kind": "member_states", "position": 1, "title_en": "States speak"},
    )
    assert page.status_code == 302
    segment = session.segments.get()
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/agenda/new/",
        {
            "position": 1,
            "segment": segment.pk,
            "title_en": "Measures that work",
            "title_ar": "تدابير ناجحة",
            "incidents": f"#{public.incident_id}",
            "policies": policy.slug,
            "standards": standard.reference,
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    item = session.agenda_items.get()
    assert item.titles == {"en": "Measures that work", "ar": "تدابير ناجحة"}
    assert list(item.policies.all()) == [policy] and list(item.standards.all()) == [standard]
    # A wrong reference is named on the form and nothing changes.
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/agenda/{item.pk}/",
        {"position": 2, "title_en": "Changed", "standards": "NOPE 9:2020"},
    )
    assert page.status_code == 400 and "NOPE 9:2020" in page.content.decode()
    item.refresh_from_db()
    assert item.titles["en"] == "Measures that work"
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/manage/",
        {
            "starts_on": "2026-07-06",
            "ends_on": "2026-07-08",
            "place": "Nairobi",
            "country": "KEN",
            "focus": "opportunities",
            "title_en": "Dialogue on opportunities",
            "outcome_en": "States agreed to share incident reports quarterly.",
        },
    )
    assert page.status_code == 302
    public_page = Client().get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert "States agreed to share incident reports quarterly." in public_page
    assert "Nairobi" in public_page and "Measures that work" in public_page
    assert LogEntry.objects.filter(additional_data__action="dialogue.session.update").exists()
    client.post(f"/en/dialogue/sessions/{session.slug}/agenda/{item.pk}/remove/")
    assert not session.agenda_items.exists()


def test_session_pages_of_the_secretariat_are_absent_for_others(people, session):
    for who in ("kenya", "learner"):
        client = _login(Client(), people[who])
        assert client.get(f"/en/dialogue/sessions/{session.slug}/manage/").status_code == 404
        assert client.get("/en/dialogue/sessions/new/").status_code == 404
        client.post(
            f"/en/dialogue/sessions/{session.slug}/segments/add/",
            {"kind": "member_states", "position": 1, "title_en": "Sneaky"},
        )
    assert not session.segments.exists()


def test_session_edit_api_validates_and_writes_nothing_on_error(client, people, session, bearer):
    response = client.patch(
        f"/api/dialogue/sessions/{session.slug}",
        {"ends_on": "2026-07-01", "outcome_summary": {"en": "Done"}},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ends_on"
    session.refresh_from_db()
    assert session.outcome_summary == {}
    response = client.patch(
        f"/api/dialogue/sessions/{session.slug}",
        {"outcome_summary": {"en": "Done", "fr": "Fait"}},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 200
    assert client.get(f"/api/dialogue/sessions/{session.slug}").json()["outcome_summary"] == {
        "en": "Done",
        "fr": "Fait",
    }
    forbidden = client.patch(
        f"/api/dialogue/sessions/{session.slug}",
        {"place": "Elsewhere"},
        content_type="application/json",
        **bearer(people["kenya"]),
    )
    assert forbidden.status_code == 403


# --- registrations and the regional balance ----------------------------------------------------


def test_registrations_by_permission_and_balance_by_regional_group(client, people, session, bearer):
    services.registration_create(
        actor=people["kenya"], session=session, role="member_state", country="KEN"
    )
    services.registration_create(
        actor=people["brazil"], session=session, role="member_state", country="BRA"
    )
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/registrations",
        {"role": "stakeholder", "country": "UGA"},
        content_type="application/json",
        **bearer(people["learner"]),
    )
    assert response.status_code == 201
    all_rows = client.get(
        f"/api/dialogue/sessions/{session.slug}/registrations", **bearer(people["secretariat"])
    ).json()
    assert all_rows["count"] == 3 and len(all_rows["items"]) == 3
    own = client.get(
        f"/api/dialogue/sessions/{session.slug}/registrations", **bearer(people["kenya"])
    ).json()
    assert [row["country"] for row in own["items"]] == ["KEN"]
    assert client.get(f"/api/dialogue/sessions/{session.slug}/registrations").status_code == 401
    balance = client.get(f"/api/dialogue/sessions/{session.slug}/balance").json()
    groups = {row["key"]: row["count"] for row in balance["by_regional_group"]}
    assert balance["total"] == 3
    assert groups["African"] == 2 and groups["GRULAC"] == 1
    page = client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert "<svg" in page and "Registrations by UN regional group" in page
    assert people["kenya"].get_username() not in page


# --- statements and documents --------------------------------------------------------------------


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _kenya_statement(people, session, title: str = "Statement", texts=None) -> Statement:
    return make_statement(
        actor=people["kenya"],
        session=session,
        titles={"en": title},
        texts=texts if texts is not None else {"en": "Text"},
    )


def test_stakeholder_statement_and_its_document_stay_hidden_until_published(
    people, session, _media
):
    learner = _login(Client(), people["learner"])
    page = learner.post(
        f"/en/dialogue/sessions/{session.slug}/statements/new/",
        {
            "kind": "submission",
            "speaker": "Civil society network",
            "language": "fr",
            "title": "Contribution écrite",
            "text": "",
            "document": _upload("contribution.pdf", PDF),
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    statement = Statement.objects.get()
    assert statement.status == "submitted"
    document = statement.documents.get()
    assert document.language == "fr" and document.content_type == "application/pdf"
    assert (_media / document.stored_name).exists()
    url = f"/en/dialogue/documents/{document.pk}/"
    api_url = f"/api/dialogue/documents/{document.pk}"

    assert learner.get(url).status_code == 200
    assert b"".join(learner.get(url).streaming_content) == PDF
    for who in ("anonymous", "kenya"):
        other = Client()
        if who != "anonymous":
            other.force_login(people[who])
        assert other.get(url).status_code == 404
        assert other.get(api_url).status_code == 404
        page = other.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
        assert "Contribution écrite" not in page
        statements = other.get(f"/api/dialogue/sessions/{session.slug}/statements").json()
        assert statements == {"count": 0, "items": []}

    secretariat = _login(Client(), people["secretariat"])
    assert secretariat.post(f"/en/dialogue/statements/{statement.pk}/publish/").status_code == 302
    visitor = Client()
    assert visitor.get(url).status_code == 200
    assert visitor.get(url)["Content-Disposition"].startswith("attachment")
    statements = visitor.get(f"/api/dialogue/sessions/{session.slug}/statements").json()
    assert statements["items"][0]["documents"][0]["language"] == "fr"
    assert (
        "Contribution écrite"
        in visitor.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    )


def test_focal_point_statement_is_published_at_once_with_documents_in_several_languages(
    client, people, session, bearer
):
    response = client.post(
        f"/api/dialogue/sessions/{session.slug}/statements",
        {"kind": "statement", "speaker": "Kenya", "titles": {"en": "Statement by Kenya"}},
        content_type="application/json",
        **bearer(people["kenya"]),
    )
    assert response.status_code == 201 and response.json()["status"] == "published"
    statement_id = response.json()["id"]
    for language, name, content in (
        ("en", "statement.docx", _docx()),
        ("fr", "declaration.odt", _odt()),
        ("zh-hans", "声明.txt", "肯尼亚的声明".encode()),
    ):
        upload = client.post(
            f"/api/dialogue/statements/{statement_id}/documents",
            {"language": language, "file": _upload(name, content)},
            **bearer(people["kenya"]),
        )
        assert upload.status_code == 201, upload.content
    documents = client.get(f"/api/dialogue/sessions/{session.slug}/statements").json()["items"][0][
        "documents"
    ]
    assert {d["language"] for d in documents} == {"en", "fr", "zh-hans"}
    # Another file in English replaces the English one (one file per language).
    replace = client.post(
        f"/api/dialogue/statements/{statement_id}/documents",
        {"language": "en", "file": _upload("statement.pdf", PDF)},
        **bearer(people["kenya"]),
    )
    assert replace.status_code == 201
    assert StatementDocument.objects.filter(language="en").get().content_type == "application/pdf"
    # Someone else cannot attach to Kenya's statement.
    refused = client.post(
        f"/api/dialogue/statements/{statement_id}/documents",
        {"language": "es", "file": _upload("x.pdf", PDF)},
        **bearer(people["brazil"]),
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "unsupported_type"),
        ("renamed.pdf", b"MZ\x90\x00binary\x00", "content_mismatch"),
        ("fake.docx", PDF, "content_mismatch"),
        ("latin1.txt", "déclaration".encode("latin-1"), "content_mismatch"),
        ("empty.pdf", b"", "empty"),
        # Refused, not cut to 200 characters (which made it "....pd", an unknown type).
        ("n" * 197 + ".pdf", PDF, "name_too_long"),
    ],
)
def test_documents_of_the_wrong_type_are_refused_and_nothing_is_stored(
    people, session, _media, name, content, code
):
    statement = _kenya_statement(people, session)
    with pytest.raises(InvalidInput) as refused:
        services.statement_document_attach(
            actor=people["kenya"], statement=statement, language="en", upload=_upload(name, content)
        )
    assert refused.value.errors[0]["field"] == "file"
    assert refused.value.errors[0]["code"] == code
    assert name in refused.value.errors[0]["message"] or code in {"empty", "name_too_long"}
    assert not StatementDocument.objects.exists()
    assert not (_media / "dialogue").exists() or not any((_media / "dialogue").rglob("*.*"))


def test_documents_over_the_size_limit_are_refused(people, session, monkeypatch):
    from aigov.dialogue import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024)
    statement = _kenya_statement(people, session)
    with pytest.raises(InvalidInput) as refused:
        services.statement_document_attach(
            actor=people["kenya"],
            statement=statement,
            language="en",
            upload=_upload("big.pdf", PDF + b"0" * 2048),
        )
    assert refused.value.errors[0]["code"] == "too_large"
    # The page shows the error by the form field and keeps nothing.
    client = _login(Client(), people["kenya"])
    page = client.post(
        f"/en/dialogue/sessions/{session.slug}/statements/new/",
        {
            "kind": "statement",
            "speaker": "Kenya",
            "language": "en",
            "title": "With a big file",
            "document": _upload("big.pdf", PDF + b"0" * 2048),
        },
    )
    assert page.status_code == 400
    assert "big.pdf is 1 MB; a document may be at most 0 MB." in page.content.decode()
    assert not Statement.objects.filter(titles__en="With a big file").exists()


def test_removing_a_statement_removes_its_files(
    people, session, _media, django_capture_on_commit_callbacks
):
    statement = _kenya_statement(people, session)
    document = services.statement_document_attach(
        actor=people["kenya"], statement=statement, language="en", upload=_upload("s.pdf", PDF)
    )
    path = _media / document.stored_name
    assert path.exists()
    with pytest.raises(NotAllowed):
        services.statement_remove(actor=people["brazil"], statement=statement)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_remove(actor=people["kenya"], statement=statement)
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert not path.exists()
    assert LogEntry.objects.filter(additional_data__action="dialogue.statement.delete").exists()


def test_session_detail_api_holds_everything(client, people, session):
    services.segment_add(
        actor=system_actor(), session=session, kind="member_states", titles={"en": "States"}
    )
    services.agenda_item_add(actor=system_actor(), session=session, titles={"en": "Opening"})
    make_statement(actor=people["kenya"], session=session)
    services.session_update(
        actor=system_actor(), session=session, changes={"outcome_summary": {"en": "Agreed."}}
    )
    body = client.get(f"/api/dialogue/sessions/{session.slug}").json()
    assert body["segments"][0]["title"] == "States"
    assert body["agenda"][0]["title"] == "Opening"
    assert body["statements"][0]["title"] == "Kenya speaks"
    assert body["outcome_summary"] == {"en": "Agreed."}
    assert body["balance"]["total"] == 0
    assert selectors.session_get(actor=people["anonymous"], slug=session.slug).place == "Geneva"
    assert datetime.date(2026, 7, 6) == session.starts_on


def test_session_page_and_api_queries_do_not_grow_with_the_agenda(
    client, people, session, policy, standard, published_report, draft_report
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(number: int) -> None:
        report = file_report(actor=people["kenya"], title=f"Linked {number}")
        services.agenda_item_add(
            actor=system_actor(),
            session=session,
            titles={"en": f"Item {number}"},
            incidents=[report.incident],
            policies=[policy],
            standards=[standard],
            reports=[published_report, draft_report],
        )
        statement = _kenya_statement(people, session, f"Statement {number}")
        services.statement_document_attach(
            actor=people["kenya"], statement=statement, language="en", upload=_upload("s.pdf", PDF)
        )

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(own_queries(queries))

    add(1)
    page, api = (
        count(f"/en/dialogue/sessions/{session.slug}/"),
        count(f"/api/dialogue/sessions/{session.slug}"),
    )
    for number in range(2, 6):
        add(number)
    assert count(f"/en/dialogue/sessions/{session.slug}/") == page
    assert count(f"/api/dialogue/sessions/{session.slug}") == api


def test_translated_texts_are_checked_per_language_and_never_cut(people, session):
    """Titles, texts, descriptions and outcome summaries take the six languages, each text up
    to its field's length; anything else is refused naming the field, and nothing changes."""
    secretariat = people["secretariat"]
    long_summary = {"en": "x" * 50_001}
    with pytest.raises(InvalidInput) as refused:
        services.session_update_outcome(
            actor=secretariat, session=session, outcome_summary=long_summary
        )
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [
        ("outcome_summary", "too_long")
    ]
    with pytest.raises(InvalidInput) as refused:
        _kenya_statement(people, session, texts={"de": "Kenia spricht."})
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [
        ("texts", "unknown_language")
    ]
    with pytest.raises(InvalidInput) as refused:
        services.agenda_item_add(
            actor=secretariat,
            session=session,
            titles={"en": "Opening"},
            descriptions={"fr": "y" * 50_001},
        )
    assert refused.value.errors[0]["field"] == "descriptions"
    assert "fr" in refused.value.errors[0]["message"]
    session.refresh_from_db()
    assert session.outcome_summary == {}
    assert not Statement.objects.exists() and not session.agenda_items.exists()
    # Language codes are normalised and empty texts left out.
    item = services.agenda_item_add(
        actor=secretariat, session=session, titles={"zh-Hans": " 开幕 ", "ar": "  "}
    )
    assert item.titles == {"zh-hans": "开幕"}

import csv
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.core.search import index as search_index
from aigov.core.tests.queries import own_queries
from aigov.standards import services
from aigov.standards.models import AssessmentTool, Standard

pytestmark = pytest.mark.django_db


def _tool(**overrides):
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    values = {
        "slug": "test-checklist",
        "name": "Test management-system checklist",
        "provider": "Test provider",
        "kind": AssessmentTool.Kind.CHECKLIST,
        "languages": ["en", "fr"],
        "licence": "CC BY 4.0",
        "summaries": {"en": "Questions that walk through each clause."},
        "standards": [standard],
    }
    values.update(overrides)
    return services.assessment_tool_register(actor=system_actor(), **values)


def test_the_register_starts_empty_and_the_secretariat_adds(client):
    assert (
        "No self-assessment tool has been registered yet."
        in client.get("/en/standards/tools/").content.decode()
    )
    secretariat = UserFactory(role=Role.SECRETARIAT)
    tool = services.assessment_tool_register(
        actor=secretariat,
        slug="s-tool",
        name="Secretariat tool",
        provider="UN",
        kind=AssessmentTool.Kind.SOFTWARE,
    )
    assert tool.pk and not tool.is_demo
    with pytest.raises(NotAllowed):
        services.assessment_tool_register(
            actor=UserFactory(role=Role.EXPERT),
            slug="x",
            name="x",
            provider="x",
            kind=AssessmentTool.Kind.SOFTWARE,
        )


def test_bad_input_names_the_field_and_writes_nothing():
    with pytest.raises(InvalidInput) as bad_language:
        _tool(languages=["en", "xx-nowhere"])
    assert bad_language.value.errors[0]["field"] == "languages"
    with pytest.raises(ValidationError) as bad_kind:
        _tool(kind="spreadsheet")
    assert "kind" in bad_kind.value.message_dict
    assert not AssessmentTool.objects.exists()


def test_pages_api_and_standard_page_show_the_tool(client):
    tool = _tool()
    standard = tool.standards.get()
    listing = client.get("/en/standards/tools/", {"kind": "checklist"}).content.decode()
    assert tool.name in listing
    assert (
        tool.name not in client.get("/en/standards/tools/", {"kind": "software"}).content.decode()
    )
    assert tool.name in client.get("/en/standards/tools/", {"language": "fr"}).content.decode()
    assert tool.name not in client.get("/en/standards/tools/", {"language": "ar"}).content.decode()
    detail = client.get(f"/en/standards/tools/{tool.slug}/").content.decode()
    assert standard.reference in detail and "CC BY 4.0" in detail
    assert client.get("/en/standards/tools/missing/").status_code == 404
    assert tool.name in client.get(f"/en/standards/{standard.pk}/").content.decode()
    data = client.get("/api/standards/tools", {"standard": standard.pk}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["standards"] == [{"id": standard.pk, "reference": standard.reference}]
    assert item["languages"] == ["en", "fr"] and item["kind"] == "checklist"
    assert client.get("/api/standards/tools", {"kind": "software"}).json()["count"] == 0
    assert client.get("/api/standards/tools", {"kind": "other"}).status_code == 422
    assert client.get(f"/api/standards/tools/{tool.slug}").json()["name"] == tool.name
    assert client.get("/api/standards/tools/missing").status_code == 404


def test_search_finds_a_tool(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tool = _tool()
    search_index.refresh(tool)
    results = client.get("/api/search", {"q": "walk through each clause"}).json()
    assert any(item["url"].endswith(f"/standards/tools/{tool.slug}/") for item in results["items"])


def test_export_reimports_and_bad_rows_change_nothing(tmp_path):
    _tool()
    path = tmp_path / "tools.csv"
    call_command("export", "standard-tools", "--output", str(path), stdout=StringIO())
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["standards"] == "ISO/IEC 42001:2023" and rows[0]["languages"] == "en;fr"
    out = StringIO()
    call_command("import", "standard-tools", str(path), stdout=out, stderr=StringIO())
    assert "unchanged 1" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"slug": "new-one", "name": "New", "provider": "P", "kind": "software"},
                {
                    "slug": "test-checklist",
                    "name": "Renamed",
                    "provider": "P",
                    "kind": "checklist",
                    "standards": "NOT A STANDARD",
                },
            ]
        ),
        encoding="utf-8",
    )
    errors = StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: 1 problem\(s\)"):
        call_command("import", "standard-tools", str(bad), stdout=StringIO(), stderr=errors)
    assert "row 2, field standards: Unknown standards: NOT A STANDARD." in errors.getvalue()
    assert AssessmentTool.objects.count() == 1
    assert AssessmentTool.objects.get().name == "Test management-system checklist"


def test_tool_list_queries_do_not_grow_with_tools(client, django_assert_max_num_queries):
    standards = list(Standard.objects.order_by("reference")[:3])
    for number in range(5):
        _tool(slug=f"tool-{number}", name=f"Tool {number}", standards=standards)
    with django_assert_max_num_queries(10):
        page = client.get("/en/standards/tools/")
    assert page.content.decode().count('href="/en/standards/tools/tool-') == 5
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/standards/tools").json()["count"] == 5
    assert len(own_queries(queries)) <= 6  # the rate limiter's counters apart


def test_the_api_kind_filter_lists_every_kind_and_clashes_with_no_other_schema(client):
    from typing import get_args

    from aigov.standards.api import ToolKind

    assert list(get_args(ToolKind)) == list(AssessmentTool.Kind.values)
    document = client.get("/api/openapi.json").json()
    parameters = document["paths"]["/api/taxonomy/countries"]["get"]["parameters"]
    kind = next(p for p in parameters if p["name"] == "kind")
    assert "checklist" not in str(kind) and "checklist" not in str(
        document["components"]["schemas"].get("Kind", {})
    )

"""Import and export: every row validated first, errors by row and field, all or nothing."""

import io
import json

import openpyxl
import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.management import CommandError, call_command

from aigov.accounts import selectors, services
from aigov.accounts.models import Organisation, Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import NotAllowed, NotFound
from aigov.core.exchange import (
    Dataset,
    Exporter,
    Importer,
    Outcome,
    dataset_export,
    dataset_import,
    register_dataset,
    unregister_dataset,
)
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

NAMES = ["وزارة الاتصالات التجريبية", "示例研究所", "Тестовый институт"]
CSV_ROWS = (
    "name,kind,country,website\r\n"
    f"{NAMES[0]},government,EGY,https://example.org/eg\r\n"
    f"{NAMES[1]},academia,CHN,\r\n"
    f'"{NAMES[2]}",civil_society,rus,example.org/ru\r\n'
)


def _actor():
    return services.system_actor()


def _created_entries():
    return LogEntry.objects.filter(additional_data__action="accounts.organisation.create")


def _state():
    return Organisation.objects.count(), LogEntry.objects.count()


def _import(content, file_format=None, filename="organisations.csv", **options):
    return dataset_import(
        actor=options.pop("actor", None) or _actor(),
        slug="organisations",
        content=content,
        file_format=file_format,
        filename=filename,
        **options,
    )


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _imported():
    return {
        (o.name, o.kind, o.country_id, o.website)
        for o in Organisation.objects.filter(name__in=NAMES)
    }


EXPECTED = {
    (NAMES[0], "government", "EGY", "https://example.org/eg"),
    (NAMES[1], "academia", "CHN", ""),
    (NAMES[2], "civil_society", "RUS", "https://example.org/ru"),
}


def test_csv_with_bom_creates_every_row_with_an_audit_entry():
    report = _import(("\ufeff" + CSV_ROWS).encode("utf-8"))
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged, report.rows) == (3, 0, 0, 3)
    assert _imported() == EXPECTED
    audited = set(_created_entries().values_list("object_repr", flat=True))
    assert set(NAMES) <= audited
    assert _created_entries().filter(actor=_actor()).count() >= 3


def test_xlsx_creates_every_row():
    content = _xlsx(
        [
            ["Name", "Kind", "Country", "Website"],
            [NAMES[0], "government", "EGY", "https://example.org/eg"],
            [],
            [NAMES[1], "academia", "CHN", None],
            [NAMES[2], "civil_society", "RUS", "example.org/ru"],
        ]
    )
    report = _import(content, filename="organisations.xlsx")
    assert report.errors == []
    assert report.created == 3
    assert _imported() == EXPECTED


def test_json_creates_every_row():
    rows = [
        {
            "name": NAMES[0],
            "kind": "government",
            "country": "EGY",
            "website": "https://example.org/eg",
        },
        {"name": NAMES[1], "kind": "academia", "country": "CHN", "website": None},
        {"name": NAMES[2], "kind": "civil_society", "country": "RUS", "website": "example.org/ru"},
    ]
    report = _import(
        json.dumps(rows, ensure_ascii=False).encode(), file_format="json", filename=None
    )
    assert report.errors == []
    assert report.created == 3
    assert _imported() == EXPECTED


def test_bad_rows_are_each_reported_by_row_and_field_and_nothing_changes():
    before = _state()
    content = (
        b"name,kind,country,website\n"
        b"Good institute,academia,KEN,\n"
        b"Nowhere institute,academia,XXX,\n"
        b",government,KEN,\n"
        b"\n"
        b"Odd institute,guild,KEN,\n"
    )
    report = _import(content)
    found = [(e.row, e.field, e.code) for e in report.errors]
    # Row numbers are the spreadsheet's: the header is row 1 and the blank line still counts.
    assert found == [
        (3, "country", "unknown_country"),
        (4, "name", "required"),
        (6, "kind", "invalid_choice"),
    ]
    assert "XXX is not a known country code." in report.errors[0].message
    assert "guild" in report.errors[2].message and "government" in report.errors[2].message
    assert str(report.errors[0]).startswith("row 3, field country: ")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert not report.is_applied
    assert _state() == before


def test_one_row_with_three_problems_reports_all_three():
    before = _state()
    report = _import(b"name,kind,country\n,guild,XXX\n")
    assert {(e.row, e.field, e.code) for e in report.errors} == {
        (2, "name", "required"),
        (2, "kind", "invalid_choice"),
        (2, "country", "unknown_country"),
    }
    assert _state() == before


def test_json_rows_are_numbered_from_one():
    rows = [
        {"name": "Fine", "kind": "company", "country": "KEN"},
        {"name": "Unknown place", "kind": "company", "country": "XXX", "colour": "blue"},
    ]
    report = _import(json.dumps(rows).encode(), filename="organisations.json")
    assert {(e.row, e.field, e.code) for e in report.errors} == {
        (2, "country", "unknown_country"),
        (2, "colour", "unknown_column"),
    }
    assert not Organisation.objects.filter(name="Fine").exists()


def test_unknown_and_missing_columns_are_reported_on_the_header_row():
    before = _state()
    report = _import(b"nom,kind,colour\nAcme,company,blue\n")
    assert {(e.row, e.field, e.code) for e in report.errors} == {
        (1, "nom", "unknown_column"),
        (1, "colour", "unknown_column"),
        (1, "name", "missing_column"),
    }
    assert _state() == before


def test_two_rows_for_the_same_record_are_reported():
    report = _import(b"name,kind,country\nTwin,company,KEN\nTwin,academia,KEN\nTwin,academia,UGA\n")
    assert [(e.row, e.field, e.code) for e in report.errors] == [(3, "name", "duplicate")]
    assert "row 2" in report.errors[0].message


def test_unreadable_files_are_reported_without_changes():
    before = _state()
    latin1 = "name,kind\nMinistère,government\n".encode("latin-1")
    assert [e.code for e in _import(latin1).errors] == ["encoding"]
    assert [e.code for e in _import(b"[{", filename="x.json").errors] == ["invalid_json"]
    assert [e.code for e in _import(b"not a workbook", filename="x.xlsx").errors] == ["wrong_type"]
    assert [e.code for e in _import(b"PK\x03\x04damaged", filename="x.xlsx").errors] == [
        "invalid_xlsx"
    ]
    assert [e.code for e in _import(b"", filename="x.csv").errors] == ["empty_file"]
    assert _state() == before


def test_reimport_is_idempotent_and_a_changed_row_is_an_audited_update():
    content = CSV_ROWS.encode()
    _import(content)
    entries = LogEntry.objects.count()
    again = _import(content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert LogEntry.objects.count() == entries

    changed = content.replace(b"https://example.org/eg", b"https://example.org/egypt")
    third = _import(changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    organisation = Organisation.objects.get(name=NAMES[0])
    assert organisation.website == "https://example.org/egypt"
    update = LogEntry.objects.get(additional_data__action="accounts.organisation.update")
    assert update.changes["website"] == ["https://example.org/eg", "https://example.org/egypt"]


def test_a_column_left_out_keeps_the_field():
    _import(CSV_ROWS.encode())
    report = _import(f"name,kind,country\n{NAMES[0]},government,EGY\n".encode())
    assert report.unchanged == 1
    assert Organisation.objects.get(name=NAMES[0]).website == "https://example.org/eg"


def test_dry_run_counts_but_changes_nothing():
    before = _state()
    report = _import(CSV_ROWS.encode(), dry_run=True)
    assert report.errors == [] and report.created == 3 and not report.is_applied
    assert _state() == before


def test_progress_reports_both_stages():
    seen = []
    _import(
        CSV_ROWS.encode(), progress=lambda stage, done, total: seen.append((stage, done, total))
    )
    assert seen == [(stage, done, 3) for stage in ("validate", "apply") for done in (1, 2, 3)]


def test_an_actor_who_may_not_write_is_refused_and_nothing_changes():
    learner = UserFactory(role=Role.LEARNER)
    before = _state()
    with pytest.raises(NotAllowed):
        _import(CSV_ROWS.encode(), actor=learner)
    assert _state() == before
    secretariat = UserFactory(role=Role.SECRETARIAT)
    assert _import(CSV_ROWS.encode(), actor=secretariat).created == 3


class _NameRow(forms.Form):
    name = forms.CharField()


@pytest.fixture
def failing_dataset():
    """A dataset whose second row fails inside its apply function, after the first was written."""

    def apply(*, actor, values):
        if values["name"] == "boom":
            raise RuntimeError("the disk is full")
        services.organisation_create(actor=actor, name=values["name"], kind="other", country="KEN")
        return Outcome.CREATED

    register_dataset(
        Dataset(slug="test-failing", label="failing", importer=Importer(form=_NameRow, apply=apply))
    )
    yield "test-failing"
    unregister_dataset("test-failing")


def test_an_exception_while_applying_rolls_back_every_row(failing_dataset):
    before = _state()
    with pytest.raises(RuntimeError):
        dataset_import(
            actor=_actor(), slug=failing_dataset, content=b"name\nfirst\nboom\n", file_format="csv"
        )
    assert _state() == before
    assert not Organisation.objects.filter(name="first").exists()


def test_a_service_refusing_a_row_is_reported_with_its_row(failing_dataset):
    services.organisation_create(actor=_actor(), name="Taken", kind="other", country="KEN")
    before = _state()
    report = dataset_import(
        actor=_actor(), slug=failing_dataset, content=b"name\nfresh\nTaken\n", file_format="csv"
    )
    # The unique (name, country) constraint is checked by the service's full_clean().
    assert [(e.row, e.field) for e in report.errors] == [(3, None)]
    assert _state() == before


def test_export_round_trips_non_ascii_names_in_every_format():
    _import(CSV_ROWS.encode())
    as_csv = dataset_export(actor=_actor(), slug="organisations", file_format="csv").decode("utf-8")
    assert as_csv.splitlines()[0] == "name,kind,country,website,is_demo"
    assert all(name in as_csv for name in NAMES)
    as_json = json.loads(dataset_export(actor=_actor(), slug="organisations", file_format="json"))
    exported = {row["name"]: row for row in as_json}
    assert exported[NAMES[2]] == {
        "name": NAMES[2],
        "kind": "civil_society",
        "country": "RUS",
        "website": "https://example.org/ru",
        "is_demo": False,
    }
    as_xlsx = dataset_export(actor=_actor(), slug="organisations", file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx), read_only=True).worksheets[0]
    assert set(NAMES) <= {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

    entries = LogEntry.objects.count()
    for file_format, content in [
        ("csv", as_csv.encode()),
        ("json", json.dumps(as_json).encode()),
        ("xlsx", as_xlsx),
    ]:
        report = _import(content, file_format=file_format)
        assert report.errors == [] and report.created == 0 and report.updated == 0, file_format
    assert LogEntry.objects.count() == entries


def test_xlsx_export_keeps_formula_like_text_as_text():
    services.organisation_create(actor=_actor(), name="=HYPERLINK(1)", kind="other")
    content = dataset_export(actor=_actor(), slug="organisations", file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == "=HYPERLINK(1)"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_countries_export_has_names_in_the_six_languages():
    rows = json.loads(dataset_export(actor=_actor(), slug="countries", file_format="json"))
    assert len(rows) == Country.objects.count()
    kenya = next(row for row in rows if row["iso3"] == "KEN")
    languages = ["en", "ar", "zh-hans", "fr", "ru", "es"]
    assert list(kenya) == [
        *("iso3", "iso2", "m49"),
        *(f"name_{code}" for code in languages),
        *("is_un_member", "regional_group", "income_group", "is_ldc"),
    ]
    assert kenya["iso2"] == "KE" and kenya["m49"] == "404" and kenya["name_en"] == "Kenya"
    assert kenya["is_un_member"] is True and kenya["regional_group"] == "African"
    assert all(kenya[f"name_{code}"] for code in ["ar", "zh-hans", "fr", "ru", "es"])


def test_countries_cannot_be_imported():
    with pytest.raises(NotFound):
        dataset_import(actor=_actor(), slug="countries", content=b"iso3\nKEN\n", file_format="csv")


@pytest.fixture
def users_dataset():
    """A dataset exporting users through the accounts selector, which narrows by permission."""
    register_dataset(
        Dataset(
            slug="test-users",
            label="users",
            exporter=Exporter(
                columns=("email",),
                records=selectors.user_list,
                row=lambda user: {"email": user.email},
            ),
        )
    )
    yield "test-users"
    unregister_dataset("test-users")


def test_exports_show_only_what_the_actor_may_see(users_dataset):
    learner, secretariat = UserFactory(role=Role.LEARNER), UserFactory(role=Role.SECRETARIAT)
    for_learner = json.loads(dataset_export(actor=learner, slug=users_dataset, file_format="json"))
    assert for_learner == [{"email": learner.email}]
    for_secretariat = json.loads(
        dataset_export(actor=secretariat, slug=users_dataset, file_format="json")
    )
    assert {learner.email, secretariat.email} <= {row["email"] for row in for_secretariat}


def test_import_command_reports_counts(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_bytes(CSV_ROWS.encode())
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "organisations", str(path), stdout=out, stderr=err)
    assert "organisations: created 3, updated 0, unchanged 0" in out.getvalue()
    assert "apply: 3/3" in err.getvalue()
    assert _imported() == EXPECTED


def test_import_command_fails_naming_row_and_field_and_changes_nothing(tmp_path):
    path = tmp_path / "organisations.txt"
    path.write_bytes(b"name,kind,country\nGood,academia,KEN\nBad,academia,XXX\n")
    before = _state()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import", "organisations", str(path), "--format", "csv", stderr=err)
    assert "row 3, field country: XXX is not a known country code." in err.getvalue()
    assert _state() == before


def test_import_command_dry_run_and_bad_arguments(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_bytes(CSV_ROWS.encode())
    out = io.StringIO()
    before = _state()
    call_command("import", "organisations", str(path), "--dry-run", stdout=out, verbosity=0)
    assert "created 3" in out.getvalue() and "Dry run: nothing was saved." in out.getvalue()
    assert _state() == before
    with pytest.raises(CommandError, match="no dataset called nothing"):
        call_command("import", "nothing", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "organisations", str(tmp_path / "missing.csv"))
    no_extension = tmp_path / "organisations"
    no_extension.write_bytes(CSV_ROWS.encode())
    with pytest.raises(CommandError, match="file format"):
        call_command("import", "organisations", str(no_extension))


def test_export_command_writes_stdout_or_a_file(tmp_path):
    out = io.StringIO()
    call_command("export", "countries", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("iso3,iso2,m49,name_en,name_ar")
    assert any(line.startswith("KEN,KE,404,Kenya,كينيا") for line in lines)

    target = tmp_path / "countries.xlsx"
    call_command("export", "countries", "--output", str(target), stderr=io.StringIO())
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    assert next(sheet.iter_rows(max_row=1, values_only=True))[:3] == ("iso3", "iso2", "m49")

    with pytest.raises(CommandError, match="binary"):
        call_command("export", "countries", "--format", "xlsx")
    with pytest.raises(CommandError, match="no dataset called"):
        call_command("export", "nothing")

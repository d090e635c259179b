"""The reference data as loaded by `aigov load-reference` (conftest loads it once per session)."""

import csv
import shutil
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from aigov.core.models import ReferenceRowState
from aigov.taxonomy.models import (
    Country,
    LifecycleStage,
    RiskArea,
    RiskDomain,
    SdgTarget,
    SustainableDevelopmentGoal,
)

pytestmark = pytest.mark.django_db


def test_193_un_member_states_each_with_a_regional_group():
    members = Country.objects.filter(is_un_member=True)
    assert members.count() == 193
    assert not members.filter(regional_group="").exists()
    counts = {
        g: members.filter(regional_group=g).count()
        for g in ["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"]
    }
    assert counts == {"African": 54, "Asia-Pacific": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}


def test_income_groups_with_ethiopia_and_venezuela_unclassified():
    members = Country.objects.filter(is_un_member=True)
    assert sorted(members.filter(income_group="").values_list("iso3", flat=True)) == ["ETH", "VEN"]
    assert Country.objects.get(iso3="KEN").income_group == "LM"
    assert Country.objects.get(iso3="ETH").income_fiscal_year == "FY2026"


def test_country_names_are_the_uns_in_six_languages():
    kenya = Country.objects.get(iso3="KEN")
    assert kenya.names == {
        "ar": "كينيا",
        "zh-hans": "肯尼亚",
        "en": "Kenya",
        "fr": "Kenya",
        "ru": "Кения",
        "es": "Kenya",
    }
    assert "Kenia" in kenya.aliases  # other spellings find it, but are not shown as its name
    assert kenya.m49 == "404" and kenya.iso2 == "KE"


def test_ldc_flags():
    ldcs = Country.objects.filter(is_ldc=True)
    assert ldcs.count() == 44
    assert ldcs.filter(iso3="BGD").get().ldc_graduation_on.isoformat() == "2026-11-24"
    assert not Country.objects.get(iso3="STP").is_ldc  # graduated in December 2024


def test_sdgs_and_targets():
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SustainableDevelopmentGoal.objects.get(number=4).names["zh-hans"] == "优质教育"


def test_risk_taxonomy_has_four_domains_in_english_and_chinese():
    assert RiskDomain.objects.count() == 4
    for area in RiskArea.objects.all():
        assert area.names.get("en") and area.names.get("zh-hans")
        assert area.confidence in {"high", "medium"}


def test_lifecycle_schemes_are_mapped_both_ways():
    iso = LifecycleStage.objects.get(scheme_id="iso-iec-22989", slug="verification-validation")
    assert {s.slug for s in iso.maps_to.all()} == {"evaluation", "testing"}
    testing = LifecycleStage.objects.get(scheme_id="unga-78-311", slug="testing")
    assert iso in testing.maps_to.all()
    assert LifecycleStage.objects.filter(scheme_id="unga-78-311").count() == 11


def test_second_load_changes_nothing(capsys):
    entries = LogEntry.objects.count()
    call_command("load_reference", verbosity=1)
    out = capsys.readouterr().out
    assert "countries: created 0, updated 0, unchanged 250" in out
    assert LogEntry.objects.count() == entries


def test_bad_file_is_reported_by_row_and_field_and_nothing_changes(tmp_path: Path, settings):
    from django.conf import settings as live

    for source in Path(live.REFERENCE_DATA_DIR).glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    income = tmp_path / "income_groups.csv"
    lines = income.read_text().splitlines()
    lines[3] = lines[3].replace(",UM,", ",XX,")
    income.write_text("\n".join(lines) + "\n")
    settings.REFERENCE_DATA_DIR = tmp_path
    before = Country.objects.get(iso3="ALB").income_group
    with pytest.raises(CommandError) as failed:
        call_command("load_reference", verbosity=0)
    assert "income_groups.csv, row 4, field income_group" in str(failed.value)
    assert Country.objects.get(iso3="ALB").income_group == before


def _copy_reference(tmp_path: Path, settings) -> Path:
    """Point the load at a copy of the reference files; return the copy's folder."""
    from django.conf import settings as live

    for source in Path(live.REFERENCE_DATA_DIR).glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    settings.REFERENCE_DATA_DIR = tmp_path
    return tmp_path


def test_dry_run_writes_nothing(tmp_path: Path, settings):
    income = _copy_reference(tmp_path, settings) / "income_groups.csv"
    text = income.read_text(encoding="utf-8")
    assert "\nKEN,LM," in text
    income.write_text(text.replace("\nKEN,LM,", "\nKEN,UM,"), encoding="utf-8")
    call_command("load_reference", "--dry-run", verbosity=0)
    assert Country.objects.get(iso3="KEN").income_group == "LM"
    call_command("load_reference", verbosity=0)
    assert Country.objects.get(iso3="KEN").income_group == "UM"


def test_a_bad_row_in_a_later_module_leaves_earlier_modules_untouched(tmp_path: Path, settings):
    from django.conf import settings as live

    for source in Path(live.REFERENCE_DATA_DIR).glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    participants = tmp_path / "initiative_participants.csv"
    lines = participants.read_text().splitlines()
    lines[1] = lines[1].replace(",AUS,", ",XXX,", 1)
    participants.write_text("\n".join(lines) + "\n")
    settings.REFERENCE_DATA_DIR = tmp_path
    Country.objects.filter(iso3="KEN").update(income_group="H")
    with pytest.raises(CommandError, match=r"initiative_participants\.csv, row 2"):
        call_command("load_reference", verbosity=0)
    assert Country.objects.get(iso3="KEN").income_group == "H"  # taxonomy step rolled back too


def _chinese_rows() -> list[dict[str, str]]:
    from django.conf import settings as live

    path = Path(live.REFERENCE_DATA_DIR) / "risk_taxonomy_zh.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_risk_taxonomy_chinese_is_the_reports_official_text_marked_as_source():
    rows = _chinese_rows()
    assert len(rows) == RiskArea.objects.count() == 21
    for row in rows:
        area = RiskArea.objects.select_related("domain").get(slug=row["category_slug"])
        assert area.names["zh-hans"] == row["category_zh"]
        assert area.names_provenance == {
            "en": "source",
            "zh-hans": "source",
            **dict.fromkeys(("ar", "fr", "ru", "es"), "machine"),
        }
        assert area.examples.get("zh-hans", "") == row["examples_zh"]
        assert area.domain.names["zh-hans"] == row["domain_zh"]
        assert area.domain.names_provenance["zh-hans"] == "source"
        assert "risk_taxonomy_zh.csv" in area.source
    life = RiskArea.objects.get(slug="life-opportunities")
    assert life.names["zh-hans"] == "生活机遇"
    assert life.examples["zh-hans"] == "例如教育、就业、住房"


def test_a_bad_chinese_row_is_named_and_nothing_changes(tmp_path: Path, settings):
    chinese = _copy_reference(tmp_path, settings) / "risk_taxonomy_zh.csv"
    lines = chinese.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("physical-mental-integrity", "mental-integrity", 1)
    lines[3] = lines[3].replace(",个人,", ",人民,", 1)
    chinese.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("load_reference", verbosity=0)
    message = str(failed.value)
    assert "risk_taxonomy_zh.csv, row 3, field category_slug" in message
    assert "risk_taxonomy_zh.csv, row 4, field domain_zh" in message


def test_an_upgrade_replaces_machine_chinese_and_reports_what_changed(capsys):
    """A database loaded before the official Chinese, and before digests were kept."""
    RiskArea.objects.filter(slug="life-opportunities").update(
        names={"en": "Life opportunities", "zh-hans": "生活机会"},
        names_provenance={"en": "source", "zh-hans": "machine"},
    )
    ReferenceRowState.objects.filter(source="taxonomy.risk_area").delete()
    call_command("load_reference", only=["taxonomy"], verbosity=1)
    out = capsys.readouterr().out
    area = RiskArea.objects.get(slug="life-opportunities")
    assert area.names["zh-hans"] == "生活机遇" and area.names_provenance["zh-hans"] == "source"
    assert "risk areas: created 0, updated 1, unchanged 20" in out
    assert "Changed since the last load: risk_taxonomy.csv, risk_taxonomy_zh.csv" in out
    call_command("load_reference", only=["taxonomy"], verbosity=1)
    assert "No reference file changed since the last load." in capsys.readouterr().out

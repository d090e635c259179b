"""Every UI string is translated into the five other UN languages; pages follow the language."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "aigov" / "locale"
CATALOGUES = ["ar", "zh_Hans", "fr", "ru", "es"]


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy[:5]}"


@pytest.mark.parametrize("language", CATALOGUES)
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.pofile(str(folder / "django.po"))}
    compiled = {
        e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(folder / "django.mo"))
    }
    assert {k: v for k, v in compiled.items() if k} == source, "run make messages to recompile"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Extract the strings afresh from a copy of the code; each must be in the catalogues."""
    copy = tmp_path / "aigov"
    shutil.copytree(
        Path(settings.BASE_DIR) / "aigov",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "tests"),
    )
    subprocess.run(
        # -P: the copy's own modules (aigov/celery.py) must not shadow installed packages.
        [
            sys.executable,
            "-P",
            "-m",
            "aigov.cli",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    }
    committed = {
        e.msgid for e in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"))
    }
    missing = sorted(fresh - committed)
    assert not missing, f"strings missing from the catalogues (run make messages): {missing[:10]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "direction", "expected"),
    [
        ("zh-hans", "ltr", "搜索"),
        ("ar", "rtl", "بحث"),
        ("ru", "ltr", "Поиск"),
        ("fr", "ltr", "Rechercher"),
        ("es", "ltr", "Buscar"),
    ],
)
def test_pages_are_served_in_each_language(client, prefix, direction, expected):
    page = client.get(f"/{prefix}/").content.decode()
    assert f'<html lang="{prefix}" dir="{direction}">' in page
    assert expected in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "direction", "title"),
    [("ar", "rtl", "الصفحة غير موجودة"), ("fr", "ltr", "Page introuvable")],
)
def test_not_found_page_speaks_the_language_of_the_address(client, prefix, direction, title):
    response = client.get(f"/{prefix}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{prefix}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html

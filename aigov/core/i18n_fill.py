"""Add translations to the UI catalogues: extract the strings afresh, fill them, compile.

    python -m aigov.core.i18n_fill translations.json [more.json ...]

Each file maps an English msgid to its five translations:

    {"Policies": {"ar": "السياسات", "zh_Hans": "政策", "fr": "Politiques",
                  "ru": "Политика", "es": "Políticas"}}

A plural message gives a list of forms per language, in the catalogue's plural order (ar has
six, ru three, zh_Hans one, fr and es two), under its singular msgid.

Several people may add translations at once from one working tree, so the whole
extract-fill-compile step runs under an exclusive lock (var/i18n.lock). The tool prints the
messages still untranslated in any catalogue, and exits 1 if there are some.
"""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

from aigov.core.i18n_compile import LOCALE_DIR, compile_all

ROOT = LOCALE_DIR.parent.parent
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]
LOCK = ROOT / "var" / "i18n.lock"


def extract() -> None:
    """Refresh the catalogues from the code, as `make messages` does."""
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    subprocess.run(  # noqa: S603 - this interpreter and Django's own command
        [sys.executable, "-P", "-m", "aigov.cli", "makemessages", *languages, "--no-obsolete"],
        cwd=ROOT / "aigov",
        check=True,
        capture_output=True,
    )


def fill(translations: dict[str, dict[str, str | list[str]]]) -> None:
    for language in LANGUAGES:
        path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            text = translations.get(entry.msgid, {}).get(language)
            if text is None:
                continue
            if entry.msgid_plural:
                forms = [text] if isinstance(text, str) else text
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                # A fuzzy match's previous context ("#| msgctxt") left alone breaks msgmerge.
                entry.previous_msgctxt = None
        catalogue.save(str(path))


def untranslated() -> list[str]:
    missing = []
    for language in LANGUAGES:
        catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
        entries = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
        missing += [f"{language}: {entry.msgid}" for entry in entries]
    return missing


def main(paths: list[str]) -> int:
    translations: dict[str, dict[str, str | list[str]]] = {}
    for name in paths:
        translations.update(json.loads(Path(name).read_text(encoding="utf-8")))
    LOCK.parent.mkdir(exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        extract()
        fill(translations)
        compile_all()
        missing = untranslated()
    for line in missing:
        print(f"untranslated {line}")  # noqa: T201
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every translation function is imported under a name `makemessages` looks for.

xgettext finds strings by the name of the call (`_`, `gettext`, `gettext_lazy`, `ngettext`, ...):
a string marked through another alias (`gettext_lazy as _lazy`) is never extracted, so it stays
English in every language while the catalogue test finds nothing missing. The capacity report's
section titles were such strings.
"""

import ast
from pathlib import Path

from django.conf import settings

# Django's makemessages passes these keywords to xgettext (plus its defaults, gettext, ngettext).
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translation_functions_are_imported_under_extracted_names() -> None:
    root = Path(settings.BASE_DIR) / "aigov"
    wrong = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                wrong += [
                    f"{path.relative_to(root)}:{node.lineno}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.name in EXTRACTED and (alias.asname or alias.name) not in EXTRACTED
                ]
    assert not wrong, "strings marked under these names are never extracted:\n" + "\n".join(wrong)

"""Project-specific checks that ruff cannot express (run by `make lint`).

- No role checks outside permissions.py / predicates.py: roles are decided in one place.
- No ORM managers in views, API modules or templates: they call selectors and services.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLE_CHECK = re.compile(r"\bis_superuser\b|\brole\s*==|\bRole\.[A-Z_]+\s+in\b|\bhas_role\(")
ORM_USE = re.compile(r"\.objects\.")
ALLOWED_ROLE_FILES = {
    "permissions.py",
    "predicates.py",
    "access.py",
    "models.py",
    "services.py",
    "middleware.py",
    "adapters.py",
}
# A module split into a package (aigov/capacity/services/offerings.py) is checked as the file
# it replaced (services.py).
PACKAGED_FILES = {"models", "services", "selectors", "views", "api"}


def checked_name(path: Path) -> str:
    """Return the file name the checks apply to: the package's for a module inside one."""
    return f"{path.parent.name}.py" if path.parent.name in PACKAGED_FILES else path.name


def problems() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "lint.py":
            continue
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(ROOT.parent)
        name = checked_name(path)
        if name not in ALLOWED_ROLE_FILES and path.parent.name != "commands":
            for number, line in enumerate(text.splitlines(), start=1):
                if ROLE_CHECK.search(line):
                    found.append(
                        f"{relative}:{number}: role check outside permissions.py: {line.strip()}"
                    )
        if name.endswith(("views.py", "api.py")):
            for number, line in enumerate(text.splitlines(), start=1):
                if ORM_USE.search(line):
                    found.append(
                        f"{relative}:{number}: ORM query in a view or API module: {line.strip()}"
                    )
    for path in sorted(ROOT.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if "is_superuser" in line or ".objects." in line:
                found.append(
                    f"{path.relative_to(ROOT.parent)}:{number}: role or ORM use in a template"
                )
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

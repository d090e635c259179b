"""The docs cover every setting, command and API route; the reference copy is current.

The docs are README.md and each module's own aigov/<module>/README.md, which README.md links.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MODULE_DOCS = sorted(ROOT.glob("aigov/*/README.md"))
README = "\n".join(path.read_text(encoding="utf-8") for path in [ROOT / "README.md", *MODULE_DOCS])


def test_readme_links_every_module_doc():
    top = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = [
        str(path.relative_to(ROOT))
        for path in MODULE_DOCS
        if f"({path.relative_to(ROOT)})" not in top
    ]
    assert not unlinked, f"README.md does not link these module docs: {unlinked}"


def test_every_environment_setting_is_documented():
    source = (ROOT / "aigov" / "settings.py").read_text(encoding="utf-8")
    names = set(
        re.findall(r"""(?:environ\.get|environ\[|_env_bool\()\(?["']([A-Z_]+)["']""", source)
    )
    names |= set(re.findall(r"""env=["']([A-Z_]+)["']""", source))
    assert names, "the pattern no longer matches settings.py"
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert not missing, f"settings not documented in README.md: {missing}"


def test_every_aigov_command_is_documented():
    commands = sorted(
        p.stem for p in ROOT.glob("aigov/*/management/commands/*.py") if not p.stem.startswith("_")
    )
    assert "load_reference" in commands
    missing = [
        c for c in commands if f"aigov {c.replace('_data', '').replace('_', '-')}" not in README
    ]
    assert not missing, f"commands not documented in README.md: {missing}"


@pytest.mark.django_db
def test_every_api_route_is_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    missing = sorted(
        path
        for path in paths
        if f"`{path}" not in README and f" {path}`" not in README and path not in README
    )
    assert not missing, f"API routes not documented in README.md: {missing}"


def test_reference_copy_matches_shared_data():
    shared = ROOT.parent / "shared" / "data"
    if not shared.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    for source in shared.iterdir():
        copy = ROOT / "data" / "reference" / source.name
        assert copy.read_bytes() == source.read_bytes(), (
            f"{copy} differs from {source}: run make sync-reference"
        )

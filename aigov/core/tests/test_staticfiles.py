"""Only the front-end files pages load are served from node_modules; test tools never are."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
NOT_SERVED = [
    "vendor/axe-core/axe.min.js",
    "vendor/axe-core/package.json",
    "vendor/world-atlas/countries-110m.json",
    "vendor/htmx.org/package.json",
    "vendor/.package-lock.json",
]


def _vendor_files_templates_load() -> set[str]:
    pattern = re.compile(r"""\{%\s*static\s+['"](vendor/[^'"]+)['"]""")
    return {
        match
        for template in ROOT.glob("aigov/**/templates/**/*.html")
        for match in pattern.findall(template.read_text(encoding="utf-8"))
    }


def test_every_vendor_file_a_template_loads_is_found():
    loaded = _vendor_files_templates_load()
    assert "vendor/htmx.org/dist/htmx.min.js" in loaded
    for path in loaded:
        assert finders.find(path), f"{path} is loaded by a template but not served"


@pytest.mark.parametrize("path", NOT_SERVED)
def test_other_node_modules_files_are_not_found(path):
    assert finders.find(path) is None


def test_vendor_lists_only_what_templates_load():
    listed = {
        f"{getattr(storage, 'prefix', '')}/{path}"
        for finder in finders.get_finders()
        for path, storage in finder.list([])
        if getattr(storage, "prefix", None) == "vendor"
    }
    assert listed == _vendor_files_templates_load()


def test_whitenoise_serves_htmx_and_not_axe(client):
    response = client.get("/static/vendor/htmx.org/dist/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)
    assert client.get("/static/vendor/axe-core/axe.min.js").status_code == 404


def test_collectstatic_copies_no_test_tools(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    # Django's plain storage: which files are collected is the question, not their compression.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    vendor = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "vendor").rglob("*"))
    assert "vendor/htmx.org/dist/htmx.min.js" in vendor
    assert vendor == ["vendor/htmx.org", "vendor/htmx.org/dist", "vendor/htmx.org/dist/htmx.min.js"]

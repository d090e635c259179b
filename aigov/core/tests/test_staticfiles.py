"""Static files: only the front-end files pages load are served from node_modules (test tools
never are); production collects them under hashed names with compressed copies, served as
immutable; the Swagger bundle is loaded by /api/docs alone."""

import gzip
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from aigov import settings as production_settings

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


# --- Hashed names, compressed copies, immutable caching (README, "Static files") ---------------


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Collect with the production storage, as `make run` does; yield the static root."""
    root = tmp_path_factory.mktemp("collected_static")
    with override_settings(STATIC_ROOT=root, STORAGES=production_settings.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    yield root


def _manifest(root: Path) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text(encoding="utf-8"))["paths"]


def test_production_stores_static_files_under_hashed_names_with_compressed_copies():
    assert production_settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


@pytest.mark.parametrize(
    "name",
    ["aigov/aigov.css", "aigov/charts.css", "vendor/htmx.org/dist/htmx.min.js", "favicon.ico"],
)
def test_collectstatic_writes_hashed_names_with_gzip_and_brotli_copies(collected, name):
    hashed = _manifest(collected)[name]
    stem, extension = name.rsplit(".", 1)
    assert re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension}", hashed), hashed
    original = finders.find(name)
    assert original
    content = Path(original).read_bytes()
    assert (collected / hashed).read_bytes() == content
    if name.endswith(".ico"):
        return  # WhiteNoise leaves a copy that would not be smaller uncompressed
    assert gzip.decompress((collected / f"{hashed}.gz").read_bytes()) == content
    assert brotli.decompress((collected / f"{hashed}.br").read_bytes()) == content


def test_only_hashed_files_are_kept(collected):
    assert (collected / _manifest(collected)["aigov/aigov.css"]).exists()
    assert not (collected / "aigov" / "aigov.css").exists()


def _served(root: Path, path: str, **headers: str) -> HttpResponse:
    """Ask WhiteNoise, set up as in production over `root`, for `path`."""
    with override_settings(STATIC_ROOT=root, STORAGES=production_settings.STORAGES):
        middleware = WhiteNoiseMiddleware(get_response=lambda request: HttpResponse(status=404))
        return middleware(RequestFactory().get(path, headers=headers))


def test_hashed_files_are_served_immutable_for_years_and_compressed(collected):
    hashed = _manifest(collected)["aigov/aigov.css"]
    response = _served(collected, f"/static/{hashed}", accept_encoding="gzip, deflate, br")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "immutable" in directives and "public" in directives
    max_age = next(int(part.split("=")[1]) for part in directives if part.startswith("max-age="))
    assert max_age >= 365 * 24 * 60 * 60
    assert response["Content-Encoding"] == "br"
    assert response["Vary"] == "Accept-Encoding"

    gzipped = _served(collected, f"/static/{hashed}", accept_encoding="gzip")
    assert gzipped["Content-Encoding"] == "gzip"


def test_a_name_without_its_hash_may_change_and_is_not_immutable(collected):
    response = _served(collected, "/static/aigov/aigov.css")
    assert response.status_code == 200  # from the source folder (WHITENOISE_USE_FINDERS)
    assert "immutable" not in response["Cache-Control"]


def test_pages_name_their_static_files_by_hash(collected, client):
    with override_settings(STATIC_ROOT=collected, STORAGES=production_settings.STORAGES):
        html = client.get("/en/search/").content.decode()
    manifest = _manifest(collected)
    for name in ["aigov/aigov.css", "vendor/htmx.org/dist/htmx.min.js", "favicon.ico"]:
        assert f'"/static/{manifest[name]}"' in html, name


# --- The Swagger bundle: only on /api/docs, which is a page with a language, h1 and main -------

SWAGGER_FILES = ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js")


class _Outline(HTMLParser):
    """The tags of a page, with their attributes, and the text of its first h1."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = tag == "h1" and not self.h1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def _outline(html: str) -> _Outline:
    outline = _Outline()
    outline.feed(html)
    return outline


def _loaded(outline: _Outline) -> list[str]:
    return [
        attrs.get("src") or attrs.get("href") or ""
        for tag, attrs in outline.tags
        if tag in {"script", "link"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/en/", "/ar/", "/en/standards/", "/en/landscape/representation/", "/en/capacity/"],
)
def test_other_pages_load_no_swagger_file(client, path):
    response = client.get(path)
    assert response.status_code == 200
    loaded = _loaded(_outline(response.content.decode()))
    assert any(url.endswith("aigov.css") for url in loaded)  # the outline sees what pages load
    assert not [url for url in loaded if "swagger" in url or "redoc" in url]


@pytest.mark.parametrize(("language", "heading"), [("en", "API documentation"), ("fr", None)])
def test_api_docs_has_a_language_a_heading_a_main_landmark_and_the_bundle(
    client, language, heading
):
    response = client.get("/api/docs", headers={"accept-language": language})
    assert response.status_code == 200
    outline = _outline(response.content.decode())
    html_attrs = next(attrs for tag, attrs in outline.tags if tag == "html")
    assert html_attrs["lang"] == language
    assert [tag for tag, _attrs in outline.tags].count("main") == 1
    assert outline.h1.strip() and (heading is None or outline.h1.strip() == heading)
    loaded = _loaded(outline)
    for name in SWAGGER_FILES:
        assert any(url.endswith(name) for url in loaded), name
    swagger_box = next(attrs for tag, attrs in outline.tags if attrs.get("id") == "swagger-ui")
    assert swagger_box["lang"] == "en"  # Swagger UI and the API's descriptions are English

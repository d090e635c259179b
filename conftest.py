"""Test-wide settings and the reference data every test can rely on."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import translation

# The live server and Chromium fixtures of the browser tests, for every module's tests/browser/.
pytest_plugins = ["aigov.core.tests.browser.plugin"]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # The suite flushes tables between transactional tests; the audit immutability test
    # installs the append-only triggers itself (aigov/core/tests/test_audit.py).
    settings.AUDIT_APPEND_ONLY_TRIGGERS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Hashed static names come from the manifest `collectstatic` writes (README, "Static
    # files"); the suite renders pages without collecting, so it names files as they are. The
    # browser tests' servers collect, as `make run` does (aigov/core/tests/browser/plugin.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The API (and its rate limits) was built when Django started; loosen the limits in place
    # so fuzzing is not throttled. test_rate_limit.py tightens them again for its own test.
    from aigov.core.api import api

    for throttle in api.throttle:
        throttle.rate = "100000/m"
        throttle.num_requests, throttle.duration = throttle.parse_rate(throttle.rate)
    # Parallel test processes share AIGOV_VAR_DIR: each keeps its own page-cache generation,
    # or one's writes would end the pages another just stored.
    import os

    from aigov.core import pagecache

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        pagecache.GENERATION_FILE = f"page-cache-generation-{worker}"


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts without stored pages: the last test's rolled-back rows drew them."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """Start the next test in the default language: a request to a /fr/ page activates French
    in the thread and leaves it active, so a later test's English messages came out French."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the real reference data once, with the production command."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Reload the reference data a transactional test needs after an earlier one flushed it.

    A transactional test empties every table when it ends (pytest-django runs them after the
    others), so the next one would start without countries, languages or SDGs.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from aigov.taxonomy.models import Country

    if not Country.objects.exists():
        call_command("load_reference", verbosity=0)

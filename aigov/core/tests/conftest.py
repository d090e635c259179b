"""Fixtures shared by the core tests."""

import pytest
from django.utils import translation


@pytest.fixture
def in_english():
    """Run a test in English: requests to /fr/ pages leave French active for later tests."""
    with translation.override("en"):
        yield

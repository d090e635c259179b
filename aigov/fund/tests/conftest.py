from typing import Any

import pytest

from aigov.fund.tests import factories


@pytest.fixture
def secretariat(db: Any) -> Any:
    return factories.secretariat()


@pytest.fixture
def fund(secretariat: Any) -> Any:
    return factories.open_fund(secretariat)

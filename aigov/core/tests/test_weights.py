import pytest
from django.core.exceptions import ImproperlyConfigured

from aigov.core.weights import Weights, check_configured


def test_defaults_and_overrides(settings) -> None:  # type: ignore[no-untyped-def]
    weights = Weights("test.ranking", topic=3.0, language=2.0)
    assert weights.topic == 3.0 and dict(weights) == {"topic": 3.0, "language": 2.0}
    settings.AIGOV_SCORING_WEIGHTS = {"test.ranking": {"topic": 5}}
    assert weights.topic == 5.0 and weights["language"] == 2.0


def test_unknown_names_are_configuration_errors(settings) -> None:  # type: ignore[no-untyped-def]
    weights = Weights("test.other", topic=1.0)
    settings.AIGOV_SCORING_WEIGHTS = {"test.other": {"topc": 2}, "nobody": {}}
    with pytest.raises(ImproperlyConfigured, match="topc"):
        _ = weights.topic
    problems = check_configured()
    assert any("nobody" in p for p in problems) and any("topc" in p for p in problems)

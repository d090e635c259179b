"""Scoring weights as named settings, not literals.

Matchmaking, readiness scores and gap rankings weigh several signals. Each module declares
its weights once, with a name and a documented default (`Weights("capacity.matchmaking",
topic=3.0, …)`); an operator may override any of them in the Django setting
`AIGOV_SCORING_WEIGHTS` (`{"capacity.matchmaking": {"topic": 4.0}}`), and an unknown name or
weight is a configuration error at start-up rather than a silent no-op.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_declared: dict[str, "Weights"] = {}


class Weights(Mapping[str, float]):
    """A named, read-only set of weights with their defaults and any configured overrides."""

    def __init__(self, name: str, /, **defaults: float) -> None:
        self.name = name
        self.defaults = dict(defaults)
        _declared[name] = self

    def _values(self) -> dict[str, float]:
        configured = getattr(settings, "AIGOV_SCORING_WEIGHTS", {}).get(self.name, {})
        unknown = sorted(set(configured) - set(self.defaults))
        if unknown:
            raise ImproperlyConfigured(
                f"AIGOV_SCORING_WEIGHTS[{self.name!r}] names unknown weights {unknown}; "
                f"known: {sorted(self.defaults)}."
            )
        return {**self.defaults, **{k: float(v) for k, v in configured.items()}}

    def __getitem__(self, key: str) -> float:
        return self._values()[key]

    def __getattr__(self, key: str) -> float:
        if key.startswith("_") or key in {"name", "defaults"}:
            raise AttributeError(key)
        try:
            return self._values()[key]
        except KeyError as missing:
            raise AttributeError(key) from missing

    def __iter__(self) -> Iterator[str]:
        return iter(self.defaults)

    def __len__(self) -> int:
        return len(self.defaults)


def check_configured() -> list[str]:
    """Return a message for each configured name that no module declares (for system checks)."""
    configured: Mapping[str, Any] = getattr(settings, "AIGOV_SCORING_WEIGHTS", {})
    problems = [
        f"AIGOV_SCORING_WEIGHTS names {name!r}, which no module declares."
        for name in configured
        if name not in _declared
    ]
    for weights in _declared.values():
        try:
            weights._values()
        except ImproperlyConfigured as error:
            problems.append(str(error))
    return problems


def declared() -> dict[str, dict[str, float]]:
    """Return every declared set of weights with its current values (for documentation)."""
    return {name: dict(weights._values()) for name, weights in sorted(_declared.items())}

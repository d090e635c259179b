"""The Annex E analysis over coded responses (see models.py for the byte layout).

Everything here is plain computation on numpy arrays, without the database, so the rules can be
tested and benchmarked on their own. `selectors.survey_analysis` feeds it from the database.

Rules (the issue's reading of Annex E):
- A respondent with one nationality counts under it. One with several counts under the country
  they reside in when it is one of them; otherwise under the nationality whose UN regional group
  holds the fewest respondents already placed (those with one nationality or placed by
  residence), ties broken by ISO alpha-3 order. Nationalities outside the five UN regional
  groups are passed over; a respondent left without a group is left out of the regional
  breakdowns (and of WEOG / non-WEOG) only.
- A scale item's valid answers are 1-5; other choices count as "don't know" and, like blanks,
  are not valid. For each item: valid n, mean, share of valid answers that are 4 or 5.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from aigov.panel.models import DONT_KNOW

REGIONAL_GROUPS = ("African", "Asia-Pacific", "EEG", "GRULAC", "WEOG")
WEOG_CODE = REGIONAL_GROUPS.index("WEOG") + 1
HEADER = 3  # bytes of the profile index
_CODES = DONT_KNOW + 1  # answer codes 0 (blank), 1-5, 6 (don't know)


@dataclass(frozen=True)
class Layout:
    """How the coded bytes of one survey are laid out, and what the codes mean."""

    items: Sequence[str]
    genders: Sequence[str]  # choice names of the gender question, code = position + 1
    fields: Sequence[str]  # choice names of the field question

    @property
    def width(self) -> int:
        return HEADER + len(self.items) + 2


def place_profiles(
    profiles: Sequence[Sequence[Any]],
    counts: npt.NDArray[np.int64],
    country_groups: dict[str, str],
) -> npt.NDArray[np.uint8]:
    """Return, for each nationality profile, its regional group code (0 = none, 1-5).

    `profiles[i]` is (nationalities separated by spaces, residence); `counts[i]` the number of
    respondents with that profile.
    """
    codes = np.zeros(len(profiles), dtype=np.uint8)
    code_of = {group: index + 1 for index, group in enumerate(REGIONAL_GROUPS)}
    placed = dict.fromkeys(REGIONAL_GROUPS, 0)
    deferred: list[tuple[int, list[str]]] = []
    for index, (nationalities_text, residence) in enumerate(profiles):
        nationalities = sorted(set(str(nationalities_text).split()))
        if len(nationalities) == 1 or (residence and residence in nationalities):
            country = nationalities[0] if len(nationalities) == 1 else residence
            group = country_groups.get(country, "")
            if group in code_of:
                codes[index] = code_of[group]
                placed[group] += int(counts[index]) if index < len(counts) else 0
        elif nationalities:
            deferred.append((index, nationalities))
    for index, nationalities in deferred:
        candidates = [
            (placed[country_groups[country]], country)
            for country in nationalities
            if country_groups.get(country, "") in code_of
        ]
        if candidates:
            _fewest, country = min(candidates)
            codes[index] = code_of[country_groups[country]]
    return codes


def _figures(row: npt.NDArray[np.int64]) -> dict[str, Any]:
    """n, mean and top-2 share from counts of the codes 0-6 (only 1-5 are valid answers)."""
    valid = row[1:DONT_KNOW]
    n = int(valid.sum())
    if n == 0:
        return {"n": 0, "mean": None, "top2_share": None}
    total = int((valid * np.arange(1, DONT_KNOW)).sum())
    return {"n": n, "mean": total / n, "top2_share": int(valid[3] + valid[4]) / n}


def _counts(
    codes: npt.NDArray[np.uint8], cell: npt.NDArray[np.intp], cells: int, k: int
) -> npt.NDArray[np.int64]:
    """Counts per item, cell and answer code: an array of shape (k, cells, 7).

    A cell is one combination of regional group, gender and field; every breakdown is a sum
    over cells, so one bincount per item gives them all (measured faster than one bincount
    over all items at once, whose keys take 14 times the memory).
    """
    answers = codes[:, HEADER : HEADER + k]
    base = cell * _CODES
    return (
        np.stack([np.bincount(base + answers[:, i], minlength=cells * _CODES) for i in range(k)])
        .reshape(k, cells, _CODES)
        .astype(np.int64)
    )


def analyse(
    codes: npt.NDArray[np.uint8],
    layout: Layout,
    profiles: Sequence[Sequence[Any]],
    country_groups: dict[str, str],
) -> dict[str, Any]:
    """Return the analysis JSON for a matrix of coded responses (one row per response)."""
    respondents = int(codes.shape[0])
    profile = (
        codes[:, 0].astype(np.intp)
        | (codes[:, 1].astype(np.intp) << 8)
        | (codes[:, 2].astype(np.intp) << 16)
    )
    counts = np.bincount(profile, minlength=len(profiles)).astype(np.int64)
    group_of_profile = place_profiles(profiles, counts, country_groups)
    k = len(layout.items)
    genders, fields = len(layout.genders) + 1, len(layout.fields) + 1
    groups = len(REGIONAL_GROUPS) + 1
    cell = (
        group_of_profile[profile].astype(np.intp) * (genders * fields)
        + codes[:, HEADER + k].astype(np.intp) * fields
        + codes[:, HEADER + k + 1]
    )
    table = _counts(codes, cell, groups * genders * fields, k).reshape(
        k, groups, genders, fields, _CODES
    )
    by_group = table.sum(axis=(2, 3))
    by_gender = table.sum(axis=(1, 3))
    by_field = table.sum(axis=(1, 2))
    overall = by_group.sum(axis=1)
    items: dict[str, Any] = {}
    for position, name in enumerate(layout.items):
        group_rows = by_group[position]
        non_weog = group_rows[1:].sum(axis=0) - group_rows[WEOG_CODE]
        items[name] = {
            **_figures(overall[position]),
            "by": {
                "weog": _figures(group_rows[WEOG_CODE]),
                "non_weog": _figures(non_weog),
                "regional_group": {
                    group: _figures(group_rows[index + 1])
                    for index, group in enumerate(REGIONAL_GROUPS)
                },
                "gender": {
                    value: _figures(by_gender[position][index + 1])
                    for index, value in enumerate(layout.genders)
                },
                "field": {
                    value: _figures(by_field[position][index + 1])
                    for index, value in enumerate(layout.fields)
                },
            },
        }
    return {"respondents": respondents, "items": items}


def matrix(blocks: Sequence[str], width: int) -> npt.NDArray[np.uint8]:
    """Return coded blocks (hexadecimal text, `width` bytes per response) as an n x width matrix."""
    buffer = bytes.fromhex("".join(blocks))
    if len(buffer) % width:
        raise ValueError("Coded responses do not match the survey's layout; re-import the form.")
    return np.frombuffer(buffer, dtype=np.uint8).reshape(len(buffer) // width, width)

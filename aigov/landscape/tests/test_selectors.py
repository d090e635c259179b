"""Counting rules of the representation analysis, on constructed cases (issue 4).

The reference initiatives all begin in 2019 or later, so the constructed ones live in the
1990s, where only they have participants.
"""

import datetime

import pytest

from aigov.landscape.selectors import representation, representation_matrix
from aigov.landscape.tests.factories import InitiativeFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_history_counts_only_participation_running_on_the_date():
    initiative = InitiativeFactory()
    ParticipationFactory(
        initiative=initiative,
        participant_id="KEN",
        started_on=D(1990, 1, 1),
        ended_on=D(1995, 1, 1),
    )
    ParticipationFactory(initiative=initiative, participant_id="GHA", started_on=D(1996, 1, 1))

    before_end = representation(as_of=D(1994, 12, 31))
    assert before_end.countries["KEN"] == 1 and before_end.countries["GHA"] == 0
    on_end = representation(as_of=D(1995, 1, 1))
    assert on_end.countries["KEN"] == 0  # ended on that date: no longer counted
    assert on_end.initiatives[initiative.slug].participants == 0
    before_start = representation(as_of=D(1995, 12, 31))
    assert before_start.countries["GHA"] == 0
    on_start = representation(as_of=D(1996, 1, 1))
    assert on_start.countries["GHA"] == 1
    assert on_start.initiatives[initiative.slug].participants == 1
    assert representation(as_of=D(1989, 12, 31)).in_none == 193


def test_non_state_participants_count_in_the_total_but_apart():
    initiative = InitiativeFactory()
    for code in ["KEN", "EUU", "VAT"]:
        ParticipationFactory(initiative=initiative, participant_id=code)

    result = representation(as_of=D(1991, 1, 1))
    count = result.initiatives[initiative.slug]
    assert (count.participants, count.member_states, count.non_state) == (3, 1, 2)
    assert "EUU" not in result.countries and "VAT" not in result.countries
    assert len(result.countries) == result.member_states == 193


def test_eu_membership_does_not_count_for_eu_members():
    initiative = InitiativeFactory()
    ParticipationFactory(initiative=initiative, participant_id="EUU")

    result = representation(as_of=D(1991, 1, 1))
    assert result.countries["FRA"] == 0 and result.countries["DEU"] == 0
    assert result.in_none == 193
    assert result.initiatives[initiative.slug].participants == 1


def test_in_all_is_over_initiatives_with_a_participant_on_the_date():
    first, second, finished = InitiativeFactory(), InitiativeFactory(), InitiativeFactory()
    ParticipationFactory(initiative=first, participant_id="KEN")
    ParticipationFactory(initiative=first, participant_id="FRA")
    ParticipationFactory(initiative=second, participant_id="KEN")
    ParticipationFactory(
        initiative=finished, participant_id="FRA", started_on=D(1990, 1, 1), ended_on=D(1990, 6, 1)
    )

    result = representation(as_of=D(1991, 1, 1))
    assert result.countries["KEN"] == 2 and result.countries["FRA"] == 1
    assert result.in_all == 1  # KEN; `finished` has nobody left and is not required
    assert result.in_none == 191
    african = next(g for g in result.by_regional_group if g.group == "African")
    assert (african.member_states, african.in_all, african.in_none) == (54, 1, 53)
    assert african.mean_participation == round(2 / 54, 2)
    weog = next(g for g in result.by_regional_group if g.group == "WEOG")
    assert (weog.in_all, weog.in_none) == (0, 28)


def test_no_active_initiative_means_nobody_is_in_all():
    assert representation(as_of=D(1980, 1, 1)).in_all == 0


def test_a_second_row_for_the_same_initiative_counts_once():
    initiative = InitiativeFactory()
    ParticipationFactory(initiative=initiative, participant_id="KEN", started_on=D(1990, 1, 1))
    ParticipationFactory(initiative=initiative, participant_id="KEN", started_on=D(1990, 6, 1))

    result = representation(as_of=D(1991, 1, 1))
    assert result.countries["KEN"] == 1
    assert result.initiatives[initiative.slug].participants == 1


def test_matrix_agrees_with_the_counts():
    initiative = InitiativeFactory()
    ParticipationFactory(initiative=initiative, participant_id="KEN")
    ParticipationFactory(initiative=initiative, participant_id="EUU")

    matrix = representation_matrix(as_of=D(1991, 1, 1))
    column = [i.slug for i in matrix.initiatives].index(initiative.slug)
    rows = {row.iso3: row for row in matrix.rows}
    assert len(rows) == 193 and "EUU" not in rows
    assert rows["KEN"].cells[column] and rows["KEN"].count == 1
    assert not rows["FRA"].cells[column]


def test_representation_uses_a_fixed_number_of_queries(django_assert_max_num_queries):
    initiative = InitiativeFactory()
    for code in ["KEN", "GHA", "FRA", "BRA", "CHN"]:
        ParticipationFactory(initiative=initiative, participant_id=code)
    with django_assert_max_num_queries(5):
        representation(as_of=D(1991, 1, 1))

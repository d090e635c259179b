"""Reads of the governance landscape: initiatives, participants, representation, policies,
the UN system, change proposals and recent changes, one module per sub-domain.

Initiatives, participation, policies and the UN system are public: read by everyone, signed in
or not. Change proposals are read through their permission scope (permissions.py).
"""

from aigov.landscape.selectors.initiatives import (
    initiative_get,
    initiative_list,
    participation_active,
    participation_list,
    participations_by_name,
)
from aigov.landscape.selectors.policies import (
    policy_counts_by_status,
    policy_get,
    policy_list,
    proposal_get,
    proposal_list,
    proposal_target,
    proposal_values,
    proposals_awaiting_review,
    un_instrument_list,
    un_project_list,
    un_projects_by_agency,
    un_projects_by_sdg,
)
from aigov.landscape.selectors.recent import (
    Joining,
    participation_recent,
    policy_recent,
)
from aigov.landscape.selectors.representation import (
    MATRIX_COLUMNS,
    GroupBreakdown,
    GroupRow,
    HalfYear,
    InitiativeCount,
    MatrixRow,
    Representation,
    RepresentationMatrix,
    initiatives_over_time,
    representation,
    representation_map,
    representation_matrix,
)

__all__ = [
    "MATRIX_COLUMNS",
    "GroupBreakdown",
    "GroupRow",
    "HalfYear",
    "InitiativeCount",
    "Joining",
    "MatrixRow",
    "Representation",
    "RepresentationMatrix",
    "initiative_get",
    "initiative_list",
    "initiatives_over_time",
    "participation_active",
    "participation_list",
    "participation_recent",
    "participations_by_name",
    "policy_counts_by_status",
    "policy_get",
    "policy_list",
    "policy_recent",
    "proposal_get",
    "proposal_list",
    "proposal_target",
    "proposal_values",
    "proposals_awaiting_review",
    "representation",
    "representation_map",
    "representation_matrix",
    "un_instrument_list",
    "un_project_list",
    "un_projects_by_agency",
    "un_projects_by_sdg",
]

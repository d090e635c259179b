"""Reads of the AI Standards Exchange: the register, the gap matrix, definitions and reviews.

Standards and definitions are public reference data; reviews are narrowed by
`standards.view_review` (hidden ones are absent for everyone but the secretariat and author).
"""

from aigov.standards.selectors.coverage import (
    COLUMN_AXES,
    COUNTED,
    ROW_AXES,
    THIN,
    AxisItem,
    ColumnAxis,
    Coverage,
    RowAxis,
    coverage_counts_by_loop,
    coverage_matrix,
    heat_level,
)
from aigov.standards.selectors.definitions import concept_get, concept_list, definition_register
from aigov.standards.selectors.following import (
    follow_get,
    follow_list,
    follow_of,
    standard_followers,
    topic_for_follow,
)
from aigov.standards.selectors.gaps import gap_endorsed_ids, gap_proposal_get, gap_proposal_list
from aigov.standards.selectors.moderation import (
    gaps_awaiting_moderation,
    reviews_awaiting_moderation,
)
from aigov.standards.selectors.register import (
    COUNTED_STATUSES,
    CURRENT,
    LIFECYCLE_SCHEME,
    SORTS,
    policy_standards,
    sdo_list,
    standard_get,
    standard_list,
    standard_policies,
    standard_related,
    status_change_dated,
    status_change_get,
    status_change_recent,
)
from aigov.standards.selectors.reviews import (
    REVIEW_CRITERIA,
    ReviewSummary,
    review_get,
    review_list,
    review_summary,
)
from aigov.standards.selectors.tools import assessment_tool_get, assessment_tool_list
from aigov.standards.selectors.trends import (
    BodyYearCounts,
    counts_by_body_and_year,
    status_pipeline,
)

__all__ = [
    "COLUMN_AXES",
    "COUNTED",
    "COUNTED_STATUSES",
    "CURRENT",
    "LIFECYCLE_SCHEME",
    "REVIEW_CRITERIA",
    "ROW_AXES",
    "SORTS",
    "THIN",
    "AxisItem",
    "BodyYearCounts",
    "ColumnAxis",
    "Coverage",
    "ReviewSummary",
    "RowAxis",
    "assessment_tool_get",
    "assessment_tool_list",
    "concept_get",
    "concept_list",
    "counts_by_body_and_year",
    "coverage_counts_by_loop",
    "coverage_matrix",
    "definition_register",
    "follow_get",
    "follow_list",
    "follow_of",
    "gap_endorsed_ids",
    "gap_proposal_get",
    "gap_proposal_list",
    "gaps_awaiting_moderation",
    "heat_level",
    "policy_standards",
    "review_get",
    "review_list",
    "review_summary",
    "reviews_awaiting_moderation",
    "sdo_list",
    "standard_followers",
    "standard_get",
    "standard_list",
    "standard_policies",
    "standard_related",
    "status_change_dated",
    "status_change_get",
    "status_change_recent",
    "status_pipeline",
    "topic_for_follow",
]

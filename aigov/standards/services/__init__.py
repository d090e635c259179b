"""Writes of the AI Standards Exchange: standards, their status and tags, reviews, definitions.

Every function checks permission, validates, writes in one transaction and records an audit
entry; search is refreshed after commit.
"""

from aigov.standards.services.definitions import DefinitionImport, definitions_import
from aigov.standards.services.following import follow_add, follow_remove, follow_remove_by_token
from aigov.standards.services.gaps import gap_endorse, gap_moderate, gap_propose
from aigov.standards.services.register import (
    STANDARD_FIELDS,
    standard_change_status,
    standard_edit,
    standard_register,
    standard_update,
)
from aigov.standards.services.reviews import review_moderate, review_post, review_reply
from aigov.standards.services.tools import (
    TOOL_FIELDS,
    assessment_tool_register,
    assessment_tool_update,
    language_tags,
)
from aigov.standards.tagging import TAG_FIELDS, standard_tags_set
from aigov.standards.unsubscribe import UNSUBSCRIBE_SALT, unsubscribe_token

__all__ = [
    "STANDARD_FIELDS",
    "TAG_FIELDS",
    "TOOL_FIELDS",
    "UNSUBSCRIBE_SALT",
    "DefinitionImport",
    "assessment_tool_register",
    "assessment_tool_update",
    "definitions_import",
    "follow_add",
    "follow_remove",
    "follow_remove_by_token",
    "gap_endorse",
    "gap_moderate",
    "gap_propose",
    "language_tags",
    "review_moderate",
    "review_post",
    "review_reply",
    "standard_change_status",
    "standard_edit",
    "standard_register",
    "standard_tags_set",
    "standard_update",
    "unsubscribe_token",
]

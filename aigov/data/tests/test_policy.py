"""The ODRL reader and the three-valued judgement, without a database: each outcome, the rule
that decided it, the accepted spellings, and bad policies refused with the field named."""

import pytest

from aigov.data import policy as odrl
from aigov.data.tests.factories import AFRICAN_RESEARCH_POLICY

COUNTRIES = {"KEN", "NGA", "FRA", "BRA", "IND"}
KENYA = odrl.Place("KEN", "African", "LM")
FRANCE = odrl.Place("FRA", "WEOG", "H")


def read(document):
    return odrl.policy_read(document, known_countries=COUNTRIES)


def judge(purposes, place=KENYA, days=90, document=AFRICAN_RESEARCH_POLICY):
    return odrl.policy_evaluate(read(document), purposes=purposes, place=place, days=days)


def test_research_in_an_african_country_is_permitted_with_the_duties():
    outcome = judge(["non_commercial_research"])
    assert (outcome.decision, outcome.rule) == ("permit", "research-in-africa")
    assert outcome.duties == ("attribute", "delete_after_term")


def test_a_prohibited_purpose_is_denied_even_beside_a_permitted_one():
    outcome = judge(["non_commercial_research", "commercial_use"])
    assert (outcome.decision, outcome.rule) == ("deny", "no-commercial-use")
    assert "Commercial use" in outcome.reason


def test_a_permitted_purpose_outside_the_area_is_denied():
    outcome = judge(["non_commercial_research"], place=FRANCE)
    assert (outcome.decision, outcome.rule) == ("deny", "research-in-africa")
    assert "African" in outcome.reason


def test_a_purpose_no_rule_covers_needs_review():
    outcome = judge(["public_sector_use"])
    assert outcome.decision == "needs_review"
    assert "Public-sector use" in outcome.reason


def test_a_narrower_purpose_is_covered_by_a_broader_permission():
    document = {
        "permission": [
            {
                "constraint": [
                    {"leftOperand": "purpose", "operator": "isA", "rightOperand": "model_training"}
                ]
            }
        ]
    }
    assert judge(["fine_tuning"], document=document).decision == "permit"
    assert judge(["evaluation_only"], document=document).decision == "needs_review"


def test_duo_iris_and_curies_are_the_same_purpose():
    iri = {
        "permission": [
            {
                "constraint": [
                    {
                        "leftOperand": "odrl:purpose",
                        "operator": "http://www.w3.org/ns/odrl/2/eq",
                        "rightOperand": {"@id": "http://purl.obolibrary.org/obo/DUO_0000046"},
                    }
                ]
            }
        ]
    }
    assert read(iri).permissions[0].purposes == frozenset({"non_commercial_research"})
    assert judge(["non_commercial_research"], document=iri).decision == "permit"


@pytest.mark.parametrize(
    ("operand", "place", "decision"),
    [
        ("KEN", KENYA, "permit"),
        (["NGA", "KEN"], KENYA, "permit"),
        ("LM", KENYA, "permit"),
        (["H", "UM"], KENYA, "deny"),
        ("Asia-Pacific", KENYA, "deny"),
        (["WEOG", "African"], FRANCE, "permit"),
    ],
)
def test_spatial_operands_are_codes_groups_or_income_groups(operand, place, decision):
    document = {
        "permission": [
            {
                "constraint": [
                    {"leftOperand": "spatial", "operator": "isAnyOf", "rightOperand": operand}
                ]
            }
        ]
    }
    assert judge(["model_training"], place=place, document=document).decision == decision


def test_a_term_longer_than_the_policy_allows_is_denied():
    document = {
        "permission": [
            {
                "constraint": [
                    {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": "P30D"}
                ]
            }
        ]
    }
    assert judge(["model_training"], days=30, document=document).decision == "permit"
    outcome = judge(["model_training"], days=31, document=document)
    assert outcome.decision == "deny"
    assert "30" in outcome.reason


@pytest.mark.parametrize(
    ("document", "field", "code"),
    [
        ([], "policy", "not_object"),
        ({"@type": "Set"}, "policy", "no_rules"),
        ({"@type": "Ticket", "permission": [{}]}, "policy.@type", "bad_type"),
        ({"permission": [{"action": "sell"}]}, "policy.permission[0].action", "bad_action"),
        (
            {
                "permission": [
                    {
                        "constraint": [
                            {"leftOperand": "purpose", "operator": "eq", "rightOperand": "fun"}
                        ]
                    }
                ]
            },
            "policy.permission[0].constraint[0].rightOperand",
            "unknown_purpose",
        ),
        (
            {
                "permission": [
                    {
                        "constraint": [
                            {"leftOperand": "spatial", "operator": "eq", "rightOperand": "XXX"}
                        ]
                    }
                ]
            },
            "policy.permission[0].constraint[0].rightOperand",
            "unknown_place",
        ),
        (
            {
                "permission": [
                    {
                        "constraint": [
                            {"leftOperand": "recipient", "operator": "eq", "rightOperand": "x"}
                        ]
                    }
                ]
            },
            "policy.permission[0].constraint[0].leftOperand",
            "unknown_operand",
        ),
        (
            {
                "permission": [
                    {
                        "constraint": [
                            {"leftOperand": "purpose", "operator": "gt", "rightOperand": "x"}
                        ]
                    }
                ]
            },
            "policy.permission[0].constraint[0].operator",
            "bad_operator",
        ),
        (
            {"permission": [{"duty": [{"action": "pay"}]}]},
            "policy.permission[0].duty[0].action",
            "unknown_duty",
        ),
    ],
)
def test_bad_policies_name_the_field(document, field, code):
    with pytest.raises(odrl.PolicyInvalid) as refused:
        read(document)
    assert (field, code) in {(item["field"], item["code"]) for item in refused.value.errors}


def test_the_stored_document_reads_back_to_the_same_policy():
    compiled = read(AFRICAN_RESEARCH_POLICY)
    again = read(odrl.policy_document(compiled))
    assert again.permissions == compiled.permissions
    assert again.prohibitions == compiled.prohibitions

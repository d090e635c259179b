"""ODRL 2.2 use policies: read one (validating every part, naming the field of each problem),
keep it in a compiled form, and judge an access request against it.

A policy is an ODRL JSON-LD `Set`/`Offer` whose rules are `permission`s and `prohibition`s of
the action `use`, each with constraints on `purpose` (this module's one purpose vocabulary:
aigov.data.vocabulary), `spatial` (ISO alpha-3 codes, UN regional groups as the taxonomy API
spells them, or World Bank income groups) and `elapsedTime` (the longest term, as `P…D`), and
permissions with duties. Operators are `eq`, `isA`, `isPartOf`, `isAnyOf` (and `lteq` for the
term).

The judgement is three-valued, as REMS's is: `deny` if a prohibition applies or the request
falls outside what a permission for its purpose allows (country, term); `needs_review` if some
purpose is neither permitted nor prohibited (a trustee decides); otherwise `permit`. Each answer
names the rule that decided it. Judging uses only the compiled sets, so no JSON-LD is parsed per
request (the speed target of issue 22).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aigov.core.errors import ErrorItem, field_error
from aigov.data.vocabulary import (
    DUTY_ACTIONS,
    DUTY_ALIASES,
    PURPOSE_BY_SLUG,
    Duty,
    purpose_closure,
    purpose_slug,
)
from aigov.taxonomy.models import IncomeGroup, RegionalGroup

ODRL = "http://www.w3.org/ns/odrl/2/"
ODRL_CONTEXT = "http://www.w3.org/ns/odrl.jsonld"
POLICY_TYPES = {"Set", "Offer", "Policy", "Agreement"}
OPERATORS = {"eq", "isA", "isPartOf", "isAnyOf", "lteq"}
LEFT_OPERANDS = {"purpose", "spatial", "elapsedTime"}
GROUPS = frozenset(RegionalGroup.values)
INCOMES = frozenset(IncomeGroup.values)
_DAYS = re.compile(r"^P(\d{1,5})D$")

PERMIT, DENY, NEEDS_REVIEW = "permit", "deny", "needs_review"


class PolicyInvalid(ValueError):
    """The policy cannot be read; `errors` are error items naming each field."""

    def __init__(self, errors: list[ErrorItem]) -> None:
        super().__init__("; ".join(item["message"] for item in errors))
        self.errors = errors


@dataclass(frozen=True)
class Place:
    """Where a requester works: the country and the groups it belongs to."""

    iso3: str
    regional_group: str = ""
    income_group: str = ""


@dataclass(frozen=True)
class Area:
    countries: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    incomes: frozenset[str] = frozenset()

    def contains(self, place: Place) -> bool:
        return (
            place.iso3 in self.countries
            or place.regional_group in self.groups
            or place.income_group in self.incomes
        )

    def operands(self) -> list[str]:
        return sorted(self.countries) + sorted(self.groups) + sorted(self.incomes)


@dataclass(frozen=True)
class Rule:
    uid: str  # the rule's own uid, or its place ("permission[0]")
    purposes: frozenset[str] | None  # None: any purpose
    area: Area | None  # None: anywhere
    max_days: int | None
    duties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    uid: str
    permissions: tuple[Rule, ...] = ()
    prohibitions: tuple[Rule, ...] = ()

    @property
    def duties(self) -> tuple[str, ...]:
        seen: list[str] = []
        for rule in self.permissions:
            seen.extend(duty for duty in rule.duties if duty not in seen)
        return tuple(seen)


@dataclass(frozen=True)
class Outcome:
    decision: str
    reason: str
    rule: str = ""
    duties: tuple[str, ...] = field(default=())


# Reading ------------------------------------------------------------------------------------


def _term(value: Any) -> str:
    """Return an ODRL term without its prefix ("odrl:eq", full IRI or bare "eq")."""
    if isinstance(value, Mapping):
        value = value.get("@id", "")
    text = str(value) if isinstance(value, str) else ""
    for prefix in (ODRL, "odrl:"):
        text = text.removeprefix(prefix)
    return text


def _operand_list(value: Any) -> list[Any]:
    if isinstance(value, Mapping) and "@list" in value:
        value = value["@list"]
    values = value if isinstance(value, list) else [value]
    return [
        item.get("@id", item.get("@value")) if isinstance(item, Mapping) else item
        for item in values
    ]


class _Reader:
    def __init__(self, known_countries: Iterable[str]) -> None:
        self.known_countries = frozenset(known_countries)
        self.errors: list[ErrorItem] = []

    def fail(self, where: str, code: str, message: str) -> None:
        self.errors.append(field_error(where, code, message))

    def purposes(self, where: str, operator: str, operands: list[Any]) -> frozenset[str]:
        if operator not in {"eq", "isA", "isAnyOf"}:
            self.fail(where, "bad_operator", _("A purpose takes the operator eq, isA or isAnyOf."))
        if operator in {"eq", "isA"} and len(operands) != 1:
            self.fail(where, "one_value", _("This operator takes one purpose; use isAnyOf."))
        slugs: set[str] = set()
        for operand in operands:
            slug = purpose_slug(operand) if isinstance(operand, str) else None
            if slug is None:
                self.fail(
                    f"{where}.rightOperand",
                    "unknown_purpose",
                    _("%(value)s is not a purpose of the vocabulary.") % {"value": operand},
                )
            else:
                slugs.add(slug)
        return frozenset(slugs)

    def area(self, where: str, operator: str, operands: list[Any]) -> Area:
        if operator not in {"eq", "isPartOf", "isAnyOf"}:
            self.fail(
                where, "bad_operator", _("A place takes the operator eq, isPartOf or isAnyOf.")
            )
        countries, groups, incomes = set(), set(), set()
        for operand in operands:
            code = operand if isinstance(operand, str) else ""
            if code in GROUPS:
                groups.add(code)
            elif code in INCOMES:
                incomes.add(code)
            elif code.upper() == code and code in self.known_countries:
                countries.add(code)
            else:
                self.fail(
                    f"{where}.rightOperand",
                    "unknown_place",
                    _(
                        "%(value)s is neither an ISO alpha-3 country code, a UN regional group "
                        "(African, Asia-Pacific, EEG, GRULAC, WEOG) nor an income group (L, LM, "
                        "UM, H)."
                    )
                    % {"value": operand},
                )
        return Area(frozenset(countries), frozenset(groups), frozenset(incomes))

    def term(self, where: str, operator: str, operands: list[Any]) -> int | None:
        match = _DAYS.match(str(operands[0])) if len(operands) == 1 else None
        if operator != "lteq" or match is None:
            self.fail(
                where, "bad_term", _("The term is written lteq and a duration such as P365D.")
            )
            return None
        return int(match.group(1))

    def rule(self, where: str, raw: Any, *, index: int, kind: str) -> Rule | None:
        if not isinstance(raw, Mapping):
            self.fail(where, "not_object", _("Each rule is a JSON object."))
            return None
        action = _term(raw.get("action", "use"))
        if action != "use":
            self.fail(f"{where}.action", "bad_action", _("The action of a rule is use."))
        purposes: frozenset[str] | None = None
        area: Area | None = None
        max_days: int | None = None
        constraints = raw.get("constraint", [])
        if not isinstance(constraints, list):
            constraints = [constraints]
        for number, constraint in enumerate(constraints):
            place = f"{where}.constraint[{number}]"
            if not isinstance(constraint, Mapping):
                self.fail(place, "not_object", _("Each constraint is a JSON object."))
                continue
            left, operator = _term(constraint.get("leftOperand")), _term(constraint.get("operator"))
            operands = _operand_list(constraint.get("rightOperand"))
            if left not in LEFT_OPERANDS:
                self.fail(
                    f"{place}.leftOperand",
                    "unknown_operand",
                    _("The left operand is purpose, spatial or elapsedTime."),
                )
            elif operator not in OPERATORS:
                self.fail(f"{place}.operator", "bad_operator", _("Unknown operator."))
            elif not operands or operands == [None]:
                self.fail(f"{place}.rightOperand", "required", _("Give a right operand."))
            elif left == "purpose":
                purposes = self.purposes(place, operator, operands)
            elif left == "spatial":
                area = self.area(place, operator, operands)
            else:
                max_days = self.term(place, operator, operands)
        duties: list[str] = []
        raw_duties = raw.get("duty", [])
        for number, duty in enumerate(raw_duties if isinstance(raw_duties, list) else [raw_duties]):
            name = _term(duty.get("action")) if isinstance(duty, Mapping) else ""
            known = DUTY_ALIASES.get(name) or DUTY_ALIASES.get(
                str(duty.get("action")) if isinstance(duty, Mapping) else ""
            )
            if known is None:
                self.fail(
                    f"{where}.duty[{number}].action",
                    "unknown_duty",
                    _("A duty is attribute, share_results_back or delete_after_term."),
                )
            elif kind == "prohibition":
                self.fail(
                    f"{where}.duty", "duty_on_prohibition", _("Only permissions have duties.")
                )
            else:
                duties.append(str(known))
        uid = raw.get("uid")
        return Rule(
            uid=uid if isinstance(uid, str) and uid else f"{kind}[{index}]",
            purposes=purposes,
            area=area,
            max_days=max_days,
            duties=tuple(duties),
        )


def policy_read(
    document: Any, *, known_countries: Iterable[str], field_name: str = "policy"
) -> Policy:
    """Return the compiled form of an ODRL policy; raise PolicyInvalid naming each bad field."""
    reader = _Reader(known_countries)
    if not isinstance(document, Mapping):
        raise PolicyInvalid(
            [field_error(field_name, "not_object", _("The policy is a JSON object."))]
        )
    kind = _term(document.get("@type", "Set"))
    if kind not in POLICY_TYPES:
        reader.fail(f"{field_name}.@type", "bad_type", _("The policy is an ODRL Set or Offer."))
    rules: dict[str, list[Rule]] = {"permission": [], "prohibition": []}
    for kind_name, found in rules.items():
        raw_rules = document.get(kind_name, [])
        for index, raw in enumerate(raw_rules if isinstance(raw_rules, list) else [raw_rules]):
            rule = reader.rule(
                f"{field_name}.{kind_name}[{index}]", raw, index=index, kind=kind_name
            )
            if rule is not None:
                found.append(rule)
    if not rules["permission"] and not rules["prohibition"]:
        reader.fail(
            field_name, "no_rules", _("The policy needs at least one permission or prohibition.")
        )
    if reader.errors:
        raise PolicyInvalid(reader.errors)
    uid = document.get("uid")
    return Policy(
        uid=uid if isinstance(uid, str) else "",
        permissions=tuple(rules["permission"]),
        prohibitions=tuple(rules["prohibition"]),
    )


def _rule_document(rule: Rule, *, with_duties: bool) -> dict[str, Any]:
    constraints: list[dict[str, Any]] = []
    if rule.purposes is not None:
        purposes = sorted(rule.purposes)
        constraints.append(
            {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": purposes}
            if len(purposes) > 1
            else {"leftOperand": "purpose", "operator": "eq", "rightOperand": purposes[0]}
        )
    if rule.area is not None:
        constraints.append(
            {"leftOperand": "spatial", "operator": "isAnyOf", "rightOperand": rule.area.operands()}
        )
    if rule.max_days is not None:
        constraints.append(
            {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": f"P{rule.max_days}D"}
        )
    document: dict[str, Any] = {"uid": rule.uid, "action": "use"}
    if constraints:
        document["constraint"] = constraints
    if with_duties and rule.duties:
        document["duty"] = [{"action": DUTY_ACTIONS[Duty(duty)]} for duty in rule.duties]
    return document


def policy_document(policy: Policy, *, uid: str = "", target: str = "") -> dict[str, Any]:
    """Return the policy as ODRL 2.2 JSON-LD (what is stored and exported)."""
    document: dict[str, Any] = {
        "@context": ODRL_CONTEXT,
        "@type": "Set",
        "uid": uid or policy.uid,
    }
    if target:
        document["target"] = target
    if policy.permissions:
        document["permission"] = [_rule_document(r, with_duties=True) for r in policy.permissions]
    if policy.prohibitions:
        document["prohibition"] = [
            _rule_document(r, with_duties=False) for r in policy.prohibitions
        ]
    return document


# Judging ------------------------------------------------------------------------------------


def _purpose_names(slugs: Iterable[str]) -> str:
    return ", ".join(str(PURPOSE_BY_SLUG[slug].label) for slug in sorted(slugs))


def _covers(rule: Rule, slug: str) -> bool:
    return rule.purposes is None or bool(rule.purposes & purpose_closure(slug))


def policy_evaluate(policy: Policy, *, purposes: Iterable[str], place: Place, days: int) -> Outcome:
    """Judge a request for `purposes` (slugs) from `place` for `days` days against `policy`."""
    wanted = sorted(set(purposes))
    for rule in policy.prohibitions:
        hit = [slug for slug in wanted if _covers(rule, slug)]
        if hit and (rule.area is None or rule.area.contains(place)):
            return Outcome(
                DENY,
                _("The policy prohibits %(purposes)s.") % {"purposes": _purpose_names(hit)},
                rule.uid,
            )
    chosen: list[Rule] = []
    unknown: list[str] = []
    for slug in wanted:
        candidates = [rule for rule in policy.permissions if _covers(rule, slug)]
        if not candidates:
            unknown.append(slug)
            continue
        fitting = [
            rule
            for rule in candidates
            if (rule.area is None or rule.area.contains(place))
            and (rule.max_days is None or days <= rule.max_days)
        ]
        if not fitting:
            rule = candidates[0]
            if rule.area is not None and not rule.area.contains(place):
                reason = _("The policy allows %(purposes)s only in %(area)s.") % {
                    "purposes": _purpose_names([slug]),
                    "area": ", ".join(rule.area.operands()),
                }
            else:
                reason = _("The policy allows %(purposes)s for at most %(days)d days.") % {
                    "purposes": _purpose_names([slug]),
                    "days": rule.max_days or 0,
                }
            return Outcome(DENY, reason, rule.uid)
        chosen.append(fitting[0])
    if unknown:
        return Outcome(
            NEEDS_REVIEW,
            _("No rule of the policy covers %(purposes)s: a trustee decides.")
            % {"purposes": _purpose_names(unknown)},
            "",
        )
    duties: list[str] = []
    for rule in chosen:
        duties.extend(duty for duty in rule.duties if duty not in duties)
    return Outcome(
        PERMIT,
        _("The policy permits %(purposes)s here.") % {"purposes": _purpose_names(wanted)},
        ", ".join(dict.fromkeys(rule.uid for rule in chosen)),
        tuple(duties),
    )

"""Evaluating XLSForm `relevant` expressions on the server, so forms work without JavaScript.

The subset understood is what relevance columns use in practice: `${name}` references, string
and number literals, `= != < <= > >=`, `and`, `or`, `not(...)`, parentheses,
`selected(${name}, 'choice')` and `count-selected(${name})`. An expression outside that subset
raises RelevanceError when the form is imported, never while someone answers.
"""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{[A-Za-z_][\w.-]*\})
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op><=|>=|!=|=|<|>)
    | (?P<punct>[(),])
    | (?P<word>[A-Za-z][\w-]*)
    )""",
    re.VERBOSE,
)

Answers = dict[str, Any]
Node = Callable[[Answers], Any]


class RelevanceError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise RelevanceError(f"Cannot read {text[position:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if isinstance(left, list):
        left = " ".join(left)
    if isinstance(right, list):
        right = " ".join(right)
    left = "" if left is None else left
    right = "" if right is None else right
    a, b = _number(left), _number(right)
    if op in {"<", "<=", ">", ">="}:
        if a is None or b is None:
            return False
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    same = a == b if a is not None and b is not None else str(left) == str(right)
    return same if op == "=" else not same


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.references: set[str] = set()

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise RelevanceError(f"Expected {value!r}, found {token[1]!r}")
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        if self.peek()[0] != "end":
            raise RelevanceError(f"Unexpected {self.peek()[1]!r}")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() == ("word", "or"):
            self.take()
            node = _either(node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.comparison()
        while self.peek() == ("word", "and"):
            self.take()
            node = _both(node, self.comparison())
        return node

    def comparison(self) -> Node:
        node = self.atom()
        if self.peek()[0] == "op":
            op = self.take()[1]
            left, right = node, self.atom()
            return lambda a: _compare(op, left(a), right(a))
        return node

    def atom(self) -> Node:
        kind, value = self.take()
        if kind == "ref":
            name = value[2:-1]
            self.references.add(name)
            return lambda a: a.get(name)
        if kind == "string":
            text = value[1:-1]
            return lambda a: text
        if kind == "number":
            return lambda a: value
        if kind == "punct" and value == "(":
            node = self.or_()
            self.take(")")
            return node
        if kind == "word" and value in {"true", "false"} and self.peek()[1] == "(":
            self.take("(")
            self.take(")")
            result = value == "true"
            return lambda a: result
        if kind == "word" and value in {"not", "selected", "count-selected"}:
            self.take("(")
            first = self.or_()
            if value == "not":
                self.take(")")
                return lambda a: not first(a)
            if value == "count-selected":
                self.take(")")
                return lambda a: len(_as_list(first(a)))
            self.take(",")
            second = self.or_()
            self.take(")")
            return lambda a: str(second(a)) in _as_list(first(a))
        raise RelevanceError(f"Unsupported {value!r}")


def _either(left: Node, right: Node) -> Node:
    return lambda answers: bool(left(answers)) or bool(right(answers))


def _both(left: Node, right: Node) -> Node:
    return lambda answers: bool(left(answers)) and bool(right(answers))


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split()


def compile_relevance(text: str) -> tuple[Node, set[str]]:
    """Return (a function of the answers, the question names it reads); RelevanceError if bad."""
    if not text.strip():
        return (lambda a: True), set()
    parser = _Parser(text)
    return parser.parse(), parser.references


def is_relevant(text: str, answers: Answers) -> bool:
    return bool(compile_relevance(text)[0](answers))

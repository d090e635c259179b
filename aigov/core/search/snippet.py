"""Search snippets: a window of a record's text around the first match, matches in <mark>.

Matching runs on folded text (see normalise.fold) with a map back to the original characters,
so "Kénia" is marked in "Quénia, Kenia" for the query "kenia", and a Chinese word is marked
inside a sentence without spaces.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

from aigov.core.search.normalise import CJK_CLASS, Term, fold, is_cjk

# A letter or digit of a script that separates words with spaces (not CJK, not "_").
_WORD = f"[^\\W_{CJK_CLASS}]"
_SEPARATOR = r"[\W_]+"
_OPTIONAL_SEPARATOR = r"[\W_]*"
WIDTH = 200
LEAD = 60
ELLIPSIS = "…"
# Snippets fold text one character at a time (to map matches back); texts repeat characters.
_fold_character = lru_cache(maxsize=8192)(fold)


# Words without CJK characters are matched in the text with each CJK character replaced by
# _BLANK (a private-use character, so positions stay): their word boundaries are then plain
# letter classes, which compile in microseconds, where a class excluding the CJK ranges takes a
# millisecond to compile, for every new query. _BLANK is neither a letter (so a word may start
# right after a CJK character) nor a separator (so "3.4" is not found in "3中4").
_BLANK = "\ue000"
_LATIN_WORD = r"[^\W_]"
_LATIN_SEPARATOR = f"(?:[^\\w{_BLANK}]|_)+"
_CJK_CHARACTER = re.compile(f"[{CJK_CLASS}]")


def _has_cjk(term: Term) -> bool:
    return any(is_cjk(character) for token in term.tokens for character in token)


def _latin_term_pattern(term: Term) -> str:
    pieces = [re.escape(token) for token in term.tokens]
    end = f"{_LATIN_WORD}*" if term.is_prefix else f"(?!{_LATIN_WORD})"
    return f"(?<!{_LATIN_WORD})" + _LATIN_SEPARATOR.join(pieces) + end


def _term_pattern(term: Term) -> str:
    if not _has_cjk(term):
        return _latin_term_pattern(term)
    pieces: list[str] = []
    for position, token in enumerate(term.tokens):
        if position:
            previous = term.tokens[position - 1]
            joins_cjk = is_cjk(previous[-1]) or is_cjk(token[0])
            pieces.append(_OPTIONAL_SEPARATOR if joins_cjk else _SEPARATOR)
        pieces.append(re.escape(token))
    start = "" if is_cjk(term.tokens[0][0]) else f"(?<!{_WORD})"
    # A prefix runs on to the end of its word; a whole word must end where the token does.
    end = f"(?!{_WORD})"
    if term.is_prefix:
        end = f"{_WORD}*"
    elif is_cjk(term.tokens[-1][-1]):
        end = ""
    return start + "".join(pieces) + end


@dataclass(frozen=True)
class Patterns:
    """What finds a query's words in folded text: `latin` (words without CJK characters, run
    on the text with its CJK characters blanked) and `cjk` (the other words)."""

    latin: re.Pattern[str] | None
    cjk: re.Pattern[str] | None


def _compiled(terms: list[Term]) -> re.Pattern[str] | None:
    alternatives = [f"(?:{_term_pattern(term)})" for term in terms]
    return re.compile("|".join(alternatives)) if alternatives else None


@lru_cache(maxsize=256)
def _match_patterns(terms: tuple[Term, ...]) -> Patterns | None:
    words = [term for term in terms if term.tokens]
    if not words:
        return None
    return Patterns(
        latin=_compiled([term for term in words if not _has_cjk(term)]),
        cjk=_compiled([term for term in words if _has_cjk(term)]),
    )


def match_pattern(terms: Iterable[Term]) -> Patterns | None:
    """Return the patterns finding any of `terms` in folded text, or None without terms."""
    return _match_patterns(tuple(terms))


def _spans(folded: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the matches in `folded`, in order, without overlaps."""
    found: list[tuple[int, int]] = []
    if patterns.cjk is not None:
        found += [match.span() for match in patterns.cjk.finditer(folded)]
    if patterns.latin is not None:
        blanked = folded if folded.isascii() else _CJK_CHARACTER.sub(_BLANK, folded)
        found += [match.span() for match in patterns.latin.finditer(blanked)]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if end > start and (not spans or start >= spans[-1][1]):
            spans.append((start, end))
    return spans


def _matches(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Return the (start, end) spans in `text` of the matches of `patterns` in its folded form."""
    if text.isascii():
        return _spans(text.lower(), patterns)
    parts = [_fold_character(character) for character in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(part) == 1 for part in parts):
        return _spans(folded, patterns)
    origins = [index for index, part in enumerate(parts) for _character in part]
    return [(origins[start], origins[end - 1] + 1) for start, end in _spans(folded, patterns)]


def matches(*, terms: Iterable[Term], text: str) -> bool:
    """Return whether any of `terms` occurs in `text`, as the snippet would mark it."""
    patterns = match_pattern(terms)
    return patterns is not None and bool(_matches(text, patterns))


def _window(text: str, first_start: int, first_end: int, width: int) -> tuple[int, int]:
    start = max(0, first_start - LEAD)
    if start > 0:
        space = text.find(" ", start, first_start)
        if space != -1 and space - start < 20:
            start = space + 1
    end = min(len(text), max(start + width, first_end))
    if end < len(text):
        space = text.rfind(" ", first_end, end)
        if space != -1 and end - space < 30:
            end = space
    return start, end


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    parts = [ELLIPSIS + " "] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, cursor), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" " + ELLIPSIS)
    return "".join(parts)


def snippet(
    *, terms: Iterable[Term], candidates: Iterable[str], fallback: str = "", width: int = WIDTH
) -> str:
    """Return escaped HTML: the first candidate text that matches, cut around its first match.

    Matches are wrapped in <mark>. Without a match anywhere, return the start of `fallback`,
    unmarked (an empty string for an empty fallback).
    """
    pattern = match_pattern(terms)
    if pattern is not None:
        for candidate in candidates:
            text = " ".join(candidate.split())
            spans = _matches(text, pattern)
            if spans:
                start, end = _window(text, spans[0][0], spans[0][1], width)
                return _render(text, start, end, spans)
    text = " ".join(fallback.split())
    start, end = _window(text, 0, 0, width) if text else (0, 0)
    return _render(text, start, end, [])

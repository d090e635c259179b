"""Search snippets: a window of a record's text around the first match, matches in <mark>.

Matching runs on folded text (see normalise.fold) with a map back to the original characters,
so "Kénia" is marked in "Quénia, Kenia" for the query "kenia", and a Chinese word is marked
inside a sentence without spaces.
"""

import re
from collections.abc import Iterable
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


def _term_pattern(term: Term) -> str:
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


@lru_cache(maxsize=256)
def _match_pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    alternatives = [f"(?:{_term_pattern(term)})" for term in terms if term.tokens]
    return re.compile("|".join(alternatives)) if alternatives else None


def match_pattern(terms: Iterable[Term]) -> re.Pattern[str] | None:
    """Return one pattern finding any of `terms` in folded text, or None without terms."""
    return _match_pattern(tuple(terms))


def _matches(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Return the (start, end) spans in `text` of the matches of `pattern` in its folded form."""
    if text.isascii():
        return [
            found.span() for found in pattern.finditer(text.lower()) if found.end() > found.start()
        ]
    parts = [_fold_character(character) for character in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(part) == 1 for part in parts):
        return [found.span() for found in pattern.finditer(folded) if found.end() > found.start()]
    origins = [index for index, part in enumerate(parts) for _character in part]
    return [
        (origins[found.start()], origins[found.end() - 1] + 1)
        for found in pattern.finditer(folded)
        if found.end() > found.start()
    ]


def matches(*, terms: Iterable[Term], text: str) -> bool:
    """Return whether any of `terms` occurs in `text`, as the snippet would mark it."""
    pattern = match_pattern(terms)
    return pattern is not None and bool(_matches(text, pattern))


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

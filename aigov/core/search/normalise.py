"""Text normalisation shared by the search index and the search query.

Both sides must turn text into the same tokens, so they both go through `tokens()`:

- case is folded (`casefold`, so "Straße" finds "strasse" and "КЕНИЯ" finds "Кения");
- diacritics are removed ("Kénia" finds "Kenia", "Quénia" finds "quenia"), except where the mark
  makes another letter in the language's own alphabet: Russian "й" stays "й" and Japanese voiced
  kana ("ガ") keep their voicing mark; "ё" loses its diaeresis, as Russian search expects;
- Arabic is normalised as Arabic search engines do (Lucene's ArabicNormalizer): short vowels and
  tatweel are dropped, alef with hamza or madda becomes bare alef, alef maqsura becomes yeh and
  teh marbuta becomes heh;
- compatibility forms are unified (full-width Latin letters are plain Latin letters);
- Chinese, Japanese and Korean characters become one token each. These scripts put no spaces
  between words, so a word-based index would see a whole sentence as one token and could never
  find a word inside it; with one token per character, a word is found as a phrase of
  consecutive characters ("肯尼亚" is the phrase 肯 尼 亚), by FTS5 and PostgreSQL alike. The
  index also stores the bigrams of each run (`index_text`: "肯尼 尼亚"), so that a two-character
  word, the commonest in Chinese, is one token the full-text index finds without checking
  positions, and a longer word is looked for only where all its bigrams are.

Everything that is not a letter, digit or combining mark separates tokens.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

# Han (radicals, CJK unified ideographs and extensions, compatibility ideographs, 々〆〇),
# Bopomofo, Hiragana, Katakana (with phonetic extensions and half-width forms) and Hangul.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # iteration mark, closing mark, ideographic number zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x323AF),  # CJK extensions B to H, compatibility supplement
)

# The same ranges as a regular-expression character class body.
CJK_CLASS = "".join(f"{chr(start)}-{chr(end)}" for start, end in CJK_RANGES)

# Marks that are diacritics (accents, Arabic short vowels, Hebrew points) rather than parts of
# letters: dropped. Marks of Indic and other scripts are parts of their letters and stay; so do
# the kana voicing marks (カ + ゙ = ガ).
_DIACRITIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0483, 0x0489),  # Cyrillic titlo and other combining marks
    (0x0591, 0x05BD),  # Hebrew cantillation and points
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),  # Arabic honorifics and small letters
    (0x064B, 0x065F),  # Arabic short vowels, shadda, sukun, hamza above and below
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x20D0, 0x20FF),  # combining marks for symbols
    (0xFE20, 0xFE2F),  # combining half marks
)
# и + combining breve is й, a letter of its own: composed again before marks are dropped.
_CYRILLIC_SHORT_I = ("\u0438\u0306", "\u0439")
_ARABIC_LETTERS = (
    ("\u0640", ""),  # tatweel
    ("\u0649", "\u064a"),  # alef maqsura -> yeh
    ("\u0629", "\u0647"),  # teh marbuta -> heh
)


def is_cjk(character: str) -> bool:
    """Return whether `character` is Han, Hiragana, Katakana, Bopomofo or Hangul."""
    code = ord(character)
    return any(start <= code <= end for start, end in CJK_RANGES)


def _class_of(ranges: Iterable[tuple[int, int]]) -> str:
    """Return a regular-expression character class body for inclusive code point ranges."""
    return "".join(
        re.escape(chr(start)) if start == end else f"{re.escape(chr(start))}-{re.escape(chr(end))}"
        for start, end in ranges
    )


def _ranges_of(codes: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


_DIACRITICS = re.compile(f"[{_class_of(_DIACRITIC_RANGES)}]+")


@cache
def _token_pattern() -> re.Pattern[str]:
    """Return the token pattern: one CJK character, or a run of letters, digits and marks.

    Python's `re` has no \\p{M}, so the marks of the Basic Multilingual Plane are listed from
    the Unicode database on first use (a few tens of milliseconds, once per process). Classes
    limited to that plane compile to bitmaps; the CJK characters beyond it are matched apart.
    """
    marks = _ranges_of(
        code for code in range(0x10000) if unicodedata.category(chr(code)).startswith("M")
    )
    basic_cjk = _class_of(r for r in CJK_RANGES if r[1] <= 0xFFFF)
    astral_cjk = _class_of(r for r in CJK_RANGES if r[0] > 0xFFFF)
    word = f"(?:(?![{astral_cjk}])[^\\W_{basic_cjk}]|[{_class_of(marks)}])+"
    return re.compile(f"[{astral_cjk}]|[{basic_cjk}]|{word}")


def fold(text: str) -> str:
    """Return `text` case-folded, without diacritics and with Arabic letters unified.

    Unlike `tokens()`, punctuation and spacing stay, so snippets can map matches back.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold()).replace(*_CYRILLIC_SHORT_I)
    # Alef with hamza or madda decomposes into alef plus a mark, so dropping marks unifies alef;
    # NFC puts back the voiced kana and the Hangul syllables that NFKD split into Jamo.
    folded = unicodedata.normalize("NFC", _DIACRITICS.sub("", decomposed))
    for letter, replacement in _ARABIC_LETTERS:
        folded = folded.replace(letter, replacement)
    return folded


def tokens(text: str) -> list[str]:
    """Return the search tokens of `text`: folded words, and one token per CJK character."""
    return _token_pattern().findall(fold(text))


def normalise(text: str) -> str:
    """Return `text` as normalised tokens joined by single spaces (what names are compared as)."""
    return " ".join(tokens(text))


def _is_cjk_token(token: str) -> bool:
    return len(token) == 1 and is_cjk(token)


def cjk_bigrams(token_list: Iterable[str]) -> list[str]:
    """Return the pairs of consecutive CJK tokens of `token_list`, each as one token ("肯尼")."""
    return [
        first + second
        for first, second in pairwise(token_list)
        if _is_cjk_token(first) and _is_cjk_token(second)
    ]


def index_text(text: str) -> str:
    """Return `text` as the index stores it: its tokens joined by single spaces, then the
    bigrams of its CJK runs ("肯尼亚" is stored as "肯 尼 亚 肯尼 尼亚").

    The single characters keep every CJK phrase findable (one character, or a phrase across
    a run); the bigrams make a two-character word, the commonest Chinese word, one token that
    the full-text index finds by itself, and cut the rows a longer phrase must be checked in.
    """
    found = tokens(text)
    return " ".join([*found, *cjk_bigrams(found)])


def with_bigrams(normalised: str) -> str:
    """Return index_text of already normalised text (the tokens joined by spaces)."""
    found = normalised.split()
    return " ".join([*found, *cjk_bigrams(found)])


@dataclass(frozen=True)
class Term:
    """One word of a query: its tokens must appear in this order, next to each other.

    A word typed as one ("肯尼亚", "3.4", "e-mail") is a phrase of several tokens; `is_prefix`
    says whether the last token may be the start of a longer word (Latin, Cyrillic, Arabic
    words of two or more characters, so "Ken" finds "Kenya"; never a CJK character).
    """

    tokens: tuple[str, ...]
    is_prefix: bool

    @property
    def bigrams(self) -> list[str]:
        """The index's bigram tokens of this word's CJK runs (see index_text)."""
        return list(dict.fromkeys(cjk_bigrams(self.tokens)))

    @property
    def is_bigram(self) -> bool:
        """Whether this word is exactly one bigram token (a two-character CJK word)."""
        return len(self.tokens) == 2 and bool(self.bigrams)


MAX_TERMS = 16
_MIN_PREFIX_LENGTH = 2


def query_terms(text: str) -> list[Term]:
    """Return the terms of a query typed by a person; every term must match (AND)."""
    terms: list[Term] = []
    for word in re.split(r"\s+", text.strip()):
        word_tokens = tuple(tokens(word))
        if not word_tokens:
            continue
        last = word_tokens[-1]
        is_prefix = not is_cjk(last[-1]) and len(last) >= _MIN_PREFIX_LENGTH
        term = Term(tokens=word_tokens, is_prefix=is_prefix)
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]

"""Keywords of free-text answers, counted per answer (the report's Figure 3), in any language.

Latin and Cyrillic text is split on word boundaries; words of four letters or more outside a
list of common words count. Arabic words of three letters or more count once diacritics and
tatweel are removed and a particle glued before the article (wa-, fa-, bi-, li-) is dropped,
outside a list of common Arabic words. Chinese has no spaces: runs of Han characters are
segmented with jieba (its dictionary ships in the package) and words of two characters or more
outside a list of common Chinese words count. The lists are `data/common_words*.txt`. A
"word" of more than MAX_KEYWORD characters (a pasted address, a run of letters) is not one.

Each survey keeps its keyword counts (`KeywordTally`), added to as responses arrive; they are
counted by the rules of `VERSION`, which changes with RULES and with the lists, so counts kept
under other rules are never shown (services.py counts them again).
"""

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def _words(name: str) -> frozenset[str]:
    return frozenset((DATA / name).read_text(encoding="utf-8").split())


STOPWORDS = _words("common_words.txt")
ARABIC_STOPWORDS = _words("common_words_ar.txt")
CHINESE_STOPWORDS = _words("common_words_zh.txt")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
MAX_KEYWORD = 100
# Change RULES whenever answer_keywords counts differently: kept counts are then redone.
RULES = "2026-12-07"
_LISTS = ("common_words.txt", "common_words_ar.txt", "common_words_zh.txt")
_RULES_TEXT = "\n".join([RULES, *((DATA / name).read_text(encoding="utf-8") for name in _LISTS)])
VERSION = hashlib.sha256(_RULES_TEXT.encode()).hexdigest()[:16]


@cache
def _segmenter() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def answer_keywords(text: str) -> set[str]:
    """The distinct keywords of one answer."""
    text = unicodedata.normalize("NFKC", str(text))
    found: set[str] = set()
    for run in _HAN.findall(text):
        found.update(
            word
            for word in _segmenter().lcut(run)
            if len(word) >= 2 and word not in CHINESE_STOPWORDS
        )
    for word in _WORD.findall(_HAN.sub(" ", text)):
        if word.isdigit():
            continue
        if _ARABIC.search(word):
            word = _ARABIC_MARKS.sub("", word)
            if len(word) > 4 and word[0] in "وفبل" and word[1:3] == "ال":
                word = word[1:]  # "and the …", "by the …": the article stays, the particle goes
            if len(word) >= 3 and word not in ARABIC_STOPWORDS:
                found.add(word)
        elif len(word) >= 4 and word.lower() not in STOPWORDS:
            found.add(word.lower())
    return {word for word in found if len(word) <= MAX_KEYWORD}


def keyword_tags(texts: Iterable[str], limit: int = 30) -> list[tuple[str, int]]:
    """Count the keywords of free-text answers: a respondent counts once per keyword, however
    often they repeat it; the most used first, ties in alphabetical order."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(answer_keywords(text))
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]

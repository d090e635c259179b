"""Keyword clouds: words in lines, each sized by how many answers use it (the HLAB report's
Figure 3). The words are HTML text in a wrapping list, so they flow to the width of any screen,
keep at least the page's font size, and run right to left with the page."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from aigov.core.charts.text import chart_language, reading_direction

TEMPLATE = "core/charts/_tags.html"
SIZES = 5  # steps of font size, from the page's own size (1) to twice it (5): see charts.css


@dataclass(frozen=True)
class Tag:
    text: str
    count: int
    size: int


@dataclass(frozen=True)
class TagCloud:
    tags: tuple[Tag, ...]
    direction: str
    language: str
    title: str = ""

    def __html__(self) -> SafeString:
        return SafeString(render_to_string(TEMPLATE, {"chart": self, "title": self.title}))

    def __str__(self) -> str:
        return self.__html__()


def tag_cloud(tags: Sequence[tuple[str, int]], *, title: str = "") -> TagCloud:
    """Return the cloud of (word, count) pairs, the most used word in the largest size."""
    most = max((count for _text, count in tags), default=1) or 1
    sized = tuple(Tag(text, count, 1 + round((SIZES - 1) * count / most)) for text, count in tags)
    return TagCloud(sized, reading_direction(), chart_language(), title)

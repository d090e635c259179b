"""Text in charts: the reader's language and direction, numbers in the reader's format, and the
room a label needs.

Labels, figures and keywords are drawn as HTML text, not SVG text, wherever they can be in any
script: browsers and WeasyPrint shape Arabic, set it right to left and choose a Chinese face by
`lang` only for HTML text. WeasyPrint draws SVG text one glyph at a time
(`weasyprint/svg/text.py`), so an Arabic label in an SVG came out of a report PDF unjoined and
left to right (issue 26).
"""

import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats, translation

NO_VALUE = "\u2013"  # an en dash where there is no figure, in charts and their tables alike

# Average advance widths in em of the fonts the pages and PDFs use (Noto Sans, Noto Sans Arabic,
# Noto Sans CJK): only to size a label column; a label wider than its estimate wraps, never cut.
_WIDE_EM, _UPPER_EM, _SPACE_EM, _OTHER_EM = 1.0, 0.68, 0.28, 0.56


def reading_direction() -> str:
    """Return "rtl" or "ltr": the direction of the active language."""
    return "rtl" if translation.get_language_bidi() else "ltr"


def chart_language() -> str:
    """Return the active language code, for the `lang` of a chart drawn in it."""
    return translation.get_language() or settings.LANGUAGE_CODE


def format_decimal(value: float | Decimal | None, digits: int = 2) -> str:
    """Return `value` rounded half up to `digits` places in the active language ("2,89" in
    Arabic, "2.89" in English), or an en dash for no value.

    Charts and the tables beside them both call this, so they never disagree (Django's own
    number formatting truncates instead of rounding, and `floatformat` differs from f-strings).
    """
    if value is None:
        return NO_VALUE
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return str(formats.number_format(rounded, decimal_pos=digits))


def format_percent(share: float | Decimal | None, digits: int = 0) -> str:
    """Return a share from 0 to 1 as a percentage ("57%"), or an en dash for no value."""
    if share is None:
        return NO_VALUE
    return f"{format_decimal(Decimal(str(share)) * 100, digits)}%"


def text_width(text: str) -> float:
    """Estimate the width of `text` in em: full-width (CJK) characters count one em, and so do
    punctuation and symbols a CJK font draws full width (the dots and dashes between figures);
    marks that join their letter (Arabic vowels) count nothing."""
    width = 0.0
    for character in text:
        category = unicodedata.category(character)
        if category in {"Mn", "Me", "Cf"}:
            continue
        east_asian = unicodedata.east_asian_width(character)
        if east_asian in {"W", "F"} or (east_asian == "A" and category[0] in "PS"):
            width += _WIDE_EM
        elif character.isspace():
            width += _SPACE_EM
        elif character.isupper():
            width += _UPPER_EM
        else:
            width += _OTHER_EM
    return width


def label_column(labels: Iterable[str], *, widest: float = 16.0, narrowest: float = 3.0) -> str:
    """Return the CSS width of a column holding `labels` beside their bars: the widest label's
    estimate, between `narrowest` and `widest` em (longer labels wrap onto more lines)."""
    needed = max((text_width(label) + 0.5 for label in labels if label), default=0.0)
    return f"{min(widest, max(narrowest, needed)):.1f}em"


def svg_number(value: float) -> str:
    """Return a coordinate for an SVG attribute: no locale, at most three decimals."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text

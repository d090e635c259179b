"""Formulas kept out of CSV exports (issue 17, part 9).

A CSV file has no types, so a spreadsheet program opening one runs a cell that starts like a
formula (OWASP, "CSV injection"): "=HYPERLINK(...)" in a title becomes a link in the reader's
spreadsheet. CSV exports put a quote before such text, which spreadsheets show as text, and the
CSV import takes it away again.
"""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_escaped(text: str) -> str:
    """Return `text` for a CSV cell, with a quote before text a spreadsheet would run.

    Text that already starts with quotes before such a character gets one more, so that
    formula_unescaped gives back exactly what was exported.
    """
    if text.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def formula_unescaped(text: str) -> str:
    """Undo formula_escaped on a CSV cell: an export imported again is unchanged."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_STARTS):
        return text[1:]
    return text

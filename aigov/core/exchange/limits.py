"""How much an import file, an upload or a JSON body may hold (issue 17, part 5).

The limits are settings (README, "Imports and exports"), read when a file is read so that tests
and operators can change them. Each check runs before the expensive work it protects: the size
before reading, the unpacked size of a workbook before unpacking, the nesting of JSON before
parsing it.
"""

import json
from array import array
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportLimits:
    """The most an import file may hold; every limit is a setting of the same name."""

    file_bytes: int  # AIGOV_MAX_UPLOAD_BYTES
    unpacked_bytes: int  # AIGOV_IMPORT_MAX_UNPACKED_BYTES: an XLSX workbook, once unzipped
    rows: int  # AIGOV_IMPORT_MAX_ROWS, the header row included
    columns: int  # AIGOV_IMPORT_MAX_COLUMNS
    cell_characters: int  # AIGOV_IMPORT_MAX_CELL_CHARACTERS (Excel's own limit by default)
    json_depth: int  # AIGOV_MAX_JSON_DEPTH

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            file_bytes=settings.AIGOV_MAX_UPLOAD_BYTES,
            unpacked_bytes=settings.AIGOV_IMPORT_MAX_UNPACKED_BYTES,
            rows=settings.AIGOV_IMPORT_MAX_ROWS,
            columns=settings.AIGOV_IMPORT_MAX_COLUMNS,
            cell_characters=settings.AIGOV_IMPORT_MAX_CELL_CHARACTERS,
            json_depth=settings.AIGOV_MAX_JSON_DEPTH,
        )


def size_text(size: int) -> str:
    """A byte count as people read it ("20.0 MB"), in the current language."""
    return str(filesizeformat(size))


def count_text(count: int) -> str:
    """A count with the current language's thousands separator ("200,000")."""
    return number_format(count, force_grouping=True)


def file_too_large_message(size: int | None, limit: int) -> str:
    """Say that a file of `size` bytes (None: unknown, read from a stream) is over `limit`."""
    if size is None:
        return _(
            "The file is larger than %(limit)s, the most an import may be; split it into smaller "
            "files."
        ) % {"limit": size_text(limit)}
    return _(
        "The file is %(size)s, larger than %(limit)s, the most an import may be; split it into "
        "smaller files."
    ) % {"size": size_text(size), "limit": size_text(limit)}


# Every byte but quotes and brackets; opening brackets then become +1, closing ones -1 (0xff
# read as a signed byte). In UTF-8 no byte of a multi-byte character is one of these.
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'"[]{}'))
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_nesting_depth(document: str | bytes) -> int:
    """Return how deeply the arrays and objects of a JSON text nest, without parsing it.

    Python's parser recurses once per level and fails with RecursionError (a server error) on a
    few thousand brackets, so the depth is measured first, in C-speed steps that keep a 20 MB
    text to a fraction of a second: escaped backslashes and quotes go, then everything but quotes
    and brackets; what lies between a quote and the next is inside a string and goes too; the
    running count of the brackets left is the depth. A text that is not JSON may measure
    anything; the parser then says what is wrong with it.
    """
    raw = document.encode("utf-8", "surrogatepass") if isinstance(document, str) else document
    # Left to right, as a JSON reader does: "\\" is one backslash, then "\"" a quote.
    quotes_and_brackets = (
        raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    )
    structure = b"".join(quotes_and_brackets.split(b'"')[::2])
    return max(accumulate(array("b", structure.translate(_STEPS))), default=0)


class JsonTooDeep(ValueError):
    """A JSON text nests deeper than the limit; a ValueError, as json.loads raises for bad JSON."""

    def __init__(self, depth: int, limit: int) -> None:
        self.depth, self.limit = depth, limit
        super().__init__(
            _("The JSON nests %(depth)s levels deep; at most %(limit)s levels are accepted.")
            % {"depth": count_text(depth), "limit": count_text(limit)}
        )


def json_depth_check(document: str | bytes, *, limit: int | None = None) -> None:
    """Raise JsonTooDeep when `document` nests deeper than `limit` (AIGOV_MAX_JSON_DEPTH)."""
    limit = settings.AIGOV_MAX_JSON_DEPTH if limit is None else limit
    depth = json_nesting_depth(document)
    if depth > limit:
        raise JsonTooDeep(depth, limit)


def json_parse(document: str | bytes, *, limit: int | None = None) -> Any:
    """Parse a JSON text that nests at most `limit` levels (AIGOV_MAX_JSON_DEPTH).

    Raise JsonTooDeep for a deeper one and json.JSONDecodeError (a ValueError too) for text that
    is not JSON, so that callers catching ValueError refuse both. Used for every JSON that comes
    from outside: import files, uploads, request bodies.
    """
    json_depth_check(document, limit=limit)
    return json.loads(document)

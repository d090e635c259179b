"""XLSX files written part by part, so that tests can make the hostile ones cheaply: a sheet that
claims two million rows, a cell of 300 MB that zips to a few hundred kilobytes, a formula saved
without its result."""

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/>
</Types>"""

PACKAGE_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1"
Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>
<sheet name="Organisations" sheetId="1" r:id="rId1"/></sheets></workbook>"""

WORKBOOK_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE}">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_and_rows(*rows: tuple[str, str]) -> list[str]:
    """A sheet of organisations: the header, then (name, kind) rows."""
    lines = [row(1, text_cell("A1", "name"), text_cell("B1", "kind"))]
    for number, (name, kind) in enumerate(rows, start=2):
        lines.append(row(number, text_cell(f"A{number}", name), text_cell(f"B{number}", kind)))
    return lines


def workbook(
    rows: Iterable[str | bytes],
    *,
    dimension: str = "A1",
    shared_strings: Iterable[str | bytes] = (),
    tail: str = "</sheetData></worksheet>",
) -> bytes:
    """An XLSX file whose first sheet holds `rows` (XML, written as they come, so a generator
    may stream millions) and whose shared strings are `shared_strings` (XML of <si> items)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS)
        _stream(
            archive,
            "xl/worksheets/sheet1.xml",
            [f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'],
            rows,
            [tail],
        )
        _stream(
            archive, "xl/sharedStrings.xml", [f'<sst xmlns="{MAIN}">'], shared_strings, ["</sst>"]
        )
    return buffer.getvalue()


def _stream(archive: zipfile.ZipFile, name: str, *parts: Iterable[str | bytes]) -> None:
    with archive.open(name, "w", force_zip64=True) as target:
        for part in parts:
            for piece in part:
                target.write(piece.encode() if isinstance(piece, str) else piece)


def understated(content: bytes, name: str, *, size: int) -> bytes:
    """`content` with the zip directory claiming `size` bytes for part `name` once unpacked
    (zipfile takes sizes from the central directory)."""
    lying = bytearray(content)
    start = lying.find(b"PK\x01\x02")
    while start >= 0:
        name_length = int.from_bytes(lying[start + 28 : start + 30], "little")
        if lying[start + 46 : start + 46 + name_length] == name.encode():
            lying[start + 24 : start + 28] = size.to_bytes(4, "little")
            return bytes(lying)
        start = lying.find(b"PK\x01\x02", start + 1)
    raise ValueError(name)

"""A statement document is inspected without unpacking it (docs/security.md, gap 2): a ZIP
whose `mimetype` member unpacks to hundreds of megabytes is told apart, and refused or
accepted, with the memory of a small file."""

import io
import tracemalloc
import zipfile

import pytest

from aigov.dialogue.documents import ODT, DocumentRefused, document_check

UNPACKED = 300 * 1024 * 1024  # what the member unpacks to


def _bomb(first_line: bytes) -> bytes:
    """A ZIP of a few hundred kilobytes whose `mimetype` member unpacks to UNPACKED bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            member.write(first_line)
            block = b"\n" * (1024 * 1024)
            for _ in range(UNPACKED // len(block)):
                member.write(block)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _peak(action):
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [(b"application/vnd.oasis.opendocument.text", ODT), (b"application/x-anything", None)],
)
def test_a_member_that_unpacks_to_hundreds_of_megabytes_is_never_unpacked(first_line, expected):
    content = _bomb(first_line)
    assert len(content) < 2 * 1024 * 1024

    def check():
        try:
            return document_check(
                name="declaration.odt", size=len(content), stream=io.BytesIO(content)
            )
        except DocumentRefused:
            return None

    found, peak = _peak(check)
    assert found == expected
    assert peak < 8 * 1024 * 1024, f"{peak:,} bytes held while checking a ZIP upload"

"""What a statement's document may be: its type (PDF, DOCX, ODT, plain text) and size.

The type is read from the file's content, not from the name or the type the browser claims, and
the name's extension must agree with it, so a renamed file is refused with a clear message.
"""

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from aigov.core.http import stored_download

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # a long statement with images fits; slow links still cope
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_NAME_LENGTH = 200  # what StatementDocument.original_name holds


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str


PDF = DocumentType("pdf", "application/pdf")
DOCX = DocumentType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
ODT = DocumentType("odt", ODT_MIMETYPE.decode())
TXT = DocumentType("txt", "text/plain; charset=utf-8")
ALLOWED = {kind.extension: kind for kind in (PDF, DOCX, ODT, TXT)}


class DocumentRefused(ValueError):
    """The file cannot be a statement's document; the message says why and what to do."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


MIMETYPE_BYTES = 100  # an ODF `mimetype` member is one short line


def _zip_members(stream: IO[bytes]) -> tuple[set[str], bytes]:
    """Return the member names of a ZIP upload and the start of its `mimetype` member.

    Only the first MIMETYPE_BYTES of the member are unpacked: a 10 MB upload can hold a member
    that unpacks to gigabytes, and reading it whole would hold all of it in memory.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" not in names:
                return names, b""
            with archive.open("mimetype") as member:
                return names, member.read(MIMETYPE_BYTES)
    except (zipfile.BadZipFile, OSError, KeyError):
        return set(), b""


def _detect(stream: IO[bytes]) -> DocumentType | None:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_members(stream)
        stream.seek(0)
        if mimetype.strip() == ODT_MIMETYPE:
            return ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        return None
    text = stream.read(MAX_DOCUMENT_BYTES + 1)
    stream.seek(0)
    if b"\x00" in text:
        return None
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TXT


def document_check(*, name: str, size: int, stream: IO[bytes] | Any) -> DocumentType:
    """Return the type of an uploaded document; raise DocumentRefused if it is not allowed."""
    if len(name) > MAX_NAME_LENGTH:
        # Refused, never cut short: a shortened name could lose its extension or its meaning.
        raise DocumentRefused(
            _(
                "The file name has %(length)d characters; at most %(limit)d are allowed. "
                "Rename the file and upload it again."
            )
            % {"length": len(name), "limit": MAX_NAME_LENGTH},
            "name_too_long",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise DocumentRefused(
            _("%(name)s is not a PDF, DOCX, ODT or TXT file; save it in one of these formats.")
            % {"name": name},
            "unsupported_type",
        )
    if size <= 0:
        raise DocumentRefused(_("%(name)s is empty.") % {"name": name}, "empty")
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(
            _("%(name)s is %(size)d MB; a document may be at most %(limit)d MB.")
            % {
                "name": name,
                "size": -(-size // (1024 * 1024)),
                "limit": MAX_DOCUMENT_BYTES // (1024 * 1024),
            },
            "too_large",
        )
    detected = _detect(stream)
    if detected is None or detected.extension != extension:
        raise DocumentRefused(
            _(
                "The content of %(name)s is not a valid %(extension)s file; "
                "check that the file is not damaged or renamed."
            )
            % {"name": name, "extension": extension.upper()},
            "content_mismatch",
        )
    return detected


def document_response(document: Any) -> FileResponse:
    """Return the stored file of `document` as a download (see core.http.stored_download)."""
    return stored_download(
        document.stored_name, filename=document.original_name, content_type=document.content_type
    )

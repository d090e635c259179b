"""What an evidence document may be (a delivery note, a valuation, a signed agreement): a PDF,
PNG or JPEG file of at most 10 MB, its type read from its content and agreeing with its name;
and how it is sent back (as a download, never inline)."""

from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from aigov.core.http import stored_download

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 200  # what EvidenceDocument.original_name holds


@dataclass(frozen=True)
class EvidenceType:
    extensions: tuple[str, ...]
    content_type: str
    magic: bytes


TYPES = (
    EvidenceType(("pdf",), "application/pdf", b"%PDF-"),
    EvidenceType(("png",), "image/png", b"\x89PNG\r\n\x1a\n"),
    EvidenceType(("jpg", "jpeg"), "image/jpeg", b"\xff\xd8\xff"),
)


class EvidenceRefused(ValueError):
    """The file cannot be evidence; the message says why and what to do."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def evidence_check(*, name: str, size: int, stream: IO[bytes] | Any) -> EvidenceType:
    """Return the type of an uploaded evidence file; raise EvidenceRefused if not allowed."""
    if len(name) > MAX_NAME_LENGTH:
        raise EvidenceRefused(
            _("The file name is too long; rename the file and upload it again."), "name_too_long"
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = next((kind for kind in TYPES if extension in kind.extensions), None)
    if kind is None:
        raise EvidenceRefused(
            _("%(name)s is not a PDF, PNG or JPEG file; save it in one of these formats.")
            % {"name": name},
            "unsupported_type",
        )
    if size <= 0 or size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(
            _("%(name)s must hold something and be at most 10 MB.") % {"name": name},
            "bad_size",
        )
    stream.seek(0)
    head = stream.read(len(kind.magic))
    stream.seek(0)
    if head != kind.magic:
        raise EvidenceRefused(
            _("The content of %(name)s does not match its type; check the file.") % {"name": name},
            "content_mismatch",
        )
    return kind


def evidence_response(document: Any) -> FileResponse:
    """Return the stored file as a download, never shown inline."""
    return stored_download(
        document.stored_name, filename=document.original_name, content_type=document.content_type
    )

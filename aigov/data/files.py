"""What a dataset file may be, and how it is sent back.

A file is stored here only if its type, read from its content, agrees with its name: text
formats (CSV, TSV, JSON, JSON Lines, plain text) must be UTF-8 without NUL bytes; binary ones
(Parquet, ZIP, gzip, PDF) must start with their signature. The size is at most the server's
upload limit (AIGOV_MAX_UPLOAD_BYTES). Downloads are attachments, never shown inline, and never
cached by a proxy: an entitlement that ends must stop the next download.
"""

import codecs
import hashlib
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext as _

from aigov.core.exchange.limits import size_text
from aigov.core.http import stored_download

MAX_NAME_LENGTH = 200
TEXT_PROBE_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    magic: bytes = b""  # empty: a UTF-8 text format

    @property
    def is_text(self) -> bool:
        return not self.magic


TYPES = (
    FileType(("csv",), "text/csv"),
    FileType(("tsv",), "text/tab-separated-values"),
    FileType(("json",), "application/json"),
    FileType(("jsonl",), "application/jsonlines"),
    FileType(("txt",), "text/plain"),
    FileType(("parquet",), "application/x-parquet", b"PAR1"),
    FileType(("zip",), "application/zip", b"PK\x03\x04"),
    FileType(("gz",), "application/gzip", b"\x1f\x8b"),
    FileType(("pdf",), "application/pdf", b"%PDF-"),
)


class FileRefused(ValueError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def max_file_bytes() -> int:
    limit: int = settings.AIGOV_MAX_UPLOAD_BYTES
    return limit


def file_check(*, name: str, size: int, stream: IO[bytes] | Any) -> FileType:
    """Return the type of an uploaded dataset file; raise FileRefused saying what is wrong."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise FileRefused(_("Give the file a name of at most 200 characters."), "bad_name")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = next((kind for kind in TYPES if extension in kind.extensions), None)
    if kind is None:
        raise FileRefused(
            _(
                "%(name)s is not a CSV, TSV, JSON, JSON Lines, text, Parquet, ZIP, gzip or PDF "
                "file; save it in one of these formats or link to it instead."
            )
            % {"name": name},
            "unsupported_type",
        )
    if size <= 0 or size > max_file_bytes():
        raise FileRefused(
            _("%(name)s must hold something and be at most %(limit)s.")
            % {"name": name, "limit": size_text(max_file_bytes())},
            "bad_size",
        )
    stream.seek(0)
    head = stream.read(TEXT_PROBE_BYTES if kind.is_text else len(kind.magic))
    stream.seek(0)
    if kind.is_text:
        try:
            # A full probe may cut a character in two at its end: decode it as unfinished.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < TEXT_PROBE_BYTES)
        except UnicodeDecodeError:
            raise FileRefused(
                _("%(name)s is not UTF-8 text; save it as UTF-8.") % {"name": name},
                "not_utf8",
            ) from None
        if b"\x00" in head:
            raise FileRefused(
                _("%(name)s holds binary data, not text.") % {"name": name}, "not_text"
            )
    elif head != kind.magic:
        raise FileRefused(
            _("The content of %(name)s does not match its type; check the file.") % {"name": name},
            "content_mismatch",
        )
    return kind


def file_digest(stream: IO[bytes] | Any) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def storage_name(extension: str) -> str:
    """Return a path under MEDIA_ROOT that tells nothing about the dataset."""
    return f"data/files/{secrets.token_hex(16)}.{extension}"


def store(upload: Any, kind: FileType) -> str:
    upload.seek(0)
    return str(default_storage.save(storage_name(kind.extensions[0]), upload))


def file_response(dataset_file: Any) -> FileResponse:
    """Return a dataset's stored file as a download (see core.http.stored_download)."""
    return stored_download(
        dataset_file.stored_name, filename=dataset_file.name, content_type=dataset_file.content_type
    )

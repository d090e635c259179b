"""What an import file is, when it is not what it claims: empty, another type, another encoding.

Told from the first bytes (magic numbers), so that a workbook sent as CSV is named as such, not
reported as undecodable text, and text sent as XLSX not as a damaged zip archive.
"""

from django.utils.translation import gettext as _

from aigov.core.exchange.report import RowError

_ZIP = b"PK\x03\x04"
_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other OLE2 files
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def file_kind_error(content: bytes, file_format: str) -> RowError | None:
    """Say what an empty file, or a file of another type or encoding than `file_format` (csv,
    xlsx or json), is; None when it may be what it claims."""
    if not content.removeprefix(b"\xef\xbb\xbf").strip():
        return _error("empty_file", _("The file is empty; choose the file that holds the rows."))
    if content.startswith(_OLD_OFFICE):
        message = _(
            "This is an Excel 97-2003 workbook (.xls) or another old Office file; save it as an "
            "Excel workbook (.xlsx) or as CSV UTF-8 and try again."
        )
        return _error("wrong_type", message)
    if file_format == "xlsx":
        if content.startswith(_ZIP):
            return None
        try:
            content[:4096].decode("utf-8-sig")
        except UnicodeDecodeError:
            message = _("The file is not an XLSX workbook; save it as .xlsx and try again.")
        else:
            message = _(
                "The file is text, not an XLSX workbook; if it is CSV or JSON, choose that format "
                "or give the file a name ending in .csv or .json."
            )
        return _error("wrong_type", message)
    if content.startswith(_ZIP):
        message = _(
            "This is a zip archive, such as an XLSX workbook, not %(format)s text; choose the "
            "format XLSX, or give the file a name ending in .xlsx."
        ) % {"format": file_format.upper()}
        return _error("wrong_type", message)
    if content.startswith(_UTF16):
        message = _(
            'The file is UTF-16 text (Excel\'s "Unicode text"); save it as UTF-8 (in spreadsheet '
            "programs: CSV UTF-8) and try again."
        )
        return _error("encoding", message)
    return None


def _error(code: str, message: str) -> RowError:
    return RowError(row=None, field=None, code=code, message=message)

"""Whether an uploaded department file is plainly a table the ingestion can read, checked when it is uploaded:
a file refused only by the ingestion minutes later was stored, listed as pending and counted as sending its period
until then. Only what is certain from the name and the first bytes is refused here (a .txt, a PDF or picture
renamed .csv, an old .xls, a .xlsx that is no workbook); a file's encoding and columns are the ingestion's to
judge, row by row (alerts.ingest.reading), which names what is wrong."""

from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError

from households.registry_import.reader import (
    MSG_BROKEN_XLSX,
    MSG_ENCODING,
    MSG_FORMAT,
    MSG_OLD_XLS,
    XLSX_EXTENSIONS,
)

# A department's file: a .csv (UTF-8 or GBK text) or an Excel workbook; the browser's file picker offers these.
FEED_EXTENSIONS = {".csv", *XLSX_EXTENSIONS}
MSG_NOT_TEXT = "该文件内容不是 CSV 文本（可能是图片、PDF、压缩包等改了扩展名），请上传从系统导出的 .xlsx 或 .csv 文件。"
HEAD_BYTES = 8192
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
# Formats a clerk may pick by mistake whose first bytes are text-like (the others show a NUL byte early).
_NOT_TEXT = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"{\\rtf")


def check_format(upload: IO[bytes], name: str) -> None:
    """Raise a ValidationError at "file" unless `name` is a .csv, .xlsx or .xlsm whose first bytes fit it."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xls":
        raise ValidationError({"file": MSG_OLD_XLS})
    if suffix not in FEED_EXTENSIONS:
        raise ValidationError({"file": MSG_FORMAT})
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(_OLE):
        raise ValidationError({"file": MSG_OLD_XLS})  # an old .xls renamed
    if suffix in XLSX_EXTENSIONS or head.startswith(_ZIP):
        # A workbook saved as .csv is read as the workbook it is (alerts.ingest.reading.stage_file).
        if not head.startswith(_ZIP):
            raise ValidationError({"file": MSG_BROKEN_XLSX})
        return
    if head.startswith(_UTF16):
        raise ValidationError({"file": MSG_ENCODING})  # Excel's "Unicode text": UTF-16, read in neither encoding
    if head.startswith(_NOT_TEXT) or b"\x00" in head:
        raise ValidationError({"file": MSG_NOT_TEXT})

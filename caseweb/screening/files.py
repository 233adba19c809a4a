"""Reading an uploaded list (CSV or XLSX) into a header row and text rows; the file is not kept."""
import csv
import io
import json
import zipfile
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ..crypto import seal, unseal

MAX_ROWS = 50_000
MAX_COLUMNS = 60
SEAL_PURPOSE = b"screening import"
FILE_ERRORS = {
    "type": _l("Upload a CSV or Excel (.xlsx) file."),
    "unreadable": _l("The file could not be read. Save it again as CSV (UTF-8) or Excel (.xlsx) and retry."),
    "empty": _l("The file has no rows below the header row."),
    "too_many": _l("The file has more than 50,000 rows. Split it into smaller lists."),
    "header": _l("The first row must name the columns (e.g. 성명, 주민등록번호, 주소)."),
}


class FileError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "cp949"):  # Korean spreadsheets often still save CP949
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError("unreadable")
    try:
        return [[_text(v) for v in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise FileError("unreadable") from None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileError("unreadable") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_text(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                raise FileError("too_many")
        return rows
    finally:
        book.close()


def read_table(filename: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the first sheet; blank rows dropped; FileError with a code otherwise."""
    name = (filename or "").lower()
    if name.endswith(".csv"):
        rows = _csv_rows(data)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise FileError("type")
    rows = [r[:MAX_COLUMNS] for r in rows if any(cell for cell in r)]
    if not rows:
        raise FileError("empty")
    headers = rows[0]
    if not any(headers) or all(h.replace("-", "").isdigit() for h in headers if h):
        raise FileError("header")
    body = rows[1:]
    if not body:
        raise FileError("empty")
    if len(body) > MAX_ROWS:
        raise FileError("too_many")
    width = len(headers)
    return headers, [(r + [""] * width)[:width] for r in body]


def seal_json(value) -> bytes:
    return seal(json.dumps(value, ensure_ascii=False).encode("utf-8"), SEAL_PURPOSE)


def unseal_json(blob: bytes | None):
    return json.loads(unseal(blob, SEAL_PURPOSE)) if blob else []

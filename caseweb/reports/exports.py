"""Downloads: XLSX or CSV of a table, sent once, never stored on the server."""
import csv
import io

from flask import Response
from openpyxl import Workbook

from ..timeutil import seoul_today

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}


def _xlsx(title: str, header: list, rows: list) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "report")
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _csv(header: list, rows: list) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        # A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 Korean correctly


def download(fmt: str, name: str, title: str, header: list, rows: list) -> Response:
    body = _xlsx(title, header, rows) if fmt == "xlsx" else _csv(header, rows)
    filename = f"{name}-{seoul_today().isoformat()}.{fmt}"
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "no-store"
    return response

"""One person's data as a file: an Excel workbook with one sheet per section, or the same as JSON.

Cells go through core.spreadsheets like every other export: text starting with = + - @ (or a tab or carriage
return) gets Excel's quote prefix, and control characters Excel refuses are stripped, here in JSON as well.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import clean_text, export_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"

_SHEET_TITLE_REFUSED = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


def _plain(value):
    """A value as a person reads it: local times without a zone, yes or no, text without control characters."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str):
        return clean_text(value)
    return value


def _cell(sheet, value):
    value = _plain(value)
    if isinstance(value, datetime | date):
        number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
        return export_cell(sheet, value, number_format=number_format)
    return export_cell(sheet, value)


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_TITLE_REFUSED.sub(" ", clean_text(title))[:31] or "-"
    candidate, number = base, 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def workbook(sections: dict[str, list[dict]]) -> bytes:
    """One sheet per section: a bold header row, then one row per record (a sheet says so when it has none)."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, rows in sections.items():
        sheet = book.create_sheet(_sheet_title(title, used))
        headers = list(rows[0]) if rows else [_("No records")]
        for index in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=clean_text(str(header)))
            cell.font = _BOLD
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, row.get(header)) for header in headers])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _json_value(value):
    if isinstance(value, bool):
        return value
    value = _plain(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def json_document(sections: dict[str, list[dict]], *, exported_at: datetime) -> bytes:
    """The same sections as JSON (UTF-8, Chinese kept readable), for moving the data to another system."""
    document = {
        _("Exported at"): _json_value(exported_at),
        _("Sections"): {
            clean_text(title): [{clean_text(str(k)): _json_value(v) for k, v in row.items()} for row in rows]
            for title, rows in sections.items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()

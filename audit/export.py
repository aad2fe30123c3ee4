"""The audit log as an Excel workbook: one row per entry, the filters the auditor chose applied.

Text in an entry comes from people (user names typed at a failed login, object names, details), so every
cell goes through core.spreadsheets: control characters removed, and text that starts like a formula
(= + - @, tab, CR) stored as text with Excel's quote prefix (the leading '), never run.
"""

from __future__ import annotations

import json
from datetime import datetime
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from audit.models import AuditEntry
from audit.selectors import action_label
from core.spreadsheets import export_cell

#: More than this and the auditor is asked to narrow the filters: one file should open on an office PC.
EXPORT_LIMIT = 50_000
_DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
_BOLD = Font(bold=True)


def _local(moment: datetime) -> datetime:
    # Spreadsheets have no time zones: write the wall-clock time the office reads.
    return timezone.localtime(moment).replace(tzinfo=None)


def _headings() -> list[str]:
    return [
        _("Time"),
        _("Category"),
        _("Action"),
        _("User"),
        _("IP address"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Whose data"),
        _("People shown"),
        _("Detail"),
    ]


def _row(sheet, entry: AuditEntry) -> list:
    people = "；".join(sorted(person.get_username() for person in entry.people.all()))
    texts = [
        entry.get_category_display(),
        action_label(entry.action),
        entry.actor_name,
        entry.address or "",
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.subject_name,
        people,
        json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else "",
    ]
    time = export_cell(sheet, _local(entry.at), number_format=_DATE_FORMAT)
    return [time, *(export_cell(sheet, str(text)) for text in texts)]


def log_workbook(entries: QuerySet[AuditEntry]) -> tuple[bytes, int]:
    """The workbook of these entries (at most EXPORT_LIMIT), and how many rows it holds."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit log"))
    for column, width in zip("ABCDEFGHIJK", [20, 14, 22, 16, 16, 22, 10, 30, 16, 30, 40], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in _headings():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = _BOLD
        header.append(cell)
    sheet.append(header)
    rows = 0
    for entry in entries.prefetch_related("people")[:EXPORT_LIMIT].iterator(chunk_size=2000):
        sheet.append(_row(sheet, entry))
        rows += 1
    out = BytesIO()
    book.save(out)
    return out.getvalue(), rows

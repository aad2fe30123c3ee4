"""The round dashboard as an Excel workbook: one row per member shown, and module completion per team.

Text a person typed (names, unit names, declared ties) may start with = + - @: such cells are written as
text with Excel's quote prefix, so Excel never runs them as a formula, even after someone edits the cell.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import export_cell
from readiness.criteria import State
from readiness.dashboard import Dashboard, MemberRow, describe_conflict, prepare_rows

_DATE_FORMAT = "yyyy-mm-dd"
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(sheet: Worksheet, value, number_format: str = ""):
    """The value as openpyxl should write it (core.spreadsheets: quote prefix, no control characters)."""
    if isinstance(value, date):
        number_format = _DATE_FORMAT
    return export_cell(sheet, value, number_format=number_format)


def _sheet(
    sheet: Worksheet, headers: list[str], rows: list[list], widths: list[int], *, percent_from: int | None = None
) -> None:
    """A header row in bold, then the rows; columns from ``percent_from`` (0-based) formatted as percentages."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    header = []
    for text in headers:
        cell = export_cell(sheet, text)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(sheet, value=cell)
        cell.font, cell.alignment = _BOLD, _WRAP
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(
            [
                _cell(sheet, value, "0%" if percent_from is not None and i >= percent_from else "")
                for i, value in enumerate(row)
            ]
        )


def module_heading(number: int, title: str) -> str:
    return f"{number}. {title}"


def _member_cells(row: MemberRow, done: str, states: dict[str, str]) -> list:
    readiness = row.readiness
    member = readiness.member
    modules = [done if s.complete else f"{s.percent}%" for s in readiness.modules]
    if not readiness.pack:
        pack = "—"
    elif row.pack_done == len(readiness.pack):
        pack = done
    else:
        pack = f"{row.pack_done}/{len(readiness.pack)}"
    return [
        row.name,
        member.user.get_username(),
        member.team.name,
        row.role_label,
        states[readiness.state],
        timezone.localtime(readiness.reached_at).date() if readiness.reached_at else None,
        *modules,
        pack,
        "；".join(readiness.missing) or None,
        "；".join(describe_conflict(c) for c in row.conflicts) or None,
        row.refresh_text or None,
    ]


def _team_rows(dashboard: Dashboard) -> list[list]:
    by_team: dict[str, list[MemberRow]] = defaultdict(list)
    for row in dashboard.rows:
        by_team[row.member.team.name].append(row)
    groups = [*by_team.items(), (_("All teams"), dashboard.rows)] if dashboard.rows else []
    result = []
    for name, rows in groups:
        completed = [0] * len(dashboard.modules)
        for row in rows:
            for i, complete in enumerate(row.readiness.module_complete):
                completed[i] += complete
        ready = sum(1 for row in rows if row.readiness.state == State.READY)
        result.append([name, len(rows), ready, *(count / len(rows) for count in completed)])
    return result


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    """Sheet 1: every member shown, one column per module; sheet 2: module completion per team."""
    modules = [module_heading(m.number, m.module.title) for m in dashboard.modules]
    prepare_rows(dashboard.rows)  # every row is written: names and detail in one query each
    # Write-only: rows stream to the file, about twice as fast as building every cell first.
    book = Workbook(write_only=True)
    members = book.create_sheet(_("Members"))
    done, states = _("Done"), {state: str(label) for state, label in State.LABELS.items()}
    _sheet(
        members,
        [
            _("Name"),
            _("Username"),
            _("Team"),
            _("Role"),
            _("State"),
            _("Date ready"),
            *modules,
            _("Study pack"),
            _("Missing"),
            _("Recusal conflicts"),
            _("Refresher needed because"),
        ],
        [_member_cells(row, done, states) for row in dashboard.rows],
        [12, 14, 14, 10, 10, 12, *[12] * len(modules), 10, 60, 50, 40],
    )
    teams = book.create_sheet(_("Completion by team"))
    _sheet(
        teams,
        [_("Team"), _("Members"), _("Ready"), *modules],
        _team_rows(dashboard),
        [16, 8, 8, *[12] * len(modules)],
        percent_from=3,
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()

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
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from rounds.readiness import State
from rounds.selectors import Dashboard, MemberRow, describe_conflict

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMAT = "yyyy-mm-dd"


def _clean(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet(sheet: Worksheet, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append([_clean(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_clean(value) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(cell.value, date):
                cell.number_format = _DATE_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "C2"


def module_heading(number: int, title: str) -> str:
    return f"{number}. {title}"


def _member_cells(row: MemberRow) -> list:
    readiness = row.readiness
    member = readiness.member
    modules = [_("Done") if s.complete else f"{s.percent}%" for s in readiness.modules]
    if not readiness.pack:
        pack = "—"
    elif row.pack_done == len(readiness.pack):
        pack = _("Done")
    else:
        pack = f"{row.pack_done}/{len(readiness.pack)}"
    return [
        row.name,
        member.user.get_username(),
        member.team.name,
        member.get_role_display(),
        str(readiness.state_label),
        timezone.localtime(readiness.reached_at).date() if readiness.reached_at else None,
        *modules,
        pack,
        "；".join(readiness.missing) or None,
        "；".join(describe_conflict(c) for c in row.conflicts) or None,
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
            for i, status in enumerate(row.modules):
                completed[i] += status.complete
        ready = sum(1 for row in rows if row.readiness.state == State.READY)
        result.append([name, len(rows), ready, *(count / len(rows) for count in completed)])
    return result


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    """Sheet 1: every member shown, one column per module; sheet 2: module completion per team."""
    modules = [module_heading(m.number, m.module.title) for m in dashboard.modules]
    book = Workbook()
    members = book.active
    members.title = _("Members")
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
        ],
        [_member_cells(row) for row in dashboard.rows],
        [12, 14, 14, 10, 10, 12, *[12] * len(modules), 10, 60, 50],
    )
    teams = book.create_sheet(_("Completion by team"))
    _sheet(
        teams,
        [_("Team"), _("Members"), _("Ready"), *modules],
        _team_rows(dashboard),
        [16, 8, 8, *[12] * len(modules)],
    )
    for cells in teams.iter_rows(min_row=2, min_col=4):
        for cell in cells:
            cell.number_format = "0%"
    out = BytesIO()
    book.save(out)
    return out.getvalue()

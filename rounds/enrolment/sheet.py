"""The enrolment workbook: the template to download, and the rows of an uploaded file as plain strings.

Pure: no database. Cells come back as text (numbers without ``.0``, dates as ISO dates) so that the rows can be
kept as JSON between the preview and the confirm, and checked again from that JSON.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

NAME, PHONE, STAFF_NUMBER, HOME_UNIT, TEAM, ROLE, SECONDMENT_ENDS = (
    "姓名",
    "手机号",
    "工号",
    "原单位",
    "组别",
    "角色",
    "借调截止",
)
COLUMNS = (NAME, PHONE, STAFF_NUMBER, HOME_UNIT, TEAM, ROLE, SECONDMENT_ENDS)
#: Columns without which no row can be read; 手机号 and 工号 may each be missing as long as one is there.
REQUIRED_COLUMNS = (NAME, TEAM)
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


class SheetError(Exception):
    """The file as a whole cannot be read; the message is for the person."""


@dataclass(frozen=True)
class SheetRow:
    #: The row number as Excel shows it (the header is row 1).
    line: int
    values: dict[str, str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_rows(data: bytes) -> list[SheetRow]:
    """The data rows of the first sheet, keyed by the header's column names; blank rows are skipped."""
    if len(data) > MAX_BYTES:
        raise SheetError(_("The file is larger than 5 MB. Keep only the members' rows."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError(_("The file is not an Excel workbook (.xlsx). Start from the template.")) from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if PHONE not in header and STAFF_NUMBER not in header:
            missing.append(f"{PHONE}/{STAFF_NUMBER}")
        if missing:
            raise SheetError(
                _("The header row lacks the column(s) %(columns)s. Start from the template.")
                % {"columns": "、".join(missing)}
            )
        positions = {column: header.index(column) for column in COLUMNS if column in header}
        found: list[SheetRow] = []
        for line, cells in enumerate(rows, start=2):
            values = {column: _text(cells[i]) if i < len(cells) else "" for column, i in positions.items()}
            if not any(values.values()):
                continue
            found.append(SheetRow(line=line, values=values))
            if len(found) > MAX_ROWS:
                raise SheetError(_("The file has more than %(count)d rows. Split it.") % {"count": MAX_ROWS})
    finally:
        book.close()
    if not found:
        raise SheetError(_("The file has no member rows below the header."))
    return found


def template_workbook(*, team_names: list[str], role_names: list[str], example_end: datetime.date) -> bytes:
    """The header row and one 示例 row; a second sheet says what each column takes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "成员"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example_team = team_names[0] if team_names else "第一组"
    sheet.append(["张示例", "13800000000", "", "示例县示例局", example_team, role_names[-1], example_end])
    sheet["G2"].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFG", (10, 14, 12, 24, 12, 10, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("填写说明")
    for line in (
        ("列", "怎么填"),
        (NAME, "必填。与已有账户的姓名一致。"),
        (PHONE, "11 位手机号；手机号和工号至少填一个。新账户的用户名就是手机号（没有手机号时用工号）。"),
        (STAFF_NUMBER, "选填；已有账户按手机号或工号认出，不会重复建账户。"),
        (HOME_UNIT, "选填，借调前的单位。"),
        (TEAM, "必填，本轮的组：" + ("、".join(team_names) or "（本轮还没有组，请先在后台添加）")),
        (ROLE, "选填，不填为组员。可填：" + "、".join(role_names)),
        (SECONDMENT_ENDS, "选填，不填为本轮结束。写作 2027-03-31、2027/3/31 或 Excel 日期；不能早于本轮开始。"),
        ("示例", "第 2 行是示例，导入前请删除。"),
    ):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 10
    notes.column_dimensions["B"].width = 80
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()

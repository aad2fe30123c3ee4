"""Reading an uploaded question-bank spreadsheet into checked rows. Nothing here writes.

Every row is checked and every problem collected, so an editor fixes the whole file in one pass;
:func:`read_bank` raises :class:`ImportRejected` with all of them, or returns rows that can all be saved.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from quizzes import spreadsheet_format as fmt
from quizzes.spreadsheet_rows import BankLookups, BankRow, ImportRejected, RowError, RowReader

MAX_FILE_BYTES = 5 * 1024 * 1024
#: An .xlsx is a zip: a small upload can unpack to gigabytes, so the unpacked size is checked first.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class _Table:
    option_letters: str
    rows: list[tuple[int, dict[str, str]]]


def read_bank(data: bytes, *, user) -> list[BankRow]:
    table = _read_table(data)
    lookups = BankLookups.for_rows([cells for _row, cells in table.rows])
    errors: list[RowError] = []
    reader = RowReader(option_letters=table.option_letters, lookups=lookups, user=user, errors=errors)
    bank = [row for row in (reader.read(number, cells) for number, cells in table.rows) if row is not None]
    reader.check_duplicates(bank)
    if errors:
        raise ImportRejected(errors)
    return bank


def _file_error(message: str) -> ImportRejected:
    return ImportRejected([RowError(None, "", message)])


def _read_table(data: bytes) -> _Table:
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(_("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)})
    not_xlsx = _("This is not an Excel .xlsx file. Save it as an Excel workbook (.xlsx) and upload it again.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _file_error(not_xlsx) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _file_error(_("The workbook is too large to import. Split it into several files."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise _file_error(not_xlsx) from None
    try:
        sheet = workbook[fmt.BANK_SHEET] if fmt.BANK_SHEET in workbook.sheetnames else workbook.worksheets[0]
        return _table_from_rows(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _table_from_rows(rows) -> _Table:
    header = next(rows, None)
    columns = [fmt.cell_text(value) for value in header or ()]
    if not any(columns):
        raise _file_error(_("The sheet is empty: it has no header row and no questions."))
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise _file_error(_("These columns appear twice: %(columns)s") % {"columns": "、".join(repeated)})
    missing = [name for name in fmt.REQUIRED_HEADERS if name not in columns]
    if missing:
        raise _file_error(
            _("The header row is missing these columns: %(columns)s. Start from the template.")
            % {"columns": "、".join(missing)}
        )
    letters = "".join(letter for letter in fmt.ALL_OPTION_LETTERS if fmt.option_header(letter) in columns)
    if not fmt.ALL_OPTION_LETTERS.startswith(letters):
        raise _file_error(_("The option columns must run from 选项A without gaps."))
    wanted = {name: index for index, name in enumerate(columns) if name}
    table: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: fmt.cell_text(values[i]) if i < len(values) else "" for name, i in wanted.items()}
        if not any(cells.values()):
            continue
        if len(table) == MAX_ROWS:
            raise _file_error(
                _("The file has more than %(max)s questions. Split it into several files.") % {"max": MAX_ROWS}
            )
        table.append((number, cells))
    if not [cells for _number, cells in table if cells[fmt.ID] != fmt.EXAMPLE_MARK]:
        raise _file_error(_("The sheet has no questions below the header row."))
    return _Table(letters, table)

"""One way to write a cell in every .xlsx export: no formula injection, no characters Excel refuses.

Text people typed (names, unit names, questions, declared ties) may start with = + - @ (or a tab or
carriage return, which some programs strip before reading a formula). Such text is written as a string
cell with Excel's quote prefix, so Excel shows it as typed and never runs it, even after the cell is
edited. Control characters that XML 1.0 cannot carry (a pasted \\x07 in a name) are removed rather than
failing the whole export. Numbers and dates pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "append_row", "clean_text", "export_cell", "export_row"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """The text without the control characters an .xlsx file cannot hold (tab, CR and LF stay)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def export_cell(sheet: Worksheet, value, *, number_format: str = ""):
    """What to hand to ``sheet.append`` for one value: the plain value when it needs nothing, else a cell.

    Works for ordinary and write-only worksheets alike.
    """
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # "=..." would otherwise be stored as a formula
            cell.quotePrefix = True
            return cell
        return value
    if number_format and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    return value


def export_row(sheet: Worksheet, values: Iterable) -> list:
    return [export_cell(sheet, value) for value in values]


def append_row(sheet: Worksheet, values: Iterable) -> list[Cell] | None:
    """Append one row of values, written safely; on an ordinary sheet returns the row's cells for styling."""
    sheet.append(export_row(sheet, values))
    if isinstance(sheet, WriteOnlyWorksheet):
        return None  # the row is already streamed
    return list(sheet[sheet.max_row])

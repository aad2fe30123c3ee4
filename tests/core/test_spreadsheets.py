"""core.spreadsheets: every export writes text as text (quote prefix) and without control characters."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import append_row, clean_text, export_cell

HOSTILE = ["=1+1", "+86 123", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']


def _round_trip(write_only: bool, values) -> list:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    append_row(sheet, values)
    out = BytesIO()
    book.save(out)
    return next(load_workbook(BytesIO(out.getvalue())).worksheets[0].iter_rows())


@pytest.mark.parametrize("write_only", [False, True])
def test_formula_like_text_is_quoted_text(write_only):
    cells = _round_trip(write_only, HOSTILE)
    assert [cell.value for cell in cells] == HOSTILE
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


@pytest.mark.parametrize("write_only", [False, True])
def test_control_characters_are_removed_and_ordinary_values_untouched(write_only):
    cells = _round_trip(write_only, ["张\x07三\x00", "王五", 3, -2.5, None, "a\tb"])
    assert [cell.value for cell in cells] == ["张三", "王五", 3, -2.5, None, "a\tb"]
    assert not any(cell.quotePrefix for cell in cells)


def test_clean_text_keeps_line_breaks_and_tabs():
    assert clean_text("第一行\n第二行\t\x1b[31m") == "第一行\n第二行\t[31m"


def test_number_formats_apply_to_non_text():
    sheet = Workbook().active
    assert export_cell(sheet, 0.5, number_format="0%").number_format == "0%"
    assert export_cell(sheet, None, number_format="0%") is None

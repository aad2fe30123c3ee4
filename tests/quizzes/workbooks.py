"""Small question-bank workbooks built in tests, one dict of cells per row."""

import io

from openpyxl import Workbook, load_workbook

from quizzes import spreadsheet_format as fmt
from quizzes.spreadsheets import export_question_bank


def workbook(*rows: dict, header: list[str] | None = None) -> bytes:
    header = header or fmt.headers()
    book = Workbook()
    sheet = book.active
    sheet.title = fmt.BANK_SHEET
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def single_row(**cells) -> dict:
    row = {
        fmt.KIND: "单选题",
        fmt.STEM: "巡察组对谁负责并报告工作？",
        "选项A": "领导小组",
        "选项B": "被巡察单位",
        fmt.ANSWER: "A",
        fmt.CATEGORIES: "巡察工作条例/巡察程序",
    }
    return {**row, **cells}


def changing_workbook() -> bytes:
    """The bank as exported now, with every question's stem and answer changed, and six new questions after
    them."""
    book = load_workbook(io.BytesIO(export_question_bank()))
    sheet = book[fmt.BANK_SHEET]
    header = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, header.index(fmt.STEM) + 1).value = f"改过的题{row}"
        sheet.cell(row, header.index(fmt.ANSWER) + 1).value = "B"
    for n in range(6):
        values = single_row(**{fmt.STEM: f"新题{n}"})
        sheet.append([values.get(name, "") for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

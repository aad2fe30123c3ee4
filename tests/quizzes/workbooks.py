"""Small question-bank workbooks built in tests, one dict of cells per row."""

import io

from openpyxl import Workbook

from quizzes import spreadsheet_format as fmt


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

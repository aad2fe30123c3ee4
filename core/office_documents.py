"""The office's document layout (公文版式) for every .docx the site writes, once: page size and margins, the
title, heading and body fonts with their East Asian names, fixed line spacing, a first-line indent of two
characters, and the page number in the footer as — 1 —.

The values come from the OfficeDocumentLayout setting (Settings → 公文版式); ``office_layout()`` reads it and
falls back to the defaults when nobody has saved it, without creating a row (a GET never writes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.models import OfficeDocumentLayout

PAGE_NUMBER_SIZE = 14  # 四号, as 公文 page numbers are


@dataclass(frozen=True)
class OfficeLayout:
    """The layout's values; the defaults are the usual 公文 format (GB/T 9704)."""

    title_font: str = "方正小标宋简体"
    title_size: float = 22
    heading_font: str = "黑体"
    heading_size: float = 16
    subheading_font: str = "楷体_GB2312"
    subheading_size: float = 16
    body_font: str = "仿宋_GB2312"
    body_size: float = 16
    table_size: float = 12
    line_spacing: float = 28
    page_width: float = 210
    page_height: float = 297
    margin_top: float = 37
    margin_bottom: float = 35
    margin_left: float = 28
    margin_right: float = 26
    page_numbers: bool = True


def office_layout() -> OfficeLayout:
    """The office's layout: the saved setting, or the defaults when there is none (never creates a row)."""
    names = [f.name for f in fields(OfficeLayout)]
    row = OfficeDocumentLayout.objects.order_by("pk").values(*names).first()
    if row is None:
        return OfficeLayout()
    return OfficeLayout(
        **{name: (value if isinstance(value, (bool, str)) else float(value)) for name, value in row.items()}
    )


def set_font(run, *, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    # Word takes Chinese text's font from w:eastAsia; without it Chinese falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.bold = bold


def _page_number_field(paragraph, *, layout: OfficeLayout) -> None:
    """A PAGE field: Word fills in each page's number."""
    run = paragraph.add_run()
    set_font(run, name=layout.body_font, size=PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def new_document(*, layout: OfficeLayout, header: str = "") -> Document:
    """An empty document in the office layout; ``header`` (e.g. 训练材料) is printed at the top of each page."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(layout.page_width), Mm(layout.page_height)
        section.top_margin, section.bottom_margin = Mm(layout.margin_top), Mm(layout.margin_bottom)
        section.left_margin, section.right_margin = Mm(layout.margin_left), Mm(layout.margin_right)
        if header:
            paragraph = section.header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(paragraph.add_run(header), name=layout.body_font, size=layout.table_size)
        if layout.page_numbers:
            footer = section.footer.paragraphs[0]
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(footer.add_run("— "), name=layout.body_font, size=PAGE_NUMBER_SIZE)
            _page_number_field(footer, layout=layout)
            set_font(footer.add_run(" —"), name=layout.body_font, size=PAGE_NUMBER_SIZE)
    normal = document.styles["Normal"]
    normal.font.name = layout.body_font
    normal.font.size = Pt(layout.body_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.body_font)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(layout.line_spacing)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    return document


def _paragraph(document, text: str, *, font: str, size: float, center: bool = False, indent: float = 0):
    paragraph = document.add_paragraph()
    set_font(paragraph.add_run(text), name=font, size=size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(indent)
    return paragraph


def add_title(document, text: str, *, layout: OfficeLayout):
    """The document's title, centred, with an empty line after it."""
    paragraph = _paragraph(document, text, font=layout.title_font, size=layout.title_size, center=True)
    # A two-line title needs room: the fixed spacing of the body would cut off the larger characters.
    paragraph.paragraph_format.line_spacing = Pt(max(layout.line_spacing, layout.title_size * 1.5))
    paragraph.paragraph_format.space_after = Pt(layout.line_spacing)
    return paragraph


def add_heading(document, text: str, *, layout: OfficeLayout, level: int = 1):
    """一、… in the heading font (level 1) or （一）… in the second-level font (level 2), indented like body text."""
    if level == 1:
        font, size = layout.heading_font, layout.heading_size
    elif level == 2:
        font, size = layout.subheading_font, layout.subheading_size
    else:
        raise ValueError(f"heading level {level}: only 1 and 2")
    return _paragraph(document, text, font=font, size=size, indent=2 * layout.body_size)


def add_paragraph(document, text: str, *, layout: OfficeLayout, indent: bool = True, center: bool = False):
    """Body text; indented by two characters unless centred or ``indent`` is False."""
    size = layout.body_size
    return _paragraph(
        document, text, font=layout.body_font, size=size, center=center, indent=2 * size if indent and not center else 0
    )


def _cell_text(cell, text: str, *, layout: OfficeLayout, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    set_font(paragraph.add_run(text), name=layout.body_font, size=layout.table_size, bold=bold)


def add_table(document, rows: list[list[str]], header: list[str], *, layout: OfficeLayout):
    """A table with a grid in the body font (at the table size), the header row bold and repeated on each page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header_row.cells, header, strict=True):
        _cell_text(cell, str(text), layout=layout, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell_text(cell, str(text), layout=layout)
    return table


_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1–99 as 公文 numbering writes them (一, 十, 十一, 二十一), for 一、 （一） and 一是."""
    if not 1 <= number <= 99:
        raise ValueError(f"{number}: only 1 to 99")
    tens, ones = divmod(number, 10)
    if not tens:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

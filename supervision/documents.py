"""A team's field pack as a .docx in the office layout (公文格式): A4, margins 37/35/28/26 mm, title in
方正小标宋简体 22 pt, headings in 黑体 16 pt, body in 仿宋_GB2312 16 pt, the page number in the footer."""

from __future__ import annotations

import io
import re

from django.utils.html import strip_tags
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from supervision.packs import FieldPack

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TITLE_SIZE = 22
HEADING_SIZE = 16
BODY_SIZE = 16


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    # Word takes Chinese text's font from w:eastAsia; without it Chinese falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.bold = bold


def _paragraph(document, text: str, *, font: str = BODY_FONT, size: float = BODY_SIZE, center: bool = False):
    paragraph = document.add_paragraph()
    _font(paragraph.add_run(text), font, size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _heading(document, text: str):
    return _paragraph(document, text, font=HEADING_FONT, size=HEADING_SIZE)


def _page_number_field(paragraph) -> None:
    """A PAGE field: Word fills in each page's number."""
    run = paragraph.add_run()
    _font(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _layout(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(footer.add_run("— "), BODY_FONT, 14)
        _page_number_field(footer)
        _font(footer.add_run(" —"), BODY_FONT, 14)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _plain(html: str) -> str:
    """Rich text as one line: list items and paragraphs end with ；."""
    text = strip_tags(re.sub(r"</(li|p)>", "；", html or ""))
    return re.sub(r"\s+", "", text).strip("；")


def build_field_pack(*, pack: FieldPack) -> bytes:
    document = Document()
    _layout(document)
    team = pack.team
    _paragraph(document, f"{team.name}巡察工作手册", font=TITLE_FONT, size=TITLE_SIZE, center=True)
    _paragraph(document, f"（{team.round.name}）", center=True)
    _paragraph(document, "本手册由监督要点库生成，仅供培训和工作准备参考，不得记录任何问题线索、谈话内容或人员信息。")

    _heading(document, "一、被巡察单位和监督要点")
    for section in pack.units:
        _paragraph(document, f"{section.unit.name}（{section.unit.unit_type.name}）", font=HEADING_FONT)
        for group in section.groups:
            _paragraph(document, f"【{group.category.name}】")
            for number, entry in enumerate(group.entries, start=1):
                _paragraph(document, f"{number}. {entry.point.title}：{entry.point.summary}")
        if not section.groups:
            _paragraph(document, "暂无适用的监督要点。")

    _heading(document, "二、调阅清单")
    for number, item in enumerate(pack.documents, start=1):
        points = "、".join(p.title for p in item.points)
        notes = f"（{'；'.join(item.notes)}）" if item.notes else ""
        _paragraph(document, f"{number}. {item.name}{notes}　对应要点：{points}")
    if not pack.documents:
        _paragraph(document, "暂无。")

    _heading(document, "三、谈话提纲（按谈话对象）")
    for group in pack.outline:
        _paragraph(document, str(group.role.label), font=HEADING_FONT)
        for number, entry in enumerate(group.questions, start=1):
            _paragraph(document, f"{number}. {entry.question.question}")
    if not pack.outline:
        _paragraph(document, "暂无。")

    _heading(document, "四、红旗信号")
    for number, flag in enumerate(pack.red_flags, start=1):
        _paragraph(document, f"{number}. {flag.text}")
    if not pack.red_flags:
        _paragraph(document, "暂无。")

    _heading(document, "五、常见表现")
    for point in pack.points:
        signs = _plain(point.common_signs)
        if signs:
            _paragraph(document, f"{point.title}：{signs}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pack_filename(*, pack: FieldPack) -> str:
    """The download's file name; Content-Disposition encodes it."""
    return f"巡察工作手册-{pack.team.name}.docx"

"""The blank interview record (谈话记录) for a guide, as a .docx to print and fill in by hand."""

import io
import re

from django.utils.html import strip_tags
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from guides.models import InterviewGuidePage

_BODY_FONT = "宋体"
_HEADING_FONT = "黑体"
_ANSWER_LINES = 4


def _set_font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    # Word picks the East Asian font from its own attribute; without it Chinese falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _paragraph(document, text: str, *, font: str = _BODY_FONT, size: float = 12, bold: bool = False, center=False):
    paragraph = document.add_paragraph()
    _set_font(paragraph.add_run(text), font, size, bold)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _rich_text_items(html: str) -> list[str]:
    items = re.findall(r"<li[^>]*>(.*?)</li>", html, flags=re.S)
    if not items:
        items = re.findall(r"<p[^>]*>(.*?)</p>", html, flags=re.S) or [html]
    return [strip_tags(i).strip() for i in items if strip_tags(i).strip()]


def build_interview_record(*, guide: InterviewGuidePage) -> bytes:
    document = Document()
    _paragraph(document, "谈话记录", font=_HEADING_FONT, size=22, bold=True, center=True)
    _paragraph(document, f"（参照：{guide.title}）", size=11, center=True)

    fields = ["谈话时间", "谈话地点", "谈话人（两人以上）", "记录人", "谈话对象姓名", "单位及职务"]
    table = document.add_table(rows=len(fields), cols=2)
    table.style = "Table Grid"
    for row, label in zip(table.rows, fields, strict=True):
        _set_font(row.cells[0].paragraphs[0].add_run(label), _BODY_FONT, 12, bold=True)

    _paragraph(document, "谈话纪律提醒", font=_HEADING_FONT, size=14, bold=True)
    for item in _rich_text_items(guide.discipline_reminders):
        _paragraph(document, f"· {item}", size=11)

    _paragraph(document, "谈话内容", font=_HEADING_FONT, size=14, bold=True)
    for number, question in enumerate(guide.questions.all(), start=1):
        _paragraph(document, f"问{number}：{question.question}", bold=True)
        for follow_up in question.follow_up_list:
            _paragraph(document, f"（追问）{follow_up}", size=10.5)
        _paragraph(document, "答：")
        for _ in range(_ANSWER_LINES):
            _paragraph(document, "")

    _paragraph(document, "其他需要说明的情况：")
    for _ in range(_ANSWER_LINES):
        _paragraph(document, "")
    _paragraph(document, "以上记录经本人核对，与谈话内容一致。")
    _paragraph(document, "谈话对象签字：　　　　　　　　　　日期：　　　　年　　月　　日")
    _paragraph(document, "谈话人签字：　　　　　　　　　　　记录人签字：")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def record_filename(*, guide: InterviewGuidePage) -> str:
    """The download's file name; Content-Disposition encodes it (content_disposition_header)."""
    return f"谈话记录-{guide.title}.docx"

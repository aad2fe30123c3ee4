"""A team's field pack as a .docx in the office's document layout (core.office_documents: the 公文 format the
OfficeDocumentLayout setting holds, A4, margins 37/35/28/26 mm, title in 方正小标宋简体 22 pt, headings in 黑体 16 pt,
body in 仿宋_GB2312 16 pt, the page number in the footer, by default)."""

from __future__ import annotations

import re

from django.utils.html import strip_tags

from core.office_documents import (
    OfficeLayout,
    add_heading,
    add_paragraph,
    add_title,
    new_document,
    office_layout,
    to_bytes,
)
from supervision.packs import FieldPack


def _plain(html: str) -> str:
    """Rich text as one line: list items and paragraphs end with ；."""
    text = strip_tags(re.sub(r"</(li|p)>", "；", html or ""))
    return re.sub(r"\s+", "", text).strip("；")


def build_field_pack(*, pack: FieldPack, layout: OfficeLayout | None = None) -> bytes:
    layout = layout or office_layout()
    document = new_document(layout=layout)

    def heading(text: str, level: int = 1) -> None:
        add_heading(document, text, layout=layout, level=level)

    def paragraph(text: str, **kwargs) -> None:
        add_paragraph(document, text, layout=layout, **kwargs)

    team = pack.team
    add_title(document, f"{team.name}巡察工作手册", layout=layout)
    paragraph(f"（{team.round.name}）", center=True)
    paragraph("本手册由监督要点库生成，仅供培训和工作准备参考，不得记录任何问题线索、谈话内容或人员信息。")

    heading("一、被巡察单位和监督要点")
    for section in pack.units:
        heading(f"{section.unit.name}（{section.unit.unit_type.name}）", level=2)
        for group in section.groups:
            paragraph(f"【{group.category.name}】")
            for number, entry in enumerate(group.entries, start=1):
                paragraph(f"{number}. {entry.point.title}：{entry.point.summary}")
        if not section.groups:
            paragraph("暂无适用的监督要点。")

    heading("二、调阅清单")
    for number, item in enumerate(pack.documents, start=1):
        points = "、".join(p.title for p in item.points)
        notes = f"（{'；'.join(item.notes)}）" if item.notes else ""
        paragraph(f"{number}. {item.name}{notes}　对应要点：{points}")
    if not pack.documents:
        paragraph("暂无。")

    heading("三、谈话提纲（按谈话对象）")
    for group in pack.outline:
        heading(str(group.role.label), level=2)
        for number, entry in enumerate(group.questions, start=1):
            paragraph(f"{number}. {entry.question.question}")
    if not pack.outline:
        paragraph("暂无。")

    heading("四、红旗信号")
    for number, flag in enumerate(pack.red_flags, start=1):
        paragraph(f"{number}. {flag.text}")
    if not pack.red_flags:
        paragraph("暂无。")

    heading("五、常见表现")
    for point in pack.points:
        signs = _plain(point.common_signs)
        if signs:
            paragraph(f"{point.title}：{signs}")

    return to_bytes(document)


def pack_filename(*, pack: FieldPack) -> str:
    """The download's file name; Content-Disposition encodes it."""
    return f"巡察工作手册-{pack.team.name}.docx"

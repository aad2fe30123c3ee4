"""The office's document layout: a setting with the usual 公文 defaults, read without creating a row, checked for
sane values with Chinese messages, and applied by the shared python-docx helpers (page, margins, fonts with their
East Asian names, fixed line spacing, the — 1 — page number)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from core import roles
from core.models import OfficeDocumentLayout
from core.office_documents import (
    OfficeLayout,
    add_heading,
    add_paragraph,
    add_table,
    add_title,
    chinese_number,
    new_document,
    office_layout,
    to_bytes,
)
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def reopen(document) -> Document:
    return Document(io.BytesIO(to_bytes(document)))


def east_asian(paragraph) -> set[str]:
    return {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs}


def sizes(paragraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs}


def test_without_a_saved_setting_the_layout_is_the_usual_format_and_no_row_is_made():
    layout = office_layout()
    assert layout == OfficeLayout()
    assert (layout.title_font, layout.title_size) == ("方正小标宋简体", 22)
    assert (layout.heading_font, layout.subheading_font, layout.body_font) == ("黑体", "楷体_GB2312", "仿宋_GB2312")
    assert (layout.margin_top, layout.margin_bottom, layout.margin_left, layout.margin_right) == (37, 35, 28, 26)
    assert OfficeDocumentLayout.objects.count() == 0


def test_a_saved_setting_is_what_the_documents_follow():
    OfficeDocumentLayout.objects.create(
        body_font="宋体", body_size=Decimal("14"), margin_left=30, page_width=297, page_height=420, line_spacing=30
    )
    layout = office_layout()
    assert (layout.body_font, layout.body_size, layout.margin_left) == ("宋体", 14.0, 30)

    document = new_document(layout=layout)
    add_paragraph(document, "正文。", layout=layout)
    document = reopen(document)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 420)
    assert round(section.left_margin.mm) == 30
    body = document.paragraphs[-1]
    assert east_asian(body) == {"宋体"} and sizes(body) == {14}
    assert document.styles["Normal"].paragraph_format.line_spacing.pt == 30


def test_the_helpers_set_title_heading_and_body_fonts_indent_and_spacing():
    layout = OfficeLayout()
    document = new_document(layout=layout, header="训练材料")
    add_title(document, "示例标题", layout=layout)
    add_heading(document, "一、基本情况", layout=layout)
    add_heading(document, "（一）廉洁纪律", layout=layout, level=2)
    add_paragraph(document, "正文第一段。", layout=layout)
    document = reopen(document)
    title, heading, subheading, body = document.paragraphs
    assert east_asian(title) == {"方正小标宋简体"} and sizes(title) == {22}
    assert east_asian(heading) == {"黑体"} and sizes(heading) == {16}
    assert east_asian(subheading) == {"楷体_GB2312"} and sizes(subheading) == {16}
    assert east_asian(body) == {"仿宋_GB2312"} and sizes(body) == {16}
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 16 pt
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing.pt == 28
    section = document.sections[0]
    assert "训练材料" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in section.footer._element.xml and "fldChar" in section.footer._element.xml


def test_page_numbers_can_be_switched_off():
    document = reopen(new_document(layout=OfficeLayout(page_numbers=False)))
    assert "PAGE" not in document.sections[0].footer._element.xml


def test_a_table_has_a_grid_a_bold_repeated_header_and_the_body_font():
    layout = OfficeLayout()
    document = new_document(layout=layout)
    add_table(document, [["1", "事实一"], ["2", "事实二"]], ["序号", "问题"], layout=layout)
    table = reopen(document).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "问题"]
    assert [c.text for c in table.rows[2].cells] == ["2", "事实二"]
    assert table.style.name == "Table Grid"
    assert "w:tblHeader" in table.rows[0]._tr.xml
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.bold
    cell = table.rows[1].cells[1].paragraphs[0]
    assert east_asian(cell) == {"仿宋_GB2312"} and sizes(cell) == {12}


def test_a_table_row_of_the_wrong_width_is_refused():
    layout = OfficeLayout()
    with pytest.raises(ValueError):
        add_table(new_document(layout=layout), [["1"]], ["序号", "问题"], layout=layout)


@pytest.mark.parametrize(
    ("number", "expected"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")]
)
def test_chinese_numbers(number, expected):
    assert chinese_number(number) == expected


def test_margins_that_leave_no_room_for_text_are_refused_in_chinese():
    layout = OfficeDocumentLayout(margin_left=80, margin_right=80, page_width=210)
    with pytest.raises(ValidationError) as error:
        layout.full_clean()
    assert "版心宽度不足" in " ".join(error.value.message_dict["margin_right"])


def test_sizes_outside_the_sane_range_are_refused_in_chinese():
    layout = OfficeDocumentLayout(body_size=Decimal("3"), line_spacing=Decimal("10"), margin_top=5)
    with pytest.raises(ValidationError) as error:
        layout.full_clean()
    messages = error.value.message_dict
    assert "不得小于 9 磅" in " ".join(messages["body_size"])
    assert "不得小于 10 毫米" in " ".join(messages["margin_top"])


def test_the_defaults_pass_validation():
    OfficeDocumentLayout().full_clean()


def test_the_administrator_edits_the_layout_and_an_editor_cannot():
    url = reverse("wagtailsettings:edit", args=["core", "officedocumentlayout"])
    page = client_for(UserFactory(role=roles.ADMINISTRATOR)).get(url, follow=True)
    assert page.status_code == 200 and "公文版式" in page.content.decode()
    assert 'name="body_font"' in page.content.decode() and "正文字体" in page.content.decode()
    refused = client_for(UserFactory(role=roles.EDITOR)).get(url, follow=True)
    assert 'name="body_font"' not in refused.content.decode()

"""The report, the 反馈意见 and the 三张清单 as .docx, opened with python-docx: the outline's sections in order
(empty ones left out), problems grouped by category with 一是…, recommendations numbered, the lists as tables
with their headers, the fonts and page of the office layout, the page number, and 训练材料 on every page."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from core.office_documents import OfficeLayout
from report_writing.content import (
    ArticleRef,
    CategoryRef,
    EvidenceItem,
    ProblemItem,
    RecommendationItem,
    ReportContent,
    SectionItem,
)
from report_writing.documents import (
    build_feedback,
    build_lists_document,
    build_report,
    feedback_title,
    feedback_unit,
    filename_for,
)

LAYOUT = OfficeLayout()
DISCIPLINE = CategoryRef(category_id=2, name="违规公款吃喝", parent_id=1, parent_name="廉洁纪律")
POLITICS = CategoryRef(category_id=3, name="理论学习", parent_id=None, parent_name="")


def section(number: int, title: str, role: str, text: str = "", in_feedback: bool = True) -> SectionItem:
    return SectionItem(
        key=f"section-{number}", number=number, title=title, role=role, text=text, in_feedback=in_feedback
    )


CONTENT = ReportContent(
    title="示例县某局巡察报告（练习）",
    kind="report",
    sections=(
        section(1, "基本情况", "basic", "示例县某局共有干部职工32人。\n\n下设5个股室。"),
        section(2, "发现的主要问题", "problems", "巡察发现以下问题。"),
        section(3, "问题线索移交情况", "clues", "向县纪委监委移交问题线索1件。", in_feedback=False),
        section(4, "上轮巡察整改情况", "previous_round", ""),
        section(5, "意见建议", "recommendations", "针对上述问题，建议如下。"),
        section(6, "其他", "other", ""),
    ),
    problems=(
        ProblemItem(
            key="problem-1",
            number=1,
            fact="2025年该局3次以“会议费”名义列支接待费用共计4.2万元",
            severity_label="较重",
            categories=(DISCIPLINE,),
            evidence=(EvidenceItem(source="document", source_label="书证", count=3),),
            articles=(ArticleRef(article_id=1, label="《示例办法》第十条"),),
        ),
        ProblemItem(key="problem-2", number=2, fact="理论学习中心组全年仅学习2次。", categories=(POLITICS,)),
        ProblemItem(
            key="problem-3",
            number=3,
            fact="2次以培训名义组织外出参观。",
            categories=(DISCIPLINE,),
            severity_label="一般",
        ),
    ),
    recommendations=(
        RecommendationItem(
            key="recommendation-1",
            number=1,
            text="严格执行公务接待管理规定",
            problem_keys=("problem-1", "problem-3"),
            deadline_label="三个月内",
            lead_party="局办公室",
        ),
    ),
)


def opened(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def east_asian(paragraph) -> set[str]:
    return {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs}


def sizes(paragraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs}


def test_the_report_has_the_outline_sections_in_order_and_leaves_out_empty_ones():
    document = opened(build_report(content=CONTENT, layout=LAYOUT))
    headings = [t for t in texts(document) if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}]
    assert headings == ["一、基本情况", "二、发现的主要问题", "三、问题线索移交情况", "四、意见建议"]
    assert texts(document)[0] == "示例县某局巡察报告（练习）"
    assert "下设5个股室。" in texts(document)


def test_problems_are_grouped_by_top_level_category_with_evidence_and_basis():
    lines = texts(opened(build_report(content=CONTENT, layout=LAYOUT)))
    assert "（一）廉洁纪律" in lines and "（二）理论学习" in lines
    assert lines.index("（一）廉洁纪律") < lines.index("（二）理论学习")
    first, second = lines[lines.index("（一）廉洁纪律") + 1 : lines.index("（一）廉洁纪律") + 3]
    assert (
        first == "一是2025年该局3次以“会议费”名义列支接待费用共计4.2万元。（证据：书证×3；依据：《示例办法》第十条。）"
    )
    assert second == "二是2次以培训名义组织外出参观。"
    assert lines[lines.index("（二）理论学习") + 1] == "一是理论学习中心组全年仅学习2次。"


def test_recommendations_are_numbered_with_the_problems_they_answer():
    lines = texts(opened(build_report(content=CONTENT, layout=LAYOUT)))
    assert "1. 严格执行公务接待管理规定。（针对问题清单第1、3项；整改时限：三个月内；牵头：局办公室）" in lines


def test_the_report_is_in_the_office_layout():
    document = opened(build_report(content=CONTENT, layout=LAYOUT))
    paragraphs = document.paragraphs
    assert east_asian(paragraphs[0]) == {"方正小标宋简体"} and sizes(paragraphs[0]) == {22}
    heading = next(p for p in paragraphs if p.text == "一、基本情况")
    assert east_asian(heading) == {"黑体"} and sizes(heading) == {16}
    subheading = next(p for p in paragraphs if p.text == "（一）廉洁纪律")
    assert east_asian(subheading) == {"楷体_GB2312"} and sizes(subheading) == {16}
    body = next(p for p in paragraphs if p.text.startswith("示例县某局共有"))
    assert east_asian(body) == {"仿宋_GB2312"} and sizes(body) == {16}
    assert body.paragraph_format.first_line_indent.pt == 32
    page = document.sections[0]
    assert [round(m.mm) for m in (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert "PAGE" in page.footer._element.xml and "fldChar" in page.footer._element.xml
    assert "训练材料" in page.header.paragraphs[0].text


def test_a_changed_layout_changes_the_document():
    layout = OfficeLayout(
        title_font="黑体", title_size=20, body_font="宋体", body_size=14, margin_top=30, page_width=200
    )
    document = opened(build_report(content=CONTENT, layout=layout))
    assert east_asian(document.paragraphs[0]) == {"黑体"} and sizes(document.paragraphs[0]) == {20}
    body = next(p for p in document.paragraphs if p.text.startswith("示例县某局共有"))
    assert east_asian(body) == {"宋体"} and sizes(body) == {14}
    assert round(document.sections[0].top_margin.mm) == 30
    assert round(document.sections[0].page_width.mm) == 200


def test_the_feedback_leaves_out_sections_not_given_to_the_unit_and_appends_the_lists():
    document = opened(build_feedback(content=CONTENT, layout=LAYOUT))
    lines = texts(document)
    assert lines[0] == "关于反馈示例县某局巡察情况的意见（练习）"
    assert "三、问题线索移交情况" not in lines and "向县纪委监委移交问题线索1件。" not in lines
    assert [t for t in lines if t[:2] in {"一、", "二、", "三、"}] == [
        "一、基本情况",
        "二、发现的主要问题",
        "三、意见建议",
    ]
    assert [t for t in lines if t.startswith("附件")] == ["附件1　问题清单", "附件2　任务清单", "附件3　责任清单"]
    assert [t.rows[0].cells[1].text for t in document.tables] == ["问题类别", "整改任务", "问题"]
    assert "训练材料" in document.sections[0].header.paragraphs[0].text


def test_the_lists_document_has_three_tables_with_their_headers():
    document = opened(build_lists_document(content=CONTENT, layout=LAYOUT))
    problems, tasks, responsibilities = document.tables
    assert [c.text for c in problems.rows[0].cells] == [
        "序号",
        "问题类别",
        "问题（事实）",
        "证据（来源×数量）",
        "依据条款",
        "严重程度",
    ]
    assert [c.text for c in tasks.rows[0].cells] == ["序号", "整改任务", "对应问题", "整改时限"]
    assert [c.text for c in responsibilities.rows[0].cells] == ["序号", "问题", "责任主体", "责任类型", "牵头整改"]
    assert len(problems.rows) == 4  # header + three problems
    # problem 2 has no recommendation: a task row says so
    assert [c.text for c in tasks.rows[2].cells] == ["2", "未提出整改建议", "2", "—"]
    cell = problems.rows[1].cells[2].paragraphs[0]
    assert east_asian(cell) == {"仿宋_GB2312"} and sizes(cell) == {12}
    assert [p.text for p in document.paragraphs if p.text.endswith("清单")][1:] == [
        "一、问题清单",
        "二、任务清单",
        "三、责任清单",
    ]
    assert "训练材料" in document.sections[0].header.paragraphs[0].text


def test_empty_lists_say_none_rather_than_an_empty_table():
    document = opened(build_lists_document(content=ReportContent(title="空白练习", kind="report"), layout=LAYOUT))
    assert document.tables == [] and texts(document).count("暂无。") == 3


def test_file_names_and_the_feedback_unit():
    assert filename_for(content=CONTENT, document="report") == "示例县某局巡察报告（练习）.docx"
    assert filename_for(content=CONTENT, document="feedback") == "示例县某局巡察报告（练习）-反馈意见.docx"
    assert filename_for(content=CONTENT, document="lists") == "示例县某局巡察报告（练习）-三张清单.docx"
    odd = ReportContent(title='a/b:"c" 报告', kind="report")
    assert filename_for(content=odd, document="report") == "abc报告.docx"
    assert feedback_unit(ReportContent(title="关于示例镇的巡察报告", kind="report")) == "示例镇"
    assert (
        feedback_unit(ReportContent(title="关于对示例县某局党组的巡察报告（示例）", kind="report")) == "示例县某局党组"
    )
    assert feedback_unit(ReportContent(title="巡察报告", kind="report")) == ""
    # An exercise's title names no unit: the feedback keeps the title rather than mangling it.
    exercise = ReportContent(title="练习：写出示例县某局巡察报告的“发现的主要问题”部分", kind="report")
    assert feedback_unit(exercise) == ""
    assert feedback_title(exercise) == "练习：写出示例县某局巡察报告的“发现的主要问题”部分（反馈意见·练习）"

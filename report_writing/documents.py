"""A report's content as .docx files in the office's document layout (core.office_documents): the 巡察报告, the
反馈意见 with the 三张清单 as tables, and the 三张清单 alone. Pure over report_writing.content.ReportContent and an
OfficeLayout: the views read the draft (or 范文) and the layout, this only writes.

Every document is a practice text: each page's header says 训练材料, so a printout is never taken for a real
report (real reports are 巡察工作秘密 and never belong on this site)."""

from __future__ import annotations

import re

from core.office_documents import (
    OfficeLayout,
    add_heading,
    add_paragraph,
    add_table,
    add_title,
    chinese_number,
    new_document,
    to_bytes,
)
from report_writing.content import ProblemItem, RecommendationItem, ReportContent, SectionItem
from report_writing.lists import ThreeLists, article_text, build_lists
from report_writing.models import SectionRole

TRAINING_HEADER = "训练材料　练习稿，不是正式巡察报告"
OTHER_PROBLEMS = "其他方面"
ENDINGS = "。！？；"

REPORT, FEEDBACK, LISTS = "report", "feedback", "lists"
_FILE_LABELS = {REPORT: "", FEEDBACK: "反馈意见", LISTS: "三张清单"}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ENDINGS else f"{text}。"


def _paragraphs(document, text: str, *, layout: OfficeLayout) -> None:
    for line in text.splitlines():
        if line.strip():
            add_paragraph(document, line.strip(), layout=layout)


def _group_name(problem: ProblemItem) -> str:
    if not problem.categories:
        return OTHER_PROBLEMS
    first = problem.categories[0]
    return first.parent_name or first.name


def _problem_text(problem: ProblemItem) -> str:
    """The fact, then its evidence and basis in one short sentence."""
    evidence = "、".join(f"{e.source_label}×{e.count}" for e in problem.evidence)
    basis = "、".join(article_text(a) for a in problem.articles)
    parts = (f"证据：{evidence}" if evidence else "", f"依据：{basis}" if basis else "")
    support = "；".join(part for part in parts if part)
    return _sentence(problem.fact) + (f"（{support}。）" if support else "")


def _write_problems(document, problems: tuple[ProblemItem, ...], *, layout: OfficeLayout) -> None:
    groups: dict[str, list[ProblemItem]] = {}
    for problem in problems:
        groups.setdefault(_group_name(problem), []).append(problem)
    for group_number, (name, members) in enumerate(groups.items(), start=1):
        add_heading(document, f"（{chinese_number(group_number)}）{name}", layout=layout, level=2)
        for number, problem in enumerate(members, start=1):
            add_paragraph(document, f"{chinese_number(number)}是{_problem_text(problem)}", layout=layout)


def _recommendation_text(recommendation: RecommendationItem, numbers: dict[str, int]) -> str:
    answered = "、".join(str(numbers[k]) for k in recommendation.problem_keys if k in numbers)
    notes = [
        f"针对问题清单第{answered}项" if answered else "",
        f"整改时限：{recommendation.deadline_label}" if recommendation.deadline_label else "",
        f"牵头：{recommendation.lead_party}" if recommendation.lead_party else "",
    ]
    note = "；".join(n for n in notes if n)
    return f"{recommendation.number}. {_sentence(recommendation.text)}" + (f"（{note}）" if note else "")


def _write_recommendations(document, content: ReportContent, *, layout: OfficeLayout) -> None:
    numbers = {p.key: p.number for p in content.problems}
    for recommendation in content.recommendations:
        add_paragraph(document, _recommendation_text(recommendation, numbers), layout=layout)


def _has_content(section: SectionItem, content: ReportContent) -> bool:
    if section.text.strip():
        return True
    if section.role == SectionRole.PROBLEMS:
        return bool(content.problems)
    if section.role == SectionRole.RECOMMENDATIONS:
        return bool(content.recommendations)
    return False


def _write_sections(document, content: ReportContent, sections, *, layout: OfficeLayout) -> int:
    """The sections with something in them, numbered 一、二、… in order; returns how many were written."""
    number = 0
    for section in sections:
        if not _has_content(section, content):
            continue
        number += 1
        add_heading(document, f"{chinese_number(number)}、{section.title}", layout=layout)
        _paragraphs(document, section.text, layout=layout)
        if section.role == SectionRole.PROBLEMS:
            _write_problems(document, content.problems, layout=layout)
        elif section.role == SectionRole.RECOMMENDATIONS:
            _write_recommendations(document, content, layout=layout)
    return number


def _write_lists(document, lists: ThreeLists, *, layout: OfficeLayout, prefix: str) -> None:
    for number, one in enumerate(lists, start=1):
        add_heading(document, prefix.format(number=number, cn=chinese_number(number), title=one.title), layout=layout)
        if one.rows:
            add_table(document, one.cell_rows, list(one.header), layout=layout)
        else:
            add_paragraph(document, "暂无。", layout=layout)


def build_report(*, content: ReportContent, layout: OfficeLayout) -> bytes:
    """The report: its title, then each section with something in it, in the outline's order."""
    document = new_document(layout=layout, header=TRAINING_HEADER)
    add_title(document, content.title, layout=layout)
    _write_sections(document, content, content.sections, layout=layout)
    return to_bytes(document)


_REPORT_TITLE = re.compile(
    r"^(?:关于)?(?:对)?(?P<unit>[^“”\"：:]+?)(?:开展)?的?巡察(?:情况)?的?(?:报告|反馈意见|意见)"
    r"(?:[（(](?:练习|示例)[)）])?$"
)


def feedback_unit(content: ReportContent) -> str:
    """The inspected unit when the title names it as a report does (示例县某局巡察报告（练习） → 示例县某局);
    "" when the title is something else (an exercise's title, for instance)."""
    match = _REPORT_TITLE.match(content.title.strip())
    return match["unit"].strip() if match else ""


def feedback_title(content: ReportContent) -> str:
    unit = feedback_unit(content)
    if unit:
        return f"关于反馈{unit}巡察情况的意见（练习）"
    return f"{content.title}（反馈意见·练习）"


def build_feedback(*, content: ReportContent, layout: OfficeLayout) -> bytes:
    """The 反馈意见: only the sections given to the unit (in_feedback), then the 三张清单 as tables."""
    document = new_document(layout=layout, header=TRAINING_HEADER)
    add_title(document, feedback_title(content), layout=layout)
    _write_sections(document, content, [s for s in content.sections if s.in_feedback], layout=layout)
    _write_lists(document, build_lists(content=content), layout=layout, prefix="附件{number}　{title}")
    return to_bytes(document)


def build_lists_document(*, content: ReportContent, layout: OfficeLayout) -> bytes:
    """The 三张清单 as three tables."""
    document = new_document(layout=layout, header=TRAINING_HEADER)
    add_title(document, f"{content.title}三张清单", layout=layout)
    _write_lists(document, build_lists(content=content), layout=layout, prefix="{cn}、{title}")
    return to_bytes(document)


def filename_for(*, content: ReportContent, document: str) -> str:
    """The download's file name (Content-Disposition encodes it): the title, then what the file is."""
    if document not in _FILE_LABELS:
        raise ValueError(f"unknown document {document!r}")
    title = re.sub(r'[\\/:*?"<>|\s]+', "", content.title) or "巡察报告"
    label = _FILE_LABELS[document]
    return f"{title}-{label}.docx" if label else f"{title}.docx"

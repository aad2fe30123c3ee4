"""The 三张清单 built from crafted content: every column, a problem no recommendation answers (it shows
未提出整改建议 rather than dropping out), and a recommendation answering two problems."""

from __future__ import annotations

from report_writing.content import (
    ArticleRef,
    CategoryRef,
    EvidenceItem,
    ProblemItem,
    RecommendationItem,
    ReportContent,
)
from report_writing.lists import build_lists

HOSPITALITY = ProblemItem(
    key="problem-1",
    number=1,
    fact="2025年该局3次以“会议费”名义列支接待费用共计4.2万元。",
    severity="serious",
    severity_label="较重",
    categories=(CategoryRef(category_id=2, name="违规公款吃喝", parent_id=1, parent_name="廉洁纪律"),),
    evidence=(
        EvidenceItem(source="document", source_label="书证", count=3, note="报销凭证"),
        EvidenceItem(source="interview", source_label="谈话记录", count=2),
    ),
    articles=(
        ArticleRef(article_id=1, label="《示例办法》第十条"),
        ArticleRef(article_id=2, label="《旧示例规定》第五条", in_force=False, became="《示例规定》第六条"),
    ),
    responsible_party="局党组",
    responsibility_label="主体责任",
)
VEHICLES = ProblemItem(key="problem-2", number=2, fact="公务用车登记不全。", severity_label="一般")
STUDY = ProblemItem(key="problem-3", number=3, fact="理论学习中心组全年仅学习2次。", severity_label="一般")


def content(*recommendations: RecommendationItem) -> ReportContent:
    return ReportContent(
        title="示例县某局巡察报告（练习）",
        kind="report",
        problems=(HOSPITALITY, VEHICLES, STUDY),
        recommendations=recommendations,
    )


BOTH = RecommendationItem(
    key="recommendation-1",
    number=1,
    text="严格执行公务接待和公务用车管理规定。",
    problem_keys=("problem-2", "problem-1"),
    deadline_label="三个月内",
    lead_party="局办公室",
)
SECOND_LEAD = RecommendationItem(
    key="recommendation-2",
    number=2,
    text="清退违规列支的接待费用。",
    problem_keys=("problem-1",),
    deadline_label="立即整改",
    lead_party="局财务股",
)


def test_the_problem_list_has_every_column():
    lists = build_lists(content=content(BOTH))
    assert list(lists.problems.header) == [
        "序号",
        "问题类别",
        "问题（事实）",
        "证据（来源×数量）",
        "依据条款",
        "严重程度",
    ]
    first = lists.problems.rows[0]
    assert first.cells == [
        "1",
        "廉洁纪律·违规公款吃喝",
        HOSPITALITY.fact,
        "书证×3（报销凭证）；谈话记录×2",
        "《示例办法》第十条；《旧示例规定》第五条（已修订，现为《示例规定》第六条）",
        "较重",
    ]
    assert first.superseded
    second = lists.problems.rows[1]
    assert second.cells[1:] == ["未分类", VEHICLES.fact, "无证据", "未引用条款", "一般"]
    assert not second.superseded


def test_a_recommendation_answering_two_problems_lists_both_numbers_in_order():
    lists = build_lists(content=content(BOTH))
    assert list(lists.tasks.header) == ["序号", "整改任务", "对应问题", "整改时限"]
    assert lists.tasks.rows[0].cells == ["1", BOTH.text, "1、2", "三个月内"]


def test_a_problem_without_recommendation_shows_in_the_task_and_responsibility_lists():
    lists = build_lists(content=content(BOTH))
    assert [row.cells for row in lists.tasks.rows[1:]] == [["2", "未提出整改建议", "3", "—"]]
    assert lists.tasks.rows[1].missing
    study = lists.responsibilities.rows[2]
    assert study.cells == ["3", STUDY.fact, "未明确", "未明确", "未提出整改建议"]
    assert study.missing


def test_the_responsibility_list_names_who_answers_and_every_lead():
    lists = build_lists(content=content(BOTH, SECOND_LEAD))
    assert list(lists.responsibilities.header) == ["序号", "问题", "责任主体", "责任类型", "牵头整改"]
    hospitality = lists.responsibilities.rows[0]
    assert hospitality.cells == ["1", HOSPITALITY.fact, "局党组", "主体责任", "局办公室、局财务股"]
    assert not hospitality.missing
    assert lists.responsibilities.rows[1].cells[4] == "局办公室"


def test_a_recommendation_answering_no_problem_says_so():
    loose = RecommendationItem(key="recommendation-9", number=1, text="加强学习。", deadline_label="长期坚持")
    lists = build_lists(content=content(loose))
    assert lists.tasks.rows[0].cells == ["1", "加强学习。", "未对应问题", "长期坚持"]
    # every problem still appears, none answered
    assert [row.problems for row in lists.tasks.rows[1:]] == ["1", "2", "3"]


def test_empty_content_gives_empty_lists():
    lists = build_lists(content=ReportContent(title="空白练习", kind="report"))
    assert lists.is_empty
    assert [len(one.rows) for one in lists] == [0, 0, 0]
    assert [one.title for one in lists] == ["问题清单", "任务清单", "责任清单"]


def test_rows_pair_each_cell_with_its_column_name_for_the_phone_cards():
    lists = build_lists(content=content(BOTH))
    _row, cells = lists.tasks.labelled_rows[0]
    assert cells[1] == ("整改任务", BOTH.text) and cells[2] == ("对应问题", "1、2")

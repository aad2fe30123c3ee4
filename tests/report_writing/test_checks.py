"""The team leader's checks: each fires on a crafted draft and stays silent on a clean one."""

from __future__ import annotations

import pytest

from regulations.models import RegulationStatus
from report_writing.checks import CheckContext, Finding, has_instance, has_number, run_checks
from report_writing.content import (
    ArticleRef,
    CategoryRef,
    EvidenceItem,
    ProblemItem,
    RecommendationItem,
    ReportContent,
    SectionItem,
)
from report_writing.models import CheckBasis, CheckCode
from report_writing.selectors import article_ref, check_context, content_of_draft
from tests.factories import RegulationArticleFactory, RegulationPageFactory

CONTEXT = CheckContext(
    vague_wordings=(("问题突出", "写出次数或具体事例。"), ("影响恶劣", "写出后果。")),
    bases={CheckCode.SINGLE_SOURCE: ("孤证不能定性。", "《示例办法》第十条", "/regulations/x/#article-10")},
)
ARTICLE = ArticleRef(article_id=1, label="《示例办法》第十条")
TWO_SOURCES = (EvidenceItem("interview", "谈话记录", 1), EvidenceItem("document", "书证", 1))
PARENT_A = {"parent_id": 100, "parent_name": "违反六项纪律"}


def problem(number=1, **kwargs) -> ProblemItem:
    values = {
        "key": f"problem-{number}",
        "number": number,
        "fact": "2025年该局3次以会议费名义列支接待费用4.2万元。",
        "evidence": TWO_SOURCES,
        "articles": (ARTICLE,),
        "categories": (CategoryRef(1, "廉洁纪律", **PARENT_A),),
    }
    values.update(kwargs)
    return ProblemItem(**values)


def recommendation(number=1, answers=("problem-1",)) -> RecommendationItem:
    return RecommendationItem(key=f"recommendation-{number}", number=number, text="清理会议费。", problem_keys=answers)


SECTIONS = (
    SectionItem("section-0", 1, "基本情况", "basic", "巡察组个别谈话32人次。"),
    SectionItem("section-1", 2, "发现的主要问题", "problems"),
    SectionItem("section-3", 3, "上轮巡察整改情况", "previous_round", "上轮反馈问题12个，已整改10个。"),
    SectionItem("section-4", 4, "意见建议", "recommendations"),
)


def content(**kwargs) -> ReportContent:
    values = {
        "title": "练习",
        "kind": "report",
        "sections": SECTIONS,
        "problems": (problem(),),
        "recommendations": (recommendation(),),
    }
    values.update(kwargs)
    return ReportContent(**values)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_a_clean_draft_has_no_finding():
    assert run_checks(content=content(), context=CONTEXT) == []


@pytest.mark.parametrize(
    "sentence",
    ["该局违规发放津贴问题突出", "财务管理问题突出，影响恶劣"],
)
def test_vague_wording_without_number_or_instance_fires(sentence):
    findings = run_checks(content=content(problems=(problem(fact=sentence),)), context=CONTEXT)
    assert CheckCode.VAGUE_WORDING in codes(findings)
    vague = next(f for f in findings if f.code == CheckCode.VAGUE_WORDING)
    assert vague.target == "problem-1"
    assert "问题突出" in vague.message and "写出次数或具体事例。" in vague.message


@pytest.mark.parametrize(
    "sentence",
    [
        "违规发放津贴问题突出，2024年发放3次",
        "违规发放津贴问题突出，共发放三次",
        "违规发放津贴问题突出，共发放３次",
        "违规发放津贴问题突出，涉及两名干部",
        "违规发放津贴问题突出，如某股室年终发放过节费",
        "违规发放津贴问题突出，其中某股室最多",
    ],
)
def test_vague_wording_with_a_number_or_an_instance_passes(sentence):
    findings = run_checks(content=content(problems=(problem(fact=sentence),)), context=CONTEXT)
    assert CheckCode.VAGUE_WORDING not in codes(findings)


def test_vague_wording_is_judged_per_sentence_in_a_section():
    sections = (
        SectionItem("section-0", 1, "基本情况", "basic", "谈话32人次。\n该局作风问题突出；需要整改。"),
        *SECTIONS[1:],
    )
    findings = run_checks(content=content(sections=sections), context=CONTEXT)
    assert [(f.code, f.target) for f in findings] == [(CheckCode.VAGUE_WORDING, "section-0")]


def test_numbers_and_instances():
    assert has_number("共3起") and has_number("共三次") and has_number("共３次") and has_number("十二名干部")
    assert not has_number("问题突出") and not has_number("三令五申")
    assert has_instance("例如某股室") and not has_instance("如实反映")


def test_no_evidence_and_single_source():
    findings = run_checks(content=content(problems=(problem(evidence=()),)), context=CONTEXT)
    assert codes(findings) == [CheckCode.NO_EVIDENCE]
    single = (EvidenceItem("interview", "谈话记录", 1),)
    findings = run_checks(content=content(problems=(problem(evidence=single),)), context=CONTEXT)
    assert codes(findings) == [CheckCode.SINGLE_SOURCE]
    assert "谈话记录" in findings[0].message
    # The basis editors keep is carried with the finding.
    assert findings[0].rule == "孤证不能定性。"
    assert findings[0].article_label == "《示例办法》第十条"
    several = (EvidenceItem("interview", "谈话记录", 3),)
    assert run_checks(content=content(problems=(problem(evidence=several),)), context=CONTEXT) == []


def test_no_article_with_the_built_in_rule():
    findings = run_checks(content=content(problems=(problem(articles=()),)), context=CONTEXT)
    assert codes(findings) == [CheckCode.NO_ARTICLE]
    assert findings[0].rule  # no CheckBasis row in CONTEXT: the built-in one-line rule
    assert findings[0].article_url == ""


def test_several_disciplines_only_under_one_parent():
    same_parent = (CategoryRef(1, "廉洁纪律", **PARENT_A), CategoryRef(2, "工作纪律", **PARENT_A))
    findings = run_checks(content=content(problems=(problem(categories=same_parent),)), context=CONTEXT)
    assert codes(findings) == [CheckCode.SEVERAL_DISCIPLINES]
    assert "廉洁纪律" in findings[0].message and "工作纪律" in findings[0].message
    different = (CategoryRef(1, "廉洁纪律", **PARENT_A), CategoryRef(3, "形式主义", 200, "四风问题"))
    assert run_checks(content=content(problems=(problem(categories=different),)), context=CONTEXT) == []


def test_recommendations_and_problems_answer_each_other():
    findings = run_checks(
        content=content(problems=(problem(1), problem(2)), recommendations=(recommendation(1), recommendation(2, ()))),
        context=CONTEXT,
    )
    assert [(f.code, f.target) for f in findings] == [
        (CheckCode.PROBLEM_WITHOUT_RECOMMENDATION, "problem-2"),
        (CheckCode.UNANSWERED_RECOMMENDATION, "recommendation-2"),
    ]


def test_no_recommendation_section_and_none_written_is_not_nagged():
    sections = tuple(s for s in SECTIONS if s.role != "recommendations")
    findings = run_checks(content=content(sections=sections, recommendations=()), context=CONTEXT)
    assert CheckCode.PROBLEM_WITHOUT_RECOMMENDATION not in codes(findings)


def test_previous_round_missing_or_empty():
    without = tuple(s for s in SECTIONS if s.role != "previous_round")
    findings = run_checks(content=content(sections=without), context=CONTEXT)
    assert [(f.code, f.target) for f in findings] == [(CheckCode.NO_PREVIOUS_ROUND, "")]
    empty = tuple(SectionItem(s.key, s.number, s.title, s.role) if s.role == "previous_round" else s for s in SECTIONS)
    findings = run_checks(content=content(sections=empty), context=CONTEXT)
    assert [(f.code, f.target) for f in findings] == [(CheckCode.NO_PREVIOUS_ROUND, "section-3")]
    # A 反馈意见 has no such section to ask for.
    assert run_checks(content=content(sections=without, kind="feedback"), context=CONTEXT) == []


def test_only_roles_limits_section_bound_checks():
    crafted = content(
        sections=(SectionItem("section-0", 1, "基本情况", "basic", "作风问题突出"), SECTIONS[1], SECTIONS[3]),
        problems=(problem(articles=()),),
        recommendations=(recommendation(2, ()),),
    )
    everything = codes(run_checks(content=crafted, context=CONTEXT))
    assert set(everything) == {
        CheckCode.NO_PREVIOUS_ROUND,
        CheckCode.VAGUE_WORDING,
        CheckCode.NO_ARTICLE,
        CheckCode.PROBLEM_WITHOUT_RECOMMENDATION,
        CheckCode.UNANSWERED_RECOMMENDATION,
    }
    # An exercise asking for the problems section: only the problems are checked, and not nagged for recommendations
    # the exercise does not ask for... unless the writer wrote some.
    only_problems = run_checks(content=crafted, context=CONTEXT, only_roles={"problems"})
    assert codes(only_problems) == [CheckCode.NO_ARTICLE, CheckCode.PROBLEM_WITHOUT_RECOMMENDATION]
    unwritten = run_checks(
        content=content(problems=(problem(),), recommendations=()), context=CONTEXT, only_roles={"problems"}
    )
    assert unwritten == []
    only_basic = run_checks(content=crafted, context=CONTEXT, only_roles={"basic"})
    assert codes(only_basic) == [CheckCode.VAGUE_WORDING]


def test_findings_come_in_a_stable_order():
    without = tuple(s for s in SECTIONS if s.role not in ("previous_round",))
    sections = (SectionItem("section-0", 1, "基本情况", "basic", "问题突出"), *without[1:])
    crafted = content(
        sections=sections,
        problems=(problem(1, articles=()), problem(2, evidence=())),
        recommendations=(recommendation(1, ("problem-1", "problem-2")), recommendation(2, ())),
    )
    findings = run_checks(content=crafted, context=CONTEXT)
    assert [(f.code, f.target) for f in findings] == [
        (CheckCode.NO_PREVIOUS_ROUND, ""),
        (CheckCode.VAGUE_WORDING, "section-0"),
        (CheckCode.NO_ARTICLE, "problem-1"),
        (CheckCode.NO_EVIDENCE, "problem-2"),
        (CheckCode.UNANSWERED_RECOMMENDATION, "recommendation-2"),
    ]


@pytest.mark.django_db
def test_superseded_article_with_and_without_successor():
    in_force = RegulationArticleFactory(regulation=RegulationPageFactory(title="示例办法（2025）"), number=12)
    old_edition = RegulationPageFactory(title="示例办法（2019）", status=RegulationStatus.REVISED)
    followed = RegulationArticleFactory(
        regulation=old_edition, number=10, current=in_force, change_to_current="renumbered"
    )
    dropped = RegulationArticleFactory(regulation=old_edition, number=11)
    repealed = RegulationArticleFactory(regulation=RegulationPageFactory(status=RegulationStatus.REPEALED), number=3)

    refs = [article_ref(a) for a in (in_force, followed, dropped, repealed)]
    assert [r.in_force for r in refs] == [True, False, False, False]
    findings = run_checks(content=content(problems=(problem(articles=tuple(refs)),)), context=CONTEXT)
    superseded = [f for f in findings if f.code == CheckCode.SUPERSEDED_ARTICLE]
    assert len(superseded) == 3
    assert "《示例办法（2025）》第十二条" in superseded[0].message
    assert "废止" in superseded[1].message or "repealed" in superseded[1].message
    assert run_checks(content=content(problems=(problem(articles=(refs[0],)),)), context=CONTEXT) == []


@pytest.mark.django_db
def test_check_context_reads_the_editors_lists_in_two_queries(django_assert_num_queries):
    article = RegulationArticleFactory(regulation=RegulationPageFactory(title="示例条例"), number=5)
    CheckBasis.objects.filter(code=CheckCode.NO_ARTICLE).update(rule="定性要有依据。", article=article)
    check_context()  # the site's root paths, cached after the first page URL of any request
    with django_assert_num_queries(2):
        context = check_context()
    assert ("问题突出", "写出次数、金额、人数，或举一个具体事例。") in context.vague_wordings
    rule, label, url = context.bases[CheckCode.NO_ARTICLE]
    assert rule == "定性要有依据。" and label == "《示例条例》第五条" and url.endswith("#" + article.anchor)


@pytest.mark.django_db
def test_a_draft_from_the_database_is_checked_the_same_way():
    from tests.report_writing.factories import ProblemEntryFactory, ProblemEvidenceFactory

    entry = ProblemEntryFactory(fact="该局违规问题突出")
    ProblemEvidenceFactory(problem=entry, source="interview", count=1)
    findings = run_checks(content=content_of_draft(draft=entry.draft), context=check_context())
    assert {CheckCode.VAGUE_WORDING, CheckCode.SINGLE_SOURCE, CheckCode.NO_ARTICLE, CheckCode.NO_PREVIOUS_ROUND} <= set(
        codes(findings)
    )

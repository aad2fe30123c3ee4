"""A 范文 as plain content (the same shape as a draft's), its page read as a report, and publishing only when every
check passes."""

import pytest
from django.urls import reverse

from report_writing.checks import run_checks
from report_writing.model_reports import content_of_model_report
from report_writing.selectors import check_context
from tests.factories import (
    ProblemCategoryFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
    client_for,
)
from tests.report_writing.factories import ModelReportPageFactory, model_report_value

pytestmark = pytest.mark.django_db


def article():
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="示例办法")
    return RegulationArticleFactory(regulation=regulation, number=10)


def test_the_content_keys_numbers_and_answers_follow_the_blocks(django_assert_max_num_queries):
    parent = ProblemCategoryFactory(name="违反中央八项规定精神")
    category = ProblemCategoryFactory(name="违规公务接待", parent=parent)
    cited = article()
    value = model_report_value(category_ids=[category.pk], article_ids=[cited.pk], answers=[(1,), (1, 7), ()])
    page = ModelReportPageFactory(**value)
    page = type(page).objects.get(pk=page.pk)
    cited.regulation.url  # noqa: B018 -- Wagtail's site-root cache, filled once per process
    with django_assert_max_num_queries(2):  # the categories and the articles, whatever the size
        content = content_of_model_report(page=page)
    assert [s.key for s in content.sections] == [f"section-{n}" for n in range(1, 7)]
    assert content.section_with_role("previous_round").text.startswith("上轮反馈问题")
    [problem] = content.problems
    assert problem.key == "problem-1" and problem.number == 1
    assert [(c.name, c.parent_name) for c in problem.categories] == [("违规公务接待", "违反中央八项规定精神")]
    assert [a.label for a in problem.articles] == ["《示例办法》第十条"] and problem.articles[0].in_force
    assert [(e.source_label, e.count) for e in problem.evidence] == [("书证", 3), ("谈话记录", 2)]
    assert problem.responsibility_label and problem.severity_label
    # A number without a problem is dropped; a recommendation without numbers answers nothing.
    assert [r.problem_keys for r in content.recommendations] == [("problem-1",), ("problem-1",), ()]
    assert [r.key for r in content.recommendations] == ["recommendation-1", "recommendation-2", "recommendation-3"]


def test_a_complete_model_report_raises_no_check_and_a_broken_one_does():
    cited = article()
    category = ProblemCategoryFactory(name="违规公务接待", parent=ProblemCategoryFactory(name="八项规定"))
    good = ModelReportPageFactory(**model_report_value(category_ids=[category.pk], article_ids=[cited.pk]))
    assert run_checks(content=content_of_model_report(page=good), context=check_context()) == []
    broken = ModelReportPageFactory(**model_report_value(category_ids=[category.pk], article_ids=[], answers=[()]))
    codes = {f.code for f in run_checks(content=content_of_model_report(page=broken), context=check_context())}
    assert {"no_article", "recommendation_without_problem", "problem_without_recommendation"} <= codes


def test_the_page_reads_as_a_report_with_its_sample_mark():
    cited = article()
    page = ModelReportPageFactory(**model_report_value(article_ids=[cited.pk]))
    response = client_for(UserFactory()).get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "一、基本情况" in html and "六、其他" in html
    assert "以“会议费”名义列支接待费用" in html and "《示例办法》第十条" in html
    assert 'data-testid="sample-mark"' in html
    docx = reverse("report_writing:model_report_docx", args=[page.pk])
    assert docx in html

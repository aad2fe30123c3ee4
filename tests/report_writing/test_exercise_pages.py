"""The section page, an exercise's scenario and a writer's way into it, the 范文 in the site search, and the rule
that a 范文 is published only when every check passes."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core import roles
from report_writing.models import DraftStatus, ModelReportPage, ReportDraft
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    ProblemCategoryFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
    client_for,
)
from tests.report_writing.factories import (
    ModelReportPageFactory,
    ReportDraftFactory,
    ReportExercisePageFactory,
    model_report_value,
    report_index,
)

pytestmark = pytest.mark.django_db


def test_the_section_lists_exercises_model_reports_and_the_ways_to_write(django_assert_max_num_queries):
    exercise = ReportExercisePageFactory(title="练习：写问题部分")
    model_report = ModelReportPageFactory(title="示例县某局巡察报告（示例）")
    ReportExercisePageFactory()
    user = UserFactory()
    ReportDraftFactory(writer=user, exercise=exercise)
    client = client_for(user)
    counts = []
    for _more in range(2):
        client.get(report_index().url)  # fills the site-root and header menu caches (a new page empties them)
        with django_assert_max_num_queries(18) as captured:
            response = client.get(report_index().url)
        counts.append(len(captured))
        ReportDraftFactory(writer=user, exercise=ReportExercisePageFactory())
        ModelReportPageFactory()
    assert counts[0] == counts[1]  # the same queries whatever the number of exercises and drafts
    html = response.content.decode()
    assert response.status_code == 200
    assert exercise.url in html and model_report.url in html
    assert reverse("report_writing:my_drafts") in html and reverse("report_writing:start_draft") in html
    assert str(DraftStatus.WRITING.label) in html or "撰写中" in html or "写作中" in html


def test_the_exercise_shows_its_scenario_and_a_start_button_that_becomes_continue():
    case = CasePageFactory(title="示例案例：违规接待", parent=CaseIndexPageFactory())
    exercise = ReportExercisePageFactory()
    exercise.cases.add(case)
    exercise.save_revision().publish()
    user = UserFactory(role=roles.TRAINEE)
    html = client_for(user).get(exercise.url).content.decode()
    assert 'data-testid="training-material-notice"' in html
    assert case.url in html and "示例局以会议费名义列支接待费用3次" in html and "财务凭证3张" in html
    start = reverse("report_writing:start_exercise", args=[exercise.pk])
    assert f'action="{start}"' in html and 'method="post"' in html
    assert "开始写作" in html
    ReportDraftFactory(writer=user, exercise=exercise)
    assert "继续写作" in client_for(user).get(exercise.url).content.decode()


def test_a_handed_in_draft_shows_its_status_and_a_link_to_its_result():
    exercise = ReportExercisePageFactory()
    user = UserFactory()
    draft = ReportDraftFactory(
        writer=user, exercise=exercise, status=DraftStatus.SUBMITTED, submitted_at=timezone.now()
    )
    html = client_for(user).get(exercise.url).content.decode()
    assert reverse("report_writing:result", args=[draft.pk]) in html
    assert reverse("report_writing:start_exercise", args=[exercise.pk]) not in html
    # Someone else sees no one's draft.
    other = client_for(UserFactory()).get(exercise.url).content.decode()
    assert reverse("report_writing:result", args=[draft.pk]) not in other


@pytest.fixture
def whoosh(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(tmp_path / "index"), "WRITE_TIMEOUT": 10},
    }
    settings.SEARCH_BACKEND = "whoosh"
    return settings


def test_the_site_search_finds_a_live_model_report_by_a_word_of_its_problems(
    whoosh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ModelReportPageFactory(title="示例县某局巡察报告（示例）")
        hidden = ModelReportPageFactory(title="未发布的范文", live=False)
    client = client_for(UserFactory(role=roles.TRAINEE))
    results = client.get(reverse("search_api"), {"q": "会议费"}).json()["results"]
    hits = [(r["title"], r["url"]) for r in results if r["type"] == "model_report"]
    assert hits == [(page.title, page.url)]
    assert hidden.title not in str(results)
    html = client.get(reverse("search"), {"q": "会议费", "type": "model_report"}).content.decode()
    assert page.title in html


def _form_data(page, value) -> dict:
    def block_list(values):
        return {
            "count": str(len(values)),
            **{str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(values)},
        }

    problems = []
    for item in value["problems"]:
        v = item["value"]
        problems.append(
            (
                "problem",
                {
                    "fact": v["fact"],
                    "categories": block_list(v["categories"]),
                    "severity": v["severity"],
                    "evidence": block_list(v["evidence"]),
                    "articles": block_list(v["articles"]),
                    "responsible_party": v["responsible_party"],
                    "responsibility": v["responsibility"],
                },
            )
        )
    sections = [
        ("section", {**{k: s["value"][k] for k in ("title", "role", "text")}, "in_feedback": "on"})
        for s in value["sections"]
    ]
    recommendations = [
        ("recommendation", {**r["value"], "answers": block_list(r["value"]["answers"])})
        for r in value["recommendations"]
    ]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "kind": "report",
            "summary": "示例",
            "sections": streamfield(sections),
            "problems": streamfield(problems),
            "recommendations": streamfield(recommendations),
        }
    )


def test_publishing_a_model_report_needs_every_check_to_pass_and_a_draft_revision_does_not():
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="示例办法")
    article = RegulationArticleFactory(regulation=regulation, number=3)
    category = ProblemCategoryFactory(name="违规公务接待", parent=ProblemCategoryFactory(name="八项规定"))
    page = ModelReportPageFactory(live=False)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client = client_for(UserFactory(role=roles.ADMINISTRATOR))

    broken = _form_data(page, model_report_value(category_ids=[category.pk], article_ids=[], answers=[()]))
    response = client.post(url, {**broken, "action-publish": "action-publish"})
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "第1个问题" in errors or "问题1" in errors or "1" in errors
    assert not ModelReportPage.objects.get(pk=page.pk).live

    response = client.post(url, broken)  # saving a draft revision is allowed
    assert response.status_code == 302
    assert not ModelReportPage.objects.get(pk=page.pk).live

    good = _form_data(page, model_report_value(category_ids=[category.pk], article_ids=[article.pk]))
    response = client.post(url, {**good, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    assert ModelReportPage.objects.get(pk=page.pk).live


def test_a_marked_draft_lets_the_writer_try_the_exercise_again():
    exercise = ReportExercisePageFactory()
    user = UserFactory()
    marked = ReportDraftFactory(
        writer=user, exercise=exercise, status=DraftStatus.MARKED, submitted_at=timezone.now(), marked_at=timezone.now()
    )
    client = client_for(user)
    start = reverse("report_writing:start_exercise", args=[exercise.pk])
    html = client.get(exercise.url).content.decode()
    assert reverse("report_writing:result", args=[marked.pk]) in html and start in html
    response = client.post(start)
    again = ReportDraft.objects.get(writer=user, exercise_id=exercise.pk, status=DraftStatus.WRITING)
    assert response.status_code == 302 and response["Location"] == reverse("report_writing:draft", args=[again.pk])

"""The writer's drafting pages: who gets what, GETs and the check endpoint write nothing, bounded queries."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core.roles import REVIEWER, TRAINEE
from report_writing.models import DraftSection, DraftStatus, ProblemEntry, Recommendation, ReportDraft
from tests.factories import RegulationArticleFactory, RegulationPageFactory, UserFactory, client_for
from tests.report_writing.factories import (
    ProblemEntryFactory,
    ProblemEvidenceFactory,
    RecommendationFactory,
    ReportDraftFactory,
    ReportExercisePageFactory,
)

pytestmark = pytest.mark.django_db


def draft_urls(draft, problem, recommendation) -> list[tuple[str, str]]:
    """(method, url) of every drafting URL of one draft."""
    pk = draft.pk
    return [
        ("get", reverse("report_writing:draft", args=[pk])),
        ("post", reverse("report_writing:draft", args=[pk])),
        ("post", reverse("report_writing:check", args=[pk])),
        ("post", reverse("report_writing:submit_draft", args=[pk])),
        ("post", reverse("report_writing:delete_draft", args=[pk])),
        ("get", reverse("report_writing:new_problem", args=[pk])),
        ("post", reverse("report_writing:new_problem", args=[pk])),
        ("get", reverse("report_writing:problem", args=[pk, problem.pk])),
        ("post", reverse("report_writing:problem", args=[pk, problem.pk])),
        ("post", reverse("report_writing:delete_problem", args=[pk, problem.pk])),
        ("get", reverse("report_writing:new_recommendation", args=[pk])),
        ("post", reverse("report_writing:new_recommendation", args=[pk])),
        ("get", reverse("report_writing:recommendation", args=[pk, recommendation.pk])),
        ("post", reverse("report_writing:recommendation", args=[pk, recommendation.pk])),
        ("post", reverse("report_writing:delete_recommendation", args=[pk, recommendation.pk])),
    ]


def snapshot():
    return (
        list(ReportDraft.objects.values_list("pk", "status", "updated_at")),
        list(DraftSection.objects.values_list("pk", "text")),
        list(ProblemEntry.objects.values_list("pk", "fact")),
        list(Recommendation.objects.values_list("pk", "text")),
    )


@pytest.fixture
def written():
    draft = ReportDraftFactory(writer=UserFactory(role=TRAINEE), texts={"basic": "谈话32人次。"})
    problem = ProblemEntryFactory(draft=draft)
    ProblemEvidenceFactory(problem=problem, source="interview", count=1)
    recommendation = RecommendationFactory(draft=draft, problems=[problem])
    return draft, problem, recommendation


def test_another_trainee_gets_404_on_every_draft_url(written):
    draft, problem, recommendation = written
    other = client_for(UserFactory(role=TRAINEE))
    before = snapshot()
    for method, url in draft_urls(draft, problem, recommendation):
        response = getattr(other, method)(url, {"section-0": "别人改的", "fact": "别人写的事实"})
        assert response.status_code == 404, (method, url)
    assert snapshot() == before


def test_a_problem_or_recommendation_of_another_draft_is_404(written):
    _draft, problem, recommendation = written
    mine = ReportDraftFactory()
    client = client_for(mine.writer)
    assert client.get(reverse("report_writing:problem", args=[mine.pk, problem.pk])).status_code == 404
    assert client.get(reverse("report_writing:recommendation", args=[mine.pk, recommendation.pk])).status_code == 404
    assert client.post(reverse("report_writing:delete_problem", args=[mine.pk, problem.pk])).status_code == 404
    assert ProblemEntry.objects.filter(pk=problem.pk).exists()


def test_a_marker_sees_only_submitted_drafts_read_only_and_audited(written):
    draft, _problem, _recommendation = written
    marker = client_for(UserFactory(role=REVIEWER))
    url = reverse("report_writing:draft", args=[draft.pk])
    assert marker.get(url).status_code == 404
    ReportDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.SUBMITTED)
    response = marker.get(url)
    assert response.status_code == 200
    assert b"<textarea" not in response.content
    assert AuditEntry.objects.filter(action="report_writing.draft_viewed").exists()
    before = snapshot()
    assert marker.post(url, {"section-0": "批改人改的"}).status_code == 404
    assert snapshot() == before


def test_the_editor_shows_the_findings_beside_the_items_and_a_get_writes_nothing(written):
    draft, problem, _recommendation = written
    client = client_for(draft.writer)
    before = snapshot()
    response = client.get(reverse("report_writing:draft", args=[draft.pk]))
    assert response.status_code == 200
    assert snapshot() == before
    html = response.content.decode()
    assert 'data-testid="training-material-notice"' in html
    assert f'data-findings-for="problem-{problem.pk}"' in html
    assert "第1个问题只有1个证据来源（谈话记录）" in html
    assert "还有 " in html  # "还有 N 处需要修改"
    assert reverse("report_writing:report_docx", args=[draft.pk]) in html


def test_saving_the_sections(written):
    draft, _problem, _recommendation = written
    client = client_for(draft.writer)
    response = client.post(
        reverse("report_writing:draft", args=[draft.pk]), {"section-0": "谈话40人次。", "section-3": "上轮问题12个。"}
    )
    assert response.status_code == 302
    assert DraftSection.objects.get(draft=draft, position=0).text == "谈话40人次。"
    # Too long: refused whole with a message, what was typed shown again.
    response = client.post(
        reverse("report_writing:draft", args=[draft.pk]), {"section-0": "改了", "section-1": "长" * 5001}
    )
    assert response.status_code == 400
    assert DraftSection.objects.get(draft=draft, position=0).text == "谈话40人次。"
    assert "太长" in response.content.decode()


def test_the_check_endpoint_answers_for_unsaved_text_and_writes_nothing(written):
    draft, problem, _recommendation = written
    client = client_for(draft.writer)
    before = snapshot()
    response = client.post(reverse("report_writing:check", args=[draft.pk]), {"section-0": "该局作风问题突出"})
    assert response.status_code == 200
    data = json.loads(response.content)
    targets = {(f["code"], f["target"]) for f in data["findings"]}
    assert ("vague_wording", "section-0") in targets
    assert ("single_source", f"problem-{problem.pk}") in targets
    assert data["count"] == len(data["findings"]) and "还有" in data["summary"]
    assert snapshot() == before
    assert client.get(reverse("report_writing:check", args=[draft.pk])).status_code == 405


def test_the_editor_query_count_does_not_grow_with_the_draft(django_assert_max_num_queries):
    small = ReportDraftFactory()
    entry = ProblemEntryFactory(draft=small, articles=[RegulationArticleFactory(regulation=RegulationPageFactory())])
    ProblemEvidenceFactory(problem=entry)
    RecommendationFactory(draft=small, problems=[entry])
    large = ReportDraftFactory(writer=small.writer)
    articles = [RegulationArticleFactory(regulation=RegulationPageFactory()) for _ in range(3)]
    for _ in range(6):
        entry = ProblemEntryFactory(draft=large, articles=articles)
        ProblemEvidenceFactory(problem=entry)
        RecommendationFactory(draft=large, problems=[entry])
    client = client_for(small.writer)
    client.get(reverse("report_writing:draft", args=[small.pk]))  # warm the site's caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("report_writing:draft", args=[small.pk]))
    with django_assert_max_num_queries(len(counted)):
        response = client.get(reverse("report_writing:draft", args=[large.pk]))
    assert response.status_code == 200


def test_my_drafts_lists_findings_without_a_query_per_draft(django_assert_max_num_queries):
    writer = UserFactory(role=TRAINEE)
    ProblemEntryFactory(draft=ReportDraftFactory(writer=writer))
    client = client_for(writer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("report_writing:my_drafts"))
    for _ in range(5):
        entry = ProblemEntryFactory(draft=ReportDraftFactory(writer=writer))
        RecommendationFactory(draft=entry.draft, problems=[entry])
    ReportDraftFactory()  # someone else's
    with django_assert_max_num_queries(len(counted)):
        response = client.get(reverse("report_writing:my_drafts"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card draft-row"') == 6


def test_start_a_draft_and_an_exercise():
    writer = UserFactory(role=TRAINEE)
    client = client_for(writer)
    assert client.get(reverse("report_writing:start_draft")).status_code == 200
    assert not ReportDraft.objects.exists()
    response = client.post(reverse("report_writing:start_draft"), {"title": "某局巡察报告（练习）"})
    draft = ReportDraft.objects.get(writer=writer)
    assert response.url == reverse("report_writing:draft", args=[draft.pk])
    exercise = ReportExercisePageFactory()
    url = reverse("report_writing:start_exercise", args=[exercise.pk])
    assert client.get(url).status_code == 405
    first = client.post(url)
    second = client.post(url)
    assert first.url == second.url
    assert ReportDraft.objects.filter(writer=writer, exercise_id=exercise.pk).count() == 1
    exercise.unpublish()
    assert client.post(url).status_code == 404


def test_problem_form_without_javascript():
    draft = ReportDraftFactory(writer=UserFactory(role=TRAINEE))
    exercise = ReportExercisePageFactory()
    ReportDraft.objects.filter(pk=draft.pk).update(exercise_id=exercise.pk)
    client = client_for(draft.writer)
    url = reverse("report_writing:new_problem", args=[draft.pk])
    page = client.get(url).content.decode()
    assert page.count('-source"') >= 3  # three blank evidence rows
    assert "2025年示例局以会议费名义列支接待费用3次。" in page
    article = RegulationArticleFactory(regulation=RegulationPageFactory(title="示例办法"), number=10)
    base = {"evidence-rows": "3", "fact": "", "severity": "general"}
    # Pick a fact, then an evidence snippet: the form comes back filled, nothing is saved.
    page = client.post(url, base | {"action": "pick-0"}).content.decode()
    assert ">2025年示例局以会议费名义列支接待费用3次。</textarea>" in page
    page = client.post(url, base | {"action": "pick-2", "fact": "事实一句"}).content.decode()
    assert 'value="财务凭证3张。"' in page and ">事实一句</textarea>" in page
    # Search articles by 第X条: the typed fact stays.
    page = client.post(url, base | {"action": "search", "q": "第十条", "fact": "事实一句"}).content.decode()
    assert "《示例办法》第十条" in page and ">事实一句</textarea>" in page
    assert not ProblemEntry.objects.exists()
    # Save.
    response = client.post(
        url,
        base
        | {
            "action": "save",
            "fact": "2025年示例局3次以会议费名义列支接待费用。",
            "articles": [str(article.pk)],
            "evidence-0-source": "document",
            "evidence-0-count": "3",
            "evidence-0-note": "财务凭证",
            "evidence-1-source": "interview",
            "evidence-1-count": "1",
        },
    )
    entry = ProblemEntry.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#problem-{entry.pk}")
    assert entry.evidence.count() == 2 and list(entry.articles.all()) == [article]
    # A bad save: a message, nothing changed.
    response = client.post(reverse("report_writing:problem", args=[draft.pk, entry.pk]), base | {"fact": "一。二。"})
    assert response.status_code == 400 and "一句话" in response.content.decode()
    entry.refresh_from_db()
    assert entry.fact == "2025年示例局3次以会议费名义列支接待费用。"


def test_recommendation_form_and_delete(written):
    draft, problem, recommendation = written
    client = client_for(draft.writer)
    response = client.post(
        reverse("report_writing:new_recommendation", args=[draft.pk]),
        {"text": "完善接待审批。", "problems": [str(problem.pk)], "deadline": "one_month"},
    )
    assert response.status_code == 302
    assert Recommendation.objects.filter(draft=draft).count() == 2
    client.post(reverse("report_writing:delete_recommendation", args=[draft.pk, recommendation.pk]))
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_a_submitted_draft_is_read_only_for_its_writer(written):
    draft, problem, _recommendation = written
    ReportDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.SUBMITTED)
    client = client_for(draft.writer)
    response = client.get(reverse("report_writing:draft", args=[draft.pk]))
    assert response.status_code == 200 and b"<textarea" not in response.content
    assert client.get(reverse("report_writing:problem", args=[draft.pk, problem.pk])).status_code == 302
    before = snapshot()
    client.post(reverse("report_writing:delete_problem", args=[draft.pk, problem.pk]))
    client.post(reverse("report_writing:delete_draft", args=[draft.pk]))
    assert snapshot() == before


# -- the editors' snippets ------------------------------------------------------------------------------------------


def outline_post(name: str, roles: list[str], *, is_default: bool = False) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "name": name,
            "description": "",
            "is_default": is_default,
            "sections": inline_formset(
                [
                    {"title": f"第{i}部分", "role": role, "guidance": "", "in_feedback": True, "ORDER": i}
                    for i, role in enumerate(roles)
                ]
            ),
        }
    )
    if not is_default:
        data.pop("is_default")
    return data


def test_an_outline_is_checked_and_the_default_moves():
    from core.roles import EDITOR
    from report_writing.models import ReportOutline

    editor = client_for(UserFactory(role=EDITOR, is_staff=True))
    url = reverse("wagtailsnippets_report_writing_reportoutline:add")
    old_default = ReportOutline.objects.get(is_default=True)
    response = editor.post(url, outline_post("两个问题部分", ["problems", "problems"]))
    assert response.status_code == 200 and not ReportOutline.objects.filter(name="两个问题部分").exists()
    response = editor.post(url, outline_post("空提纲", []))
    assert response.status_code == 200 and not ReportOutline.objects.filter(name="空提纲").exists()
    response = editor.post(url, outline_post("反馈意见提纲", ["basic", "problems", "recommendations"], is_default=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    new = ReportOutline.objects.get(name="反馈意见提纲")
    assert new.is_default and new.sections.count() == 3
    old_default.refresh_from_db()
    assert not old_default.is_default


def test_the_editors_lists_open():
    from core.roles import EDITOR

    editor = client_for(UserFactory(role=EDITOR, is_staff=True))
    for model in ("reportoutline", "vaguewording", "checkbasis"):
        response = editor.get(reverse(f"wagtailsnippets_report_writing_{model}:list"))
        assert response.status_code == 200, model
    assert "问题突出" in editor.get(reverse("wagtailsnippets_report_writing_vaguewording:list")).content.decode()
    trainee = client_for(UserFactory(role=TRAINEE))
    assert trainee.get(reverse("wagtailsnippets_report_writing_vaguewording:list")).status_code in (302, 403)

"""Marking a handed-in report draft through the marking queue: only markers see the queue and only submitted drafts
wait there; marking is all or nothing, audited, never of one's own draft; the writer sees the marks and the comments
beside the parts they concern, with the exercise's 范文; anyone else gets 404."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from report_writing.marking import MarkingError, mark_draft
from report_writing.models import DraftComment, DraftStatus, ReportDraft
from report_writing.models.drafts import RUBRIC
from tests.factories import UserFactory, client_for
from tests.report_writing.factories import (
    ModelReportPageFactory,
    ProblemEntryFactory,
    ProblemEvidenceFactory,
    RecommendationFactory,
    ReportDraftFactory,
    ReportExercisePageFactory,
)

pytestmark = pytest.mark.django_db

ALL_TWO = {name: 2 for name, _label in RUBRIC}


def handed_in(*, writer=None, exercise=None, status=DraftStatus.SUBMITTED):
    exercise = exercise or ReportExercisePageFactory()
    draft = ReportDraftFactory(
        writer=writer or UserFactory(),
        exercise=exercise,
        status=status,
        submitted_at=timezone.now(),
        texts={"problems": "巡察发现该局问题突出。", "previous_round": "上轮问题已整改。"},
    )
    problem = ProblemEntryFactory(draft=draft)
    ProblemEvidenceFactory(problem=problem)
    recommendation = RecommendationFactory(draft=draft, problems=[problem])
    return draft, problem, recommendation


@pytest.fixture
def marker():
    return UserFactory(role="审核")


def request_of(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_the_queue_lists_submitted_drafts_only_and_only_to_markers(marker):
    waiting, *_ = handed_in()
    writing, *_ = handed_in(status=DraftStatus.WRITING)
    writing.submitted_at = None
    writing.save()
    marked, *_ = handed_in(status=DraftStatus.MARKED)
    own, *_ = handed_in(writer=marker)
    url = reverse("report_writing_marking")
    response = client_for(marker).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("report_writing_mark_draft", args=[waiting.pk]) in html
    for other in (writing, marked, own):
        assert reverse("report_writing_mark_draft", args=[other.pk]) not in html
    entry = AuditEntry.objects.get(action="report_writing.marking_queue_viewed")
    assert list(entry.people.all()) == [waiting.writer]
    for outsider in (UserFactory(), UserFactory(role="编辑")):
        assert client_for(outsider).get(url).status_code in (302, 403)
    # The quizzes' 阅卷 page counts the drafts waiting here.
    page = client_for(marker).get(reverse("quizzes_marking")).content.decode()
    assert url in page


def test_marking_through_the_page_saves_scores_comments_and_an_audit_entry(marker):
    draft, problem, _recommendation = handed_in()
    url = reverse("report_writing_mark_draft", args=[draft.pk])
    page = client_for(marker).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert draft.writer.first_name in html and problem.fact in html
    assert 'data-testid="findings"' in html  # 问题突出 with no number: the team leader's check shows
    assert AuditEntry.objects.filter(action="report_writing.draft_marking_viewed", subject=draft.writer).exists()
    data = {**ALL_TWO, "facts_clear": 1, "comment": "总体较好。"}
    data[f"note-problem-{problem.pk}"] = "证据写得具体。"
    data["note-section-1"] = "不要用“问题突出”。"
    response = client_for(marker).post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.MARKED and draft.marked_by == marker and draft.rubric_total == 11
    assert draft.marker_comment == "总体较好。"
    comments = {(c.section_id, c.problem_id, c.recommendation_id): c.text for c in DraftComment.objects.all()}
    section = draft.sections.get(position=1)
    assert comments == {(None, problem.pk, None): "证据写得具体。", (section.pk, None, None): "不要用“问题突出”。"}
    entry = AuditEntry.objects.get(action="report_writing.draft_marked")
    assert entry.subject == draft.writer and entry.actor == marker


def test_marking_is_all_or_nothing(marker):
    draft, _problem, _recommendation = handed_in()
    missing = {name: 2 for name, _label in RUBRIC[1:]}
    with pytest.raises(MarkingError):
        mark_draft(draft=draft, marker=marker, scores=missing, comment="", inline_comments={}, request=None)
    with pytest.raises(MarkingError):
        mark_draft(draft=draft, marker=marker, scores={**ALL_TWO, "facts_clear": 3}, comment="", inline_comments={})
    other, *_ = handed_in()
    stray = {f"problem-{ProblemEntryFactory(draft=other).pk}": "别人的问题"}
    with pytest.raises(MarkingError):
        mark_draft(draft=draft, marker=marker, scores=ALL_TWO, comment="", inline_comments=stray)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.marked_at is None
    assert not DraftComment.objects.exists()
    assert not AuditEntry.objects.filter(action="report_writing.draft_marked").exists()


def test_a_marker_cannot_mark_their_own_draft_nor_one_not_handed_in(marker):
    own, *_ = handed_in(writer=marker)
    with pytest.raises(MarkingError):
        mark_draft(draft=own, marker=marker, scores=ALL_TWO, comment="", inline_comments={}, request=request_of(marker))
    assert client_for(marker).get(reverse("report_writing_mark_draft", args=[own.pk])).status_code == 404
    writing, *_ = handed_in(status=DraftStatus.WRITING)
    with pytest.raises(MarkingError):
        mark_draft(draft=writing, marker=marker, scores=ALL_TWO, comment="", inline_comments={})
    assert client_for(marker).get(reverse("report_writing_mark_draft", args=[writing.pk])).status_code == 404
    trainee = UserFactory()
    submitted, *_ = handed_in()
    with pytest.raises(MarkingError):
        mark_draft(draft=submitted, marker=trainee, scores=ALL_TWO, comment="", inline_comments={})
    assert client_for(trainee).get(reverse("report_writing_mark_draft", args=[submitted.pk])).status_code in (
        302,
        403,
    )
    own.refresh_from_db()
    assert own.status == DraftStatus.SUBMITTED


def test_a_draft_is_marked_once(marker):
    draft, *_ = handed_in()
    mark_draft(draft=draft, marker=marker, scores=ALL_TWO, comment="好", inline_comments={})
    with pytest.raises(MarkingError):
        mark_draft(draft=draft, marker=UserFactory(role="管理员"), scores=ALL_TWO, comment="", inline_comments={})
    assert ReportDraft.objects.get(pk=draft.pk).marker_comment == "好"


def test_the_writer_sees_marks_comments_and_the_model_report_and_others_get_404(marker):
    model_report = ModelReportPageFactory()
    exercise = ReportExercisePageFactory(model_report=model_report, pass_mark=10)
    draft, _problem, recommendation = handed_in(exercise=exercise)
    url = reverse("report_writing:result", args=[draft.pk])
    before = client_for(draft.writer).get(url).content.decode()
    assert 'data-testid="result-waiting"' in before and 'data-testid="model-report"' not in before
    mark_draft(
        draft=draft,
        marker=marker,
        scores={**ALL_TWO, "wording_standard": 0},
        comment="注意措辞。",
        inline_comments={f"recommendation-{recommendation.pk}": "建议再具体些。"},
    )
    response = client_for(draft.writer).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="result-marks"' in html
    assert response.context["result"].total == 10 and response.context["result"].passed is True
    assert "注意措辞。" in html and "建议再具体些。" in html
    # The comment sits beside the recommendation it concerns.
    rec_block = html.split(f'data-key="recommendation-{recommendation.pk}"', 1)[1].split("</li>", 1)[0]
    assert "建议再具体些。" in rec_block
    assert 'data-testid="model-report"' in html and model_report.title in html
    for other in (UserFactory(), marker, UserFactory(role="管理员")):
        assert client_for(other).get(url).status_code == 404

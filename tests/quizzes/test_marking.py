"""The marker's queue and marking page in the Wagtail admin."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import AttemptStatus, QuestionKind
from tests.factories import client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_essay(trainee):
    quiz = QuizFactory(title="岗前测试（测）", questions=[QuestionFactory(kind=QuestionKind.ESSAY, points=4)])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=attempt, position=1, raw={"text": "先看“三重一大”会议记录。"})
    return services.submit_attempt(attempt=attempt)


def test_reviewer_marks_an_essay_from_the_queue(reviewer, submitted_essay):
    client = client_for(reviewer)
    queue = client.get(reverse("quizzes_marking")).content.decode()
    assert "岗前测试（测）" in queue
    page = client.get(reverse("quizzes_mark_attempt", args=[submitted_essay.pk])).content.decode()
    assert "先看“三重一大”会议记录。" in page
    answer = submitted_essay.answers.get()
    response = client.post(
        reverse("quizzes_mark_attempt", args=[submitted_essay.pk]),
        {f"awarded-{answer.pk}": "3.5", f"comment-{answer.pk}": "要点基本齐全"},
    )
    assert response.url == reverse("quizzes_marking")
    submitted_essay.refresh_from_db()
    assert submitted_essay.status == AttemptStatus.COMPLETED
    assert str(submitted_essay.score) == "3.50"
    assert "岗前测试（测）" not in client.get(reverse("quizzes_marking")).content.decode()


def test_a_score_above_the_points_is_refused_and_nothing_changes(reviewer, submitted_essay):
    answer = submitted_essay.answers.get()
    response = client_for(reviewer).post(
        reverse("quizzes_mark_attempt", args=[submitted_essay.pk]), {f"awarded-{answer.pk}": "9"}, follow=True
    )
    assert "得分必须在 0 到 4 之间" in response.content.decode()
    submitted_essay.refresh_from_db()
    assert submitted_essay.status == AttemptStatus.AWAITING_MARKING


def test_only_markers_may_mark(trainee, editor, submitted_essay):
    urls = [reverse("quizzes_marking"), reverse("quizzes_mark_attempt", args=[submitted_essay.pk])]
    for url in urls:
        # Wagtail sends a signed-in editor without the permission back to the dashboard.
        assert client_for(editor).get(url)["Location"] == reverse("wagtailadmin_home")
        assert client_for(trainee).get(url).status_code == 403

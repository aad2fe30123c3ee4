"""The marker's queue and marking page in the Wagtail admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes import services, services_marking
from quizzes.models import AttemptStatus, QuestionKind
from tests.factories import client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory, marker_managing

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(trainee):
    """A 审核 managing the trainee's round: the attempts here are theirs to mark (scope: test_marking_scope)."""
    return marker_managing(trainee)


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


@pytest.fixture
def three_essays(trainee):
    """An attempt with three essays worth 4 points each, all answered and waiting for the marker."""
    quiz = QuizFactory(questions=[QuestionFactory(kind=QuestionKind.ESSAY, points=4) for _ in range(3)])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    for position in (1, 2, 3):
        services.save_answer(attempt=attempt, position=position, raw={"text": f"第{position}题的作答"})
    return services.submit_attempt(attempt=attempt)


def _unchanged(attempt):
    """What marking would change, for comparing before and after."""
    attempt.refresh_from_db()
    answers = attempt.answers.order_by("position").values_list(
        "awarded", "is_correct", "marking", "marked_by", "marked_at", "marker_comment"
    )
    return attempt.status, attempt.score, list(answers)


def test_a_bad_third_mark_saves_none_and_is_shown_beside_the_third_answer(reviewer, three_essays):
    first, second, third = three_essays.answers.order_by("position")
    before = _unchanged(three_essays)
    response = client_for(reviewer).post(
        reverse("quizzes_mark_attempt", args=[three_essays.pk]),
        {
            f"awarded-{first.pk}": "3",
            f"comment-{first.pk}": "第一题评语",
            f"awarded-{second.pk}": "2.5",
            f"awarded-{third.pk}": "9",
            f"comment-{third.pk}": "第三题评语",
        },
    )
    assert response.status_code == 200
    assert _unchanged(three_essays) == before
    page = response.content.decode()
    assert "未保存任何评分，请修改标出的作答。" in page
    errors = {line.view.answer.pk: line.awarded.errors for line in response.context["to_mark"]}
    assert errors == {first.pk: [], second.pk: [], third.pk: ["得分必须在 0 到 4 之间。"]}
    # The error sits in the third answer's section, after its score field and before the next answer.
    third_section = page[page.index(f'name="awarded-{third.pk}"') :]
    assert third_section.index("得分必须在 0 到 4 之间。") < third_section.index("</section>")
    assert "得分必须在 0 到 4 之间。" not in page[: page.index(f'name="awarded-{third.pk}"')]
    # What the marker typed is still in the form.
    assert f'name="awarded-{second.pk}" value="2.5"' in page
    assert "第一题评语" in page and "第三题评语" in page


def test_a_score_that_is_not_a_number_is_shown_beside_its_answer(reviewer, three_essays):
    first, second, _third = three_essays.answers.order_by("position")
    before = _unchanged(three_essays)
    response = client_for(reviewer).post(
        reverse("quizzes_mark_attempt", args=[three_essays.pk]),
        {f"awarded-{first.pk}": "3", f"awarded-{second.pk}": "三分"},
    )
    assert response.status_code == 200
    assert _unchanged(three_essays) == before
    errors = {line.view.answer.pk: line.awarded.errors for line in response.context["to_mark"]}
    assert errors[second.pk] == ["得分请填写数字。"] and errors[first.pk] == []


def test_the_service_refuses_all_marks_when_one_is_out_of_range(reviewer, three_essays):
    first, second, third = three_essays.answers.order_by("position")
    before = _unchanged(three_essays)
    marks = [
        services_marking.Mark(answer_id=first.pk, awarded=Decimal(3)),
        services_marking.Mark(answer_id=second.pk, awarded=Decimal("2.5"), comment="评语"),
        services_marking.Mark(answer_id=third.pk, awarded=Decimal(-1)),
    ]
    with pytest.raises(services_marking.MarksRefused) as refused:
        services_marking.mark_attempt(attempt=three_essays, marker=reviewer, marks=marks, confirm=False)
    assert set(refused.value.errors) == {third.pk}
    assert _unchanged(three_essays) == before


def test_the_service_refuses_an_automatically_scored_answer(reviewer, trainee):
    choice = QuestionFactory()
    quiz = QuizFactory(questions=[choice, QuestionFactory(kind=QuestionKind.ESSAY, points=4)])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=attempt, position=2, raw={"text": "作答"})
    attempt = services.submit_attempt(attempt=attempt)
    auto, essay = attempt.answers.order_by("position")
    before = _unchanged(attempt)
    marks = [
        services_marking.Mark(answer_id=essay.pk, awarded=Decimal(4)),
        services_marking.Mark(answer_id=auto.pk, awarded=Decimal(1)),
    ]
    with pytest.raises(services_marking.MarksRefused) as refused:
        services_marking.mark_attempt(attempt=attempt, marker=reviewer, marks=marks)
    assert set(refused.value.errors) == {auto.pk}
    assert _unchanged(attempt) == before


@pytest.fixture
def exam_paper(trainee):
    """An exam paper (the marker confirms every result) with a choice question answered right and an essay."""
    choice = QuestionFactory(points=2)
    quiz = QuizFactory(questions=[choice, QuestionFactory(kind=QuestionKind.ESSAY, points=4)], exam_paper=True)
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    right = choice.choices.get(is_correct=True).pk
    services.save_answer(attempt=attempt, position=1, raw={"choices": [str(right)]})
    services.save_answer(attempt=attempt, position=2, raw={"text": "作答"})
    return services.submit_attempt(attempt=attempt)


def test_a_full_post_with_confirm_releases_the_exam_paper(reviewer, exam_paper):
    auto, essay = exam_paper.answers.order_by("position")
    client = client_for(reviewer)
    page = client.get(reverse("quizzes_mark_attempt", args=[exam_paper.pk])).content.decode()
    assert "保存并公布成绩" in page
    response = client.post(
        reverse("quizzes_mark_attempt", args=[exam_paper.pk]),
        {f"awarded-{auto.pk}": "2", f"awarded-{essay.pk}": "3", f"comment-{essay.pk}": "较好", "confirm": "1"},
    )
    assert response.status_code == 302 and response.url == reverse("quizzes_marking")
    exam_paper.refresh_from_db()
    assert exam_paper.status == AttemptStatus.COMPLETED
    assert exam_paper.score == Decimal(5)
    essay.refresh_from_db()
    assert (essay.awarded, essay.marker_comment, essay.marked_by) == (Decimal(3), "较好", reviewer)


def test_saving_an_exam_paper_without_confirm_keeps_it_waiting(reviewer, exam_paper):
    auto, essay = exam_paper.answers.order_by("position")
    response = client_for(reviewer).post(
        reverse("quizzes_mark_attempt", args=[exam_paper.pk]), {f"awarded-{auto.pk}": "2", f"awarded-{essay.pk}": "3"}
    )
    assert response.url == reverse("quizzes_mark_attempt", args=[exam_paper.pk])
    exam_paper.refresh_from_db()
    assert (exam_paper.status, exam_paper.score) == (AttemptStatus.AWAITING_MARKING, Decimal(5))


def test_confirm_with_an_unmarked_essay_releases_nothing_and_says_which(reviewer, exam_paper):
    auto, essay = exam_paper.answers.order_by("position")
    before = _unchanged(exam_paper)
    response = client_for(reviewer).post(
        reverse("quizzes_mark_attempt", args=[exam_paper.pk]), {f"awarded-{auto.pk}": "1", "confirm": "1"}
    )
    assert response.status_code == 200
    assert _unchanged(exam_paper) == before
    errors = {line.view.answer.pk: line.awarded.errors for line in response.context["to_mark"]}
    assert errors == {auto.pk: [], essay.pk: ["公布成绩前请先为此题评分。"]}

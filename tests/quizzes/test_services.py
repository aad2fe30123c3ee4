"""Starting, answering, submitting, closing and marking attempts through the services."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes import selectors, services, services_marking
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    CloseReason,
    FeedbackMode,
    Grading,
    MarkingStatus,
    MissedQuestion,
    QuestionKind,
)
from tests.factories import UserFactory
from tests.quizzes.factories import (
    QuestionCategoryFactory,
    QuestionFactory,
    QuizDrawFactory,
    QuizFactory,
    marker_managing,
)

pytestmark = pytest.mark.django_db


def correct_choice(question) -> dict:
    return {"choices": [c.pk for c in question.choices.all() if c.is_correct]}


def wrong_choice(question) -> dict:
    return {"choices": [c.pk for c in question.choices.all() if not c.is_correct][:1]}


@pytest.fixture
def two_question_quiz():
    first, second = QuestionFactory(), QuestionFactory()
    return QuizFactory(questions=[first, second], pass_mark=50)


def test_start_resumes_the_open_attempt(trainee, two_question_quiz):
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee)
    again = services.start_attempt(quiz=two_question_quiz, user=trainee)
    assert again.pk == attempt.pk
    assert [a.position for a in attempt.answers.all()] == [1, 2]
    assert attempt.max_score == 2


def test_an_answer_saved_before_a_dropped_connection_is_there_on_resume(trainee, two_question_quiz):
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee)
    first = attempt.answers.get(position=1)
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(first.question))
    resumed = services.start_attempt(quiz=two_question_quiz, user=trainee)
    assert resumed.pk == attempt.pk
    assert selectors.resume_position(attempt=resumed) == 2
    assert resumed.answers.get(position=1).response == correct_choice(first.question)


def test_saving_twice_records_one_answer_and_submitting_twice_one_result(trainee, two_question_quiz):
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee)
    question = attempt.answers.get(position=1).question
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(question))
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(question))
    assert AttemptAnswer.objects.filter(attempt=attempt, question=question).count() == 1
    first = services.submit_attempt(attempt=attempt)
    second = services.submit_attempt(attempt=attempt)
    assert first.finished_at == second.finished_at
    assert (first.score, first.percent, first.passed) == (Decimal(1), Decimal(50), True)
    with pytest.raises(services.QuizError):
        services.save_answer(attempt=attempt, position=2, raw=correct_choice(question))


def test_tampered_option_ids_are_not_scored(trainee):
    target, other = QuestionFactory(), QuestionFactory()
    quiz = QuizFactory(questions=[target])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    foreign_correct = correct_choice(other)["choices"]
    answer = services.save_answer(attempt=attempt, position=1, raw={"choices": foreign_correct})
    assert answer.response is None
    attempt = services.submit_attempt(attempt=attempt)
    assert attempt.score == 0


def test_deadline_closes_the_attempt_with_what_was_saved(trainee, two_question_quiz):
    two_question_quiz.time_limit_minutes = 10
    two_question_quiz.save()
    start = timezone.now()
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    question = attempt.answers.get(position=1).question
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(question), now=start + timedelta(minutes=5))
    with pytest.raises(services.QuizError):
        services.save_answer(
            attempt=attempt, position=2, raw=correct_choice(question), now=start + timedelta(minutes=11)
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.COMPLETED
    assert attempt.close_reason == CloseReason.DEADLINE
    assert attempt.finished_at == attempt.deadline
    assert attempt.score == 1


def test_sweep_closes_attempts_nobody_came_back_to(trainee, two_question_quiz):
    two_question_quiz.time_limit_minutes = 1
    two_question_quiz.save()
    start = timezone.now() - timedelta(minutes=5)
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee, now=start)
    assert services.close_expired_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.close_reason == CloseReason.DEADLINE
    assert services.close_expired_attempts() == 0


def test_deadline_never_runs_past_the_closing_time(trainee, two_question_quiz):
    now = timezone.now()
    two_question_quiz.time_limit_minutes = 60
    two_question_quiz.closes_at = now + timedelta(minutes=20)
    two_question_quiz.save()
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee, now=now)
    assert attempt.deadline == two_question_quiz.closes_at


def test_open_window_and_drafts(trainee, editor, two_question_quiz):
    now = timezone.now()
    two_question_quiz.opens_at = now + timedelta(days=1)
    two_question_quiz.save()
    with pytest.raises(services.QuizError, match="开放"):
        services.start_attempt(quiz=two_question_quiz, user=trainee, now=now)
    two_question_quiz.opens_at, two_question_quiz.closes_at = None, now - timedelta(minutes=1)
    two_question_quiz.save()
    with pytest.raises(services.QuizError, match="截止"):
        services.start_attempt(quiz=two_question_quiz, user=trainee, now=now)
    two_question_quiz.closes_at, two_question_quiz.is_draft = None, True
    two_question_quiz.save()
    with pytest.raises(services.QuizError, match="草稿"):
        services.start_attempt(quiz=two_question_quiz, user=trainee)
    assert services.start_attempt(quiz=two_question_quiz, user=editor).pk


def test_attempts_allowed_and_grading(trainee):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question], max_attempts=2, grading=Grading.HIGHEST, pass_mark=100)
    right = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=right, position=1, raw=correct_choice(question))
    services.submit_attempt(attempt=right)
    wrong = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=wrong, position=1, raw=wrong_choice(question))
    services.submit_attempt(attempt=wrong)
    assert selectors.graded_attempt(quiz=quiz, user=trainee).pk == right.pk
    assert selectors.has_passed(quiz=quiz, user=trainee)
    quiz.grading = Grading.LAST
    quiz.save()
    assert selectors.graded_attempt(quiz=quiz, user=trainee).pk == wrong.pk
    assert not selectors.has_passed(quiz=quiz, user=trainee)
    with pytest.raises(services.QuizError, match="2"):
        services.start_attempt(quiz=quiz, user=trainee)


def test_feedback_after_each_question_makes_the_answer_final(trainee):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question], feedback_mode=FeedbackMode.EACH_QUESTION)
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    answer = services.save_answer(attempt=attempt, position=1, raw=wrong_choice(question))
    assert answer.locked and answer.is_correct is False
    answer = services.save_answer(attempt=attempt, position=1, raw=correct_choice(question))
    assert answer.is_correct is False
    assert answer.response == wrong_choice(question)


def test_draws_prefer_questions_not_seen_before(trainee):
    category = QuestionCategoryFactory()
    child = QuestionCategoryFactory(parent=category)
    questions = [QuestionFactory(categories=[child]) for _ in range(4)]
    quiz = QuizFactory()
    QuizDrawFactory(quiz=quiz, category=category, count=2)
    first = services.start_attempt(quiz=quiz, user=trainee, rng=random.Random(1))
    services.submit_attempt(attempt=first)
    second = services.start_attempt(quiz=quiz, user=trainee, rng=random.Random(1))
    seen = set(first.answers.values_list("question_id", flat=True))
    drawn = set(second.answers.values_list("question_id", flat=True))
    assert len(seen) == len(drawn) == 2
    assert seen.isdisjoint(drawn)
    assert seen | drawn == {q.pk for q in questions}


def test_max_questions_caps_fixed_and_drawn_questions(trainee):
    quiz = QuizFactory(questions=[QuestionFactory() for _ in range(5)], max_questions=3)
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    assert attempt.answers.count() == 3
    assert selectors.planned_question_count(quiz=quiz) == 3


def test_random_choice_order_is_kept_for_the_attempt(trainee):
    question = QuestionFactory(
        kind=QuestionKind.MULTIPLE, choice_order="random", options=[(f"选项{i}", i < 2) for i in range(6)]
    )
    quiz = QuizFactory(questions=[question])
    attempt = services.start_attempt(quiz=quiz, user=trainee, rng=random.Random(3))
    order = attempt.answers.get().choice_order
    assert sorted(order) == sorted(question.choices.values_list("pk", flat=True))
    assert services.start_attempt(quiz=quiz, user=trainee).answers.get().choice_order == order


def test_essay_waits_for_a_marker_then_the_result_is_released(trainee):
    reviewer = marker_managing(trainee)
    essay = QuestionFactory(kind=QuestionKind.ESSAY, points=4)
    choice = QuestionFactory()
    quiz = QuizFactory(questions=[choice, essay], pass_mark=60)
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(choice))
    services.save_answer(attempt=attempt, position=2, raw={"text": "先调阅会议记录，再个别谈话核实。"})
    attempt = services.submit_attempt(attempt=attempt)
    assert attempt.status == AttemptStatus.AWAITING_MARKING
    assert attempt.passed is None
    assert list(selectors.marking_queue(marker=reviewer)) == [attempt]
    answer = attempt.answers.get(position=2)
    assert answer.marking == MarkingStatus.PENDING
    with pytest.raises(services_marking.MarksRefused):
        services_marking.mark_answer(answer=answer, marker=reviewer, awarded=Decimal(5))
    services_marking.mark_answer(answer=answer, marker=reviewer, awarded=Decimal(3), comment="思路对，缺少核实步骤")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.COMPLETED
    assert (attempt.score, attempt.percent, attempt.passed) == (Decimal(4), Decimal(80), True)
    assert list(selectors.marking_queue(marker=reviewer)) == []


def test_exam_paper_waits_for_the_marker_to_confirm(trainee):
    reviewer = marker_managing(trainee)
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question], exam_paper=True, pass_mark=50)
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(question))
    attempt = services.submit_attempt(attempt=attempt)
    assert attempt.status == AttemptStatus.AWAITING_MARKING
    assert selectors.review_options(attempt=attempt).score is False
    attempt = services_marking.confirm_attempt(attempt=attempt, marker=reviewer)
    assert attempt.status == AttemptStatus.COMPLETED and attempt.passed is True


def test_missed_questions_fill_the_book_and_leave_it_when_answered_right(trainee):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    for _ in range(2):
        attempt = services.start_attempt(quiz=quiz, user=trainee)
        services.save_answer(attempt=attempt, position=1, raw=wrong_choice(question))
        services.submit_attempt(attempt=attempt)
    row = MissedQuestion.objects.get(user=trainee, question=question)
    assert row.times_missed == 2
    assert not services.review_missed_question(user=trainee, question=question, raw=wrong_choice(question))
    assert services.review_missed_question(user=trainee, question=question, raw=correct_choice(question))
    assert list(selectors.missed_questions(user=trainee)) == []


def test_one_trainee_cannot_reach_another_trainees_attempt(trainee, two_question_quiz):
    attempt = services.start_attempt(quiz=two_question_quiz, user=trainee)
    other = UserFactory()
    with pytest.raises(Attempt.DoesNotExist):
        selectors.attempt_for_taker(pk=attempt.pk, user=other)


def test_category_progress_counts_finished_answers(trainee):
    category = QuestionCategoryFactory()
    right, wrong = QuestionFactory(categories=[category]), QuestionFactory(categories=[category])
    quiz = QuizFactory(questions=[right, wrong])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    services.save_answer(attempt=attempt, position=1, raw=correct_choice(right))
    services.save_answer(attempt=attempt, position=2, raw=wrong_choice(wrong))
    assert selectors.category_progress(user=trainee) == []
    services.submit_attempt(attempt=attempt)
    [row] = selectors.category_progress(user=trainee)
    assert (row.category, row.answered, row.correct, row.percent) == (category, 2, 1, 50)


def test_random_question_order_shuffles_each_attempt_and_content_order_keeps_it(trainee):
    questions = [QuestionFactory() for _ in range(8)]
    in_order = QuizFactory(questions=questions)
    shuffled = QuizFactory(questions=questions, random_order=True)
    kept = services.start_attempt(quiz=in_order, user=trainee, rng=random.Random(5))
    mixed = services.start_attempt(quiz=shuffled, user=trainee, rng=random.Random(5))
    content = [q.pk for q in questions]
    assert list(kept.answers.order_by("position").values_list("question_id", flat=True)) == content
    drawn = list(mixed.answers.order_by("position").values_list("question_id", flat=True))
    assert sorted(drawn) == sorted(content) and drawn != content

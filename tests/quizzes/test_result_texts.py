"""Result pages that cannot be misread (issue 15): the score now and who marks the rest, a verdict only
with a pass mark, one way of stating it, whole points unless partial credit makes a fraction, partial
credit named as such, right/wrong colours only where correctness is shown, one submit button, and a
wrong-answer book whose empty state agrees with its table."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.formatting import quiz_number
from quizzes.models import Attempt, QuestionKind, Scoring
from tests.factories import client_for
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory, marker_managing

pytestmark = pytest.mark.django_db


def right(question) -> dict:
    return {"choices": [c.pk for c in question.choices.all() if c.is_correct]}


def wrong(question) -> dict:
    return {"choices": [next(c.pk for c in question.choices.all() if not c.is_correct)]}


def sit(quiz, user, answers: dict) -> Attempt:
    """Take the quiz: ``answers`` maps a question to its raw answer; then submit."""
    attempt = services.start_attempt(quiz=quiz, user=user)
    for answer in attempt.answers.select_related("question"):
        if answer.question in answers:
            services.save_answer(attempt=attempt, position=answer.position, raw=answers[answer.question])
    return services.submit_attempt(attempt=attempt)


def result_page(user, attempt) -> str:
    response = client_for(user).get(reverse("quizzes:result", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("7.84"), "7.8"),
        (Decimal("7.50"), "7.5"),
        (Decimal("7.00"), "7"),
        (Decimal("79.96"), "79.9"),
        (Decimal("1.67"), "1.6"),
        (5, "5"),
        (None, ""),
    ],
)
def test_numbers_read_whole_or_with_one_decimal_rounded_down(value, shown):
    assert quiz_number(value) == shown


def test_a_pass_is_stated_with_the_pass_mark_and_whole_points(trainee):
    first, second = QuestionFactory(points=2), QuestionFactory(points=3)
    quiz = QuizFactory(questions=[first, second], pass_mark=60)
    attempt = sit(quiz, trainee, {first: wrong(first), second: right(second)})
    page = result_page(trainee, attempt)
    assert "3 分（满分 5 分）" in page
    assert "3.00" not in page
    assert "得分率 60%" in page and "及格线 60%" in page
    assert 'data-testid="verdict"' in page and "通过" in page and "未通过" not in page


def test_a_quiz_without_a_pass_mark_shows_the_score_only(trainee):
    first, second = QuestionFactory(), QuestionFactory()
    quiz = QuizFactory(questions=[first, second], pass_mark=0)
    attempt = sit(quiz, trainee, {first: right(first), second: wrong(second)})
    page = result_page(trainee, attempt)
    assert "1 分（满分 2 分）" in page
    assert 'data-testid="verdict"' not in page
    assert "通过" not in page and "及格线" not in page


def test_partial_credit_is_labelled_partly_right_with_one_decimal(trainee):
    question = QuestionFactory(
        kind=QuestionKind.MULTIPLE,
        scoring=Scoring.PARTIAL,
        points=5,
        options=[("甲", True), ("乙", True), ("丙", True), ("丁", False)],
    )
    quiz = QuizFactory(questions=[question])
    first_right = next(c.pk for c in question.choices.all() if c.is_correct)
    attempt = sit(quiz, trainee, {question: {"choices": [first_right]}})
    assert attempt.score == Decimal("1.67")
    page = result_page(trainee, attempt)
    assert "部分正确" in page and "回答错误" not in page
    assert 'class="feedback partial"' in page
    assert "1.6 分（满分 5 分）" in page
    assert "1.67" not in page


def test_pending_essays_show_the_auto_marked_score_now_and_who_marks(trainee):
    choice = QuestionFactory(points=2)
    essay = QuestionFactory(kind=QuestionKind.ESSAY, points=5)
    quiz = QuizFactory(questions=[choice, essay], pass_mark=80)
    marker_managing(trainee, first_name="王审核")
    attempt = sit(quiz, trainee, {choice: right(choice), essay: {"text": "先核实线索来源。"}})
    assert attempt.is_awaiting_marking
    page = result_page(trainee, attempt)
    assert "客观题得分 2 分（满分 2 分）" in page
    assert "简答题待阅卷（由王审核阅卷）" in page
    assert "及格线 80%" in page
    assert 'data-testid="verdict"' not in page


def test_pending_essays_name_the_office_when_nobody_is_named(trainee):
    essay = QuestionFactory(kind=QuestionKind.ESSAY, points=5)
    quiz = QuizFactory(questions=[QuestionFactory(), essay])
    attempt = sit(quiz, trainee, {essay: {"text": "答案"}})
    page = result_page(trainee, attempt)
    assert "客观题得分 0 分（满分 1 分）" in page
    assert "简答题待阅卷（由巡察办审核人员阅卷" in page


def test_while_marking_is_pending_a_chosen_option_is_neutral(trainee):
    choice = QuestionFactory()
    essay = QuestionFactory(kind=QuestionKind.ESSAY)
    quiz = QuizFactory(questions=[choice, essay])  # explanations are shown, correctness is not yet
    attempt = sit(quiz, trainee, {choice: wrong(choice), essay: {"text": "答案"}})
    page = result_page(trainee, attempt)
    assert "option is-chosen" in page and "你的选择" in page
    assert "is-wrong" not in page and "is-correct" not in page and "is-selected" not in page


def test_a_quiz_hiding_answers_marks_the_chosen_option_neutrally(trainee):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question], show_correctness_after=False, show_answers_after=False)
    page = result_page(trainee, sit(quiz, trainee, {question: wrong(question)}))
    assert "option is-chosen" in page
    assert "is-wrong" not in page and "is-correct" not in page and "正确答案" not in page


def test_where_correctness_is_shown_right_is_green_and_a_wrong_choice_red(trainee):
    question = QuestionFactory(options=[("对", True), ("错一", False), ("错二", False)])
    quiz = QuizFactory(questions=[question])
    page = result_page(trainee, sit(quiz, trainee, {question: wrong(question)}))
    assert page.count("option is-wrong") == 1 and "✗ 你的选择" in page
    assert page.count("option is-correct is-key") == 1 and "✓ 正确答案" in page
    assert "is-chosen" not in page
    other = QuestionFactory()
    quiz = QuizFactory(questions=[other])
    page = result_page(trainee, sit(quiz, trainee, {other: right(other)}))
    assert page.count("option is-correct is-chosen-right") == 1 and "is-wrong" not in page


def test_the_last_question_has_one_way_to_submit(trainee):
    quiz = QuizFactory(questions=[QuestionFactory(), QuestionFactory()])
    attempt = services.start_attempt(quiz=quiz, user=trainee)
    client = client_for(trainee)
    first = client.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    last = client.get(reverse("quizzes:question", args=[attempt.pk, 2])).content.decode()
    assert 'value="review"' in first  # before the last question, a shortcut to submitting
    assert 'value="review"' not in last
    assert last.count('name="go" value="next"') == 1 and "保存，检查交卷" in last


def test_an_empty_book_with_nothing_scored_shows_no_table(trainee):
    page = client_for(trainee).get(reverse("quizzes:mistakes")).content.decode()
    assert 'data-testid="mistakes-empty"' in page and "<table" not in page


def test_an_attempt_awaiting_its_marker_adds_no_zero_percent_rows(trainee):
    category = QuestionCategoryFactory(name="巡察纪律")
    choice = QuestionFactory(categories=[category])
    essay = QuestionFactory(kind=QuestionKind.ESSAY, categories=[category])
    quiz = QuizFactory(questions=[choice, essay], title="岗前测试")
    sit(quiz, trainee, {choice: wrong(choice), essay: {"text": "答案"}})
    page = client_for(trainee).get(reverse("quizzes:mistakes")).content.decode()
    assert "<table" not in page and "0%" not in page
    assert "待阅卷：《岗前测试》" in page


def test_a_book_with_nothing_to_redo_agrees_with_its_table(trainee):
    answered, untouched = QuestionCategoryFactory(name="巡察程序"), QuestionCategoryFactory(name="问题定性")
    question = QuestionFactory(categories=[answered])
    QuestionFactory(categories=[untouched])
    quiz = QuizFactory(questions=[question])
    sit(quiz, trainee, {question: right(question)})
    page = client_for(trainee).get(reverse("quizzes:mistakes")).content.decode()
    assert "目前没有待重做的错题" in page
    assert "巡察程序" in page and "(100%)" in page
    assert "问题定性" not in page and "(0%)" not in page

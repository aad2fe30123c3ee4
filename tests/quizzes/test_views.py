"""The taker's pages, driven through the test client as a phone without JavaScript would."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt, AttemptStatus, FeedbackMode, QuestionKind
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def choice_ids(question, correct: bool) -> list[str]:
    return [str(c.pk) for c in question.choices.all() if c.is_correct is correct]


@pytest.fixture
def quiz():
    return QuizFactory(
        questions=[
            QuestionFactory(stem="巡察组进驻后首先做什么？"),
            QuestionFactory(kind=QuestionKind.TRUE_FALSE, stem="巡察可以代替审计。", true_false_answer=False),
            QuestionFactory(
                kind=QuestionKind.FILL_BLANK, stem="被巡察党组织的____是第一责任人。", blanks=["书记|一把手"]
            ),
        ],
        pass_mark=60,
        success_text="通过了，可以参加谈话。",
    )


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get(quiz=quiz)
    # A new attempt opens at its first question.
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 1])
    return attempt


def test_take_a_quiz_one_question_per_screen(trainee_client, quiz):
    attempt = start(trainee_client, quiz)
    page = trainee_client.get(reverse("quizzes:attempt", args=[attempt.pk]), follow=True)
    assert "巡察组进驻后首先做什么" in page.content.decode()
    assert "巡察可以代替审计" not in page.content.decode()
    first = attempt.answers.get(position=1).question
    response = trainee_client.post(
        reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": choice_ids(first, True), "go": "next"}
    )
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 2])
    trainee_client.post(reverse("quizzes:question", args=[attempt.pk, 2]), {"value": "false", "go": "next"})
    response = trainee_client.post(
        reverse("quizzes:question", args=[attempt.pk, 3]), {"blank": ["一把手"], "go": "next"}
    )
    assert response.url == reverse("quizzes:submit", args=[attempt.pk])
    assert "每道题都已作答" in trainee_client.get(response.url).content.decode()
    response = trainee_client.post(reverse("quizzes:submit", args=[attempt.pk]), follow=True)
    text = response.content.decode()
    assert "100%" in text and "通过了，可以参加谈话。" in text
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.COMPLETED and attempt.passed


def test_leaving_and_coming_back_resumes_at_the_first_unanswered_question(trainee_client, quiz):
    attempt = start(trainee_client, quiz)
    first = attempt.answers.get(position=1).question
    trainee_client.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": choice_ids(first, True)})
    detail = trainee_client.get(quiz.get_absolute_url()).content.decode()
    assert "继续作答" in detail
    # Pressing 继续作答 (the start form again) and opening the attempt both land on question 2.
    again = trainee_client.post(reverse("quizzes:start", args=[quiz.slug]))
    assert again.url == reverse("quizzes:question", args=[attempt.pk, 2])
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    response = trainee_client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 2])
    page = trainee_client.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    assert f'value="{choice_ids(first, True)[0]}" checked' in page


def test_feedback_after_each_question_shows_the_explanation(trainee_client):
    question = QuestionFactory(explanation="进驻后先召开动员会。")
    quiz = QuizFactory(questions=[question], feedback_mode=FeedbackMode.EACH_QUESTION)
    attempt = start(trainee_client, quiz)
    response = trainee_client.post(
        reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": choice_ids(question, False)[:1]}, follow=True
    )
    text = response.content.decode()
    assert "进驻后先召开动员会。" in text and "回答错误" in text
    assert "disabled" in text


def test_another_trainee_gets_not_found(trainee_client, quiz):
    attempt = start(trainee_client, quiz)
    other = UserFactory()
    from django.test import Client

    client = Client()
    client.force_login(other)
    for name, args in [
        ("quizzes:attempt", [attempt.pk]),
        ("quizzes:question", [attempt.pk, 1]),
        ("quizzes:submit", [attempt.pk]),
        ("quizzes:result", [attempt.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_draft_quizzes_are_hidden_from_trainees(trainee_client, quiz):
    quiz.is_draft = True
    quiz.save()
    assert trainee_client.get(quiz.get_absolute_url()).status_code == 404
    assert quiz.title not in trainee_client.get(reverse("quizzes:list")).content.decode()


def test_question_page_queries_do_not_grow_with_the_quiz(trainee_client, django_assert_max_num_queries):
    quiz = QuizFactory(questions=[QuestionFactory() for _ in range(20)])
    attempt = start(trainee_client, quiz)
    with django_assert_max_num_queries(16):
        trainee_client.get(reverse("quizzes:question", args=[attempt.pk, 5]))

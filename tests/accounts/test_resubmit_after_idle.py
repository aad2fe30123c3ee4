"""The idle timeout ends a session as an answer is posted: the answer is kept for its owner only."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import sessions
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests"  # UserFactory's


def _logged_in(user) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client


def _idle(client: Client) -> None:
    session = client.session
    session[sessions.LOGIN_AT] -= 31 * 60
    session[sessions.SEEN_AT] -= 31 * 60
    session.save()


@pytest.fixture
def taker_and_attempt():
    taker = UserFactory()
    quiz = QuizFactory(questions=[QuestionFactory(stem="巡察组进驻后首先做什么？")])
    client = _logged_in(taker)
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    return taker, client, Attempt.objects.get(quiz=quiz, user=taker)


def test_an_answer_posted_after_the_idle_timeout_is_kept_and_the_login_page_says_both_things(taker_and_attempt):
    taker, client, attempt = taker_and_attempt
    _idle(client)
    question = attempt.answers.get(position=1).question
    right = str(question.choices.get(is_correct=True).pk)

    response = client.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": [right]})

    assert "expired=idle" in response.url and "next=%2Fresubmit%2F" in response.url
    page = client.get(response.url).content.decode()
    assert "30 分钟没有操作" in page and 'data-testid="resubmit-kept"' in page
    client.post(reverse("login"), {"username": taker.username, "password": PASSWORD})
    resubmit_page = client.get(reverse("resubmit")).content.decode()
    assert 'data-testid="resubmit-button"' in resubmit_page and f'value="{right}"' in resubmit_page


def test_someone_else_logging_in_on_the_same_phone_is_not_offered_the_answer(taker_and_attempt):
    _taker, client, attempt = taker_and_attempt
    _idle(client)
    client.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": ["1"]})
    colleague = UserFactory()
    client.post(reverse("login"), {"username": colleague.username, "password": PASSWORD})

    page = client.get(reverse("resubmit")).content.decode()

    assert "没有待重新提交的内容" in page and 'data-testid="resubmit-button"' not in page

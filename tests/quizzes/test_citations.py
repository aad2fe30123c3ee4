"""A question's basis articles follow the article to the edition in force (issue 14, links that follow): on the
result page and in the wrong-answer book."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, MissedQuestion
from tests.citation_chain import revised_regulation
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return revised_regulation()


def _question_citing(articles, **fields):
    question = QuestionFactory(**fields)
    question.articles.set(articles)
    return question


def _missed(user, question) -> MissedQuestion:
    now = timezone.now()
    return MissedQuestion.objects.create(user=user, question=question, first_missed_at=now, last_missed_at=now)


def _result_of(client, quiz) -> str:
    """Start the quiz, hand it in unanswered, and read the result page."""
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = client.get(reverse("quizzes:result", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_result_page_shows_the_article_in_force_for_an_old_basis(chain, trainee):
    quiz = QuizFactory(questions=[_question_citing([chain.old_article(2), chain.old_article(4)])])
    html = _result_of(client_for(trainee), quiz)
    assert "现行《巡察办法（2025）》第三条" in html
    assert "原第二条" in html and "内容有修改" in html
    assert f'href="{chain.new.url}#article-3"' in html
    assert "该条已在现行版本中删除" in html and f'href="{chain.old.url}#article-4"' in html


def test_a_basis_in_force_is_a_plain_citation(chain, trainee):
    quiz = QuizFactory(questions=[_question_citing([chain.new_article(3)])])
    html = _result_of(client_for(trainee), quiz)
    assert "《巡察办法（2025）》第三条" in html and "原第" not in html and "现行《" not in html


def test_the_result_page_costs_the_same_queries_for_one_and_five_basis_articles(chain):
    one = QuizFactory(questions=[_question_citing(chain.old_articles(1))])
    five = QuizFactory(questions=[_question_citing(chain.old_articles(5))])
    client = client_for(UserFactory())
    _result_of(client, one)  # warm the site's root paths and the header menu

    def count(quiz) -> int:
        client.post(reverse("quizzes:start", args=[quiz.slug]))
        attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
        client.post(reverse("quizzes:submit", args=[attempt.pk]))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 200
        return len(queries)

    assert count(five) == count(one)


def test_the_wrong_answer_book_shows_the_article_in_force(chain, trainee):
    question = _question_citing([chain.old_article(3), chain.old_article(4)])
    _missed(trainee, question)
    url = reverse("quizzes:mistake_review", args=[question.pk]) + "?reveal=1"
    html = client_for(trainee).get(url).content.decode()
    assert "现行《巡察办法（2025）》第四条" in html and "原第三条" in html and "内容未变" in html
    assert "该条已在现行版本中删除" in html


def test_the_wrong_answer_book_costs_the_same_queries_for_one_and_five_basis_articles(chain, trainee):
    client = client_for(trainee)

    def count(articles) -> int:
        question = _question_citing(articles)
        _missed(trainee, question)
        url = reverse("quizzes:mistake_review", args=[question.pk]) + "?reveal=1"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(chain.old_articles(5)) == count(chain.old_articles(1))


def test_another_persons_missed_question_is_not_found(chain, trainee):
    question = _question_citing([chain.old_article(2)])
    _missed(UserFactory(), question)
    response = client_for(trainee).get(reverse("quizzes:mistake_review", args=[question.pk]))
    assert response.status_code == 404

"""Review cards follow the article to the edition in force (issue 14, links that follow): an article card of a
superseded edition shows the article in force and its text; a removed one says so."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import QuestionKind
from reviews import services
from tests.citation_chain import revised_regulation
from tests.quizzes.factories import QuestionFactory
from tests.reviews.support import second

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return revised_regulation()


@pytest.fixture
def on_round(trainee):
    second(trainee, ends_on=timezone.localdate() + datetime.timedelta(days=30))
    return trainee


def _cards(user, articles, *, due=True):
    when = timezone.now() - datetime.timedelta(days=1) if due else timezone.now()
    return services.schedule_articles(user=user, article_ids=[a.pk for a in articles], now=when)


def test_an_old_article_card_shows_the_article_in_force_and_its_text(chain, on_round, trainee_client):
    (card,) = _cards(on_round, [chain.old_article(2)])
    html = trainee_client.get(reverse("reviews:card", args=[card.pk])).content.decode()
    assert "现行《巡察办法（2025）》第三条" in html and "原第二条" in html and "内容有修改" in html
    assert "巡察组应当在十五个工作日内报告。" in html
    assert "十个工作日" not in html
    assert f'href="{chain.new.url}#article-3"' in html
    assert "你学过的是《巡察办法（2023）》第二条，该版本已修订" in html


def test_a_removed_article_card_says_so_and_shows_what_was_studied(chain, on_round, trainee_client):
    (card,) = _cards(on_round, [chain.old_article(4)])
    html = trainee_client.get(reverse("reviews:card", args=[card.pk])).content.decode()
    assert "该条已在现行版本中删除" in html
    assert "本办法由县委巡察办负责解释。" in html
    assert "现行《" not in html


def test_a_question_card_cites_its_basis_in_force(chain, on_round, trainee_client):
    question = QuestionFactory(kind=QuestionKind.SINGLE)
    question.articles.set([chain.old_article(3), chain.old_article(4)])
    (card,) = services.schedule_questions(
        user=on_round, question_ids=[question.pk], now=timezone.now() - datetime.timedelta(days=1)
    )
    right = question.choices.get(is_correct=True)
    response = trainee_client.post(reverse("reviews:card", args=[card.pk]), {"choice": [right.pk], "seen": 0})
    html = response.content.decode()
    assert "现行《巡察办法（2025）》第四条" in html and "原第三条" in html and "内容未变" in html
    assert "该条已在现行版本中删除" in html


def test_the_coming_up_list_cites_the_article_in_force(chain, on_round, trainee_client):
    _cards(on_round, [chain.old_article(2)], due=False)
    html = trainee_client.get(reverse("reviews:queue")).content.decode()
    assert "现行《巡察办法（2025）》第三条" in html and "原第二条" in html


def test_the_coming_up_list_costs_the_same_queries_for_one_and_five_old_articles(chain, on_round, trainee_client):
    def count() -> int:
        trainee_client.get(reverse("reviews:queue"))
        with CaptureQueriesContext(connection) as queries:
            response = trainee_client.get(reverse("reviews:queue"))
        assert all(card.article.regulation == chain.old for card in response.context["upcoming"])
        return len(queries)

    _cards(on_round, chain.old_articles(1), due=False)
    one = count()
    _cards(on_round, [chain.old_article(n) for n in range(2, 6)], due=False)
    assert count() == one

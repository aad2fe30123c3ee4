"""What the queue shows: cards due by the end of the local day, the next ones, and the counts."""

import datetime

import pytest

from reviews import selectors, services
from reviews.models import Rating
from tests.factories import RegulationArticleFactory, UserFactory
from tests.quizzes.factories import QuestionFactory
from tests.reviews.support import NOW, TOMORROW, local, second

pytestmark = pytest.mark.django_db


def test_the_queue_holds_what_is_due_by_the_end_of_the_local_day(seconded):
    articles = services.schedule_articles(
        user=seconded, article_ids=[a.pk for a in RegulationArticleFactory.create_batch(2)], now=NOW
    )
    (question,) = services.schedule_questions(user=seconded, question_ids=[QuestionFactory().pk], now=local(4, 9))
    # Today (3 March) nothing is due; on 4 March the two articles are, the question on 5 March.
    assert list(selectors.due_cards(user=seconded, now=NOW)) == []
    assert [c.pk for c in selectors.due_cards(user=seconded, now=local(4, 23))] == [c.pk for c in articles]
    assert selectors.next_due_card_id(user=seconded, now=local(4, 8)) == articles[0].pk
    assert len(selectors.due_cards(user=seconded, now=local(5, 0))) == 3

    summary = selectors.review_summary(user=seconded, now=local(4, 8))
    assert (summary.due_today, summary.upcoming, summary.retired) == (2, 1, 0)
    assert summary.next_due == question.due
    assert summary.next_due_date == datetime.date(2025, 3, 5)
    assert [c.pk for c in selectors.upcoming_cards(user=seconded, now=local(4, 8))] == [question.pk]


def test_due_cards_load_in_a_fixed_number_of_queries(seconded, django_assert_num_queries):
    services.schedule_articles(
        user=seconded, article_ids=[a.pk for a in RegulationArticleFactory.create_batch(3)], now=NOW
    )
    services.schedule_questions(user=seconded, question_ids=[QuestionFactory().pk for _ in range(3)], now=NOW)
    with django_assert_num_queries(3):  # cards with articles and questions, then choices, then blanks
        cards = list(selectors.due_cards(user=seconded, now=local(4, 9)))
        text = [c.article.regulation.title if c.article_id else len(c.question.choices.all()) for c in cards]
    assert len(text) == 6


def test_retired_cards_and_ended_secondments_leave_the_queue(trainee):
    second(trainee, ends_on=datetime.date(2025, 3, 10))
    kept, retired = services.schedule_articles(
        user=trainee, article_ids=[a.pk for a in RegulationArticleFactory.create_batch(2)], now=NOW
    )
    services.rate_article(card=retired, rating=Rating.EASY, now=local(4, 9))
    services.schedule_articles(user=UserFactory(), article_ids=[RegulationArticleFactory().pk], now=NOW)

    summary = selectors.review_summary(user=trainee, now=local(4, 9))
    assert (summary.due_today, summary.upcoming, summary.retired) == (1, 0, 1)
    # Never reviewed and the secondment is over: it does not linger in the queue.
    assert list(selectors.due_cards(user=trainee, now=local(11, 9))) == []
    assert selectors.review_summary(user=trainee, now=local(11, 9)).retired == 2
    assert kept.due == TOMORROW


def test_another_person_s_card_is_not_theirs(seconded):
    (card,) = services.schedule_articles(user=UserFactory(), article_ids=[RegulationArticleFactory().pk], now=NOW)
    with pytest.raises(card.DoesNotExist):
        selectors.card_for_user(user=seconded, pk=card.pk)

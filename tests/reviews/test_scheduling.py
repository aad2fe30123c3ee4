"""Putting articles and questions in the queue, and the FSRS dates that ratings give."""

import datetime

import pytest

from quizzes.models import QuestionKind
from reviews import services
from reviews.models import Rating, ReviewCard, ReviewLog
from tests.factories import RegulationArticleFactory
from tests.quizzes.factories import QuestionFactory
from tests.reviews.support import NOW, TOMORROW, local, second

pytestmark = pytest.mark.django_db


def test_studied_articles_are_first_due_at_the_start_of_tomorrow(seconded):
    first, other = RegulationArticleFactory(), RegulationArticleFactory()
    cards = services.schedule_articles(user=seconded, article_ids=[first.pk, other.pk, first.pk], now=NOW)
    assert [c.article_id for c in cards] == [first.pk, other.pk]
    assert {c.due for c in cards} == {TOMORROW}
    assert {c.stop_at for c in cards} == {datetime.date(2025, 6, 30)}
    assert all(c.reviews_count == 0 and c.last_reviewed_at is None for c in cards)


def test_ids_of_deleted_articles_and_questions_are_skipped(seconded):
    assert services.schedule_articles(user=seconded, article_ids=[987654], now=NOW) == []
    assert services.schedule_questions(user=seconded, question_ids=[987654], now=NOW) == []
    assert services.schedule_articles(user=seconded, article_ids=[], now=NOW) == []


def test_scheduling_again_leaves_existing_cards_alone(seconded):
    article = RegulationArticleFactory()
    (card,) = services.schedule_articles(user=seconded, article_ids=[article.pk], now=NOW)
    services.rate_article(card=card, rating=Rating.GOOD, now=local(4, 9))
    card.refresh_from_db()
    due = card.due

    again = services.schedule_articles(user=seconded, article_ids=[article.pk], now=local(5, 9))
    assert [c.pk for c in again] == [card.pk]
    assert ReviewCard.objects.get().due == due
    assert ReviewCard.objects.count() == 1


def test_each_person_has_their_own_card_for_the_same_article(seconded, django_user_model):
    article = RegulationArticleFactory()
    colleague = django_user_model.objects.create(username="colleague")
    second(colleague, ends_on=datetime.date(2025, 6, 30))
    services.schedule_articles(user=seconded, article_ids=[article.pk], now=NOW)
    services.schedule_articles(user=colleague, article_ids=[article.pk], now=NOW)
    assert ReviewCard.objects.filter(article=article).count() == 2


@pytest.mark.parametrize(
    ("rating", "days"),
    [(Rating.AGAIN, 1), (Rating.HARD, 1), (Rating.GOOD, 2), (Rating.EASY, 8)],
)
def test_the_first_rating_sets_the_next_due_date(seconded, rating, days):
    (card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
    reviewed_at = local(4, 9)
    card = services.rate_article(card=card, rating=rating, now=reviewed_at)
    assert card.due == reviewed_at + datetime.timedelta(days=days)
    assert card.reviews_count == 1
    assert card.last_reviewed_at == reviewed_at
    log = ReviewLog.objects.get(card=card)
    assert (log.rating, log.reviewed_at, log.due_before, log.due_after) == (rating, reviewed_at, TOMORROW, card.due)
    assert not log.was_early


def test_remembering_again_spaces_the_card_further_and_forgetting_brings_it_back_soon(seconded):
    (card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
    card = services.rate_article(card=card, rating=Rating.GOOD, now=local(4, 9))
    assert card.due == local(6, 9)

    remembered = services.rate_article(card=card, rating=Rating.GOOD, now=local(6, 9))
    assert remembered.due == local(17, 9)  # 11 days
    forgot = services.rate_article(card=remembered, rating=Rating.AGAIN, now=local(17, 9))
    assert forgot.due == local(19, 9)  # 2 days: FSRS keeps some stability after a lapse
    assert list(card.logs.values_list("rating", flat=True)) == [Rating.GOOD, Rating.GOOD, Rating.AGAIN]


def test_ratings_order_the_second_interval_too(seconded):
    dues = {}
    for rating in Rating:
        (card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
        card = services.rate_article(card=card, rating=Rating.GOOD, now=local(4, 9))
        dues[rating] = services.rate_article(card=card, rating=rating, now=local(6, 9)).due - local(6, 9)
    assert dues[Rating.AGAIN] < dues[Rating.HARD] < dues[Rating.GOOD] < dues[Rating.EASY]
    assert [d.days for d in dues.values()] == [1, 8, 11, 19]


def test_an_early_review_is_allowed_and_logged_as_early(seconded):
    (card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
    card = services.rate_article(card=card, rating=Rating.GOOD, now=NOW)
    assert card.due == NOW + datetime.timedelta(days=2)
    assert ReviewLog.objects.get().was_early


def test_the_same_screen_rated_twice_counts_once(seconded):
    (card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
    services.rate_article(card=card, rating=Rating.GOOD, now=local(4, 9), seen=0)
    card = services.rate_article(card=card, rating=Rating.AGAIN, now=local(4, 9), seen=0)
    assert card.reviews_count == 1
    assert card.due == local(6, 9)
    assert ReviewLog.objects.count() == 1


def test_question_cards_skip_essays_and_answers_rate_good_or_again(seconded):
    single = QuestionFactory(kind=QuestionKind.SINGLE)
    essay = QuestionFactory(kind=QuestionKind.ESSAY)
    (card,) = services.schedule_questions(user=seconded, question_ids=[single.pk, essay.pk], now=NOW)
    assert card.question_id == single.pk
    right = [str(c.pk) for c in single.choices.all() if c.is_correct]
    wrong = [str(c.pk) for c in single.choices.all() if not c.is_correct][:1]

    assert services.answer_question(card=card, raw={"choices": wrong}, now=local(4, 9)) is False
    card.refresh_from_db()
    assert card.due == local(5, 9)
    assert services.answer_question(card=card, raw={"choices": right}, now=local(5, 9)) is True
    card.refresh_from_db()
    assert list(card.logs.values_list("rating", flat=True)) == [Rating.AGAIN, Rating.GOOD]
    assert card.due > local(6, 9)


def test_an_empty_answer_is_refused_and_not_recorded(seconded):
    question = QuestionFactory(kind=QuestionKind.FILL_BLANK, stem="巡察组长由____担任。", blanks=["组长"])
    (card,) = services.schedule_questions(user=seconded, question_ids=[question.pk], now=NOW)
    with pytest.raises(services.ReviewError):
        services.answer_question(card=card, raw={"blanks": [""]}, now=local(4, 9))
    assert not ReviewLog.objects.exists()
    assert services.answer_question(card=card, raw={"blanks": ["组长。"]}, now=local(4, 9)) is True


def test_rating_the_wrong_kind_of_card_is_a_programming_error(seconded):
    (question_card,) = services.schedule_questions(user=seconded, question_ids=[QuestionFactory().pk], now=NOW)
    with pytest.raises(ValueError):
        services.rate_article(card=question_card, rating=Rating.GOOD, now=NOW)
    (article_card,) = services.schedule_articles(user=seconded, article_ids=[RegulationArticleFactory().pk], now=NOW)
    with pytest.raises(ValueError):
        services.answer_question(card=article_card, raw={}, now=NOW)
    with pytest.raises(ValueError):
        services.rate_article(card=article_card, rating=5, now=NOW)

"""The review queue on a phone: the queue page, one article or question per screen, and other people's cards."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from quizzes.models import QuestionKind
from reviews import services, views
from reviews.models import Rating, ReviewCard, ReviewLog
from tests.factories import RegulationArticleFactory, UserFactory
from tests.quizzes.factories import QuestionFactory
from tests.reviews.support import second

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_round(trainee):
    second(trainee, ends_on=timezone.localdate() + datetime.timedelta(days=30))
    return trainee


def yesterday():
    return timezone.now() - datetime.timedelta(days=1)


def due_articles(user, count=2):
    articles = [RegulationArticleFactory(text=f"第一款内容{n}。\n第二款内容{n}。") for n in range(count)]
    return services.schedule_articles(user=user, article_ids=[a.pk for a in articles], now=yesterday())


def test_article_cards_one_tap_each_then_today_is_done(on_round, trainee_client):
    first, second_card = due_articles(on_round)

    queue = trainee_client.get(reverse("reviews:queue"))
    assert queue.status_code == 200
    assert queue.context["summary"].due_today == 2
    assert queue.context["first_id"] == first.pk

    page = trainee_client.get(reverse("reviews:card", args=[first.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "第一款内容0。" in html and "第二款内容0。" in html
    assert f"《{first.article.regulation.title}》{first.article.label}" in html
    assert re.findall(r'name="rating" value="(\d)"', html) == ["1", "2", "3", "4"]

    response = trainee_client.post(reverse("reviews:card", args=[first.pk]), {"rating": Rating.GOOD, "seen": 0})
    assert response.status_code == 302
    assert response.url == reverse("reviews:card", args=[second_card.pk])

    response = trainee_client.post(reverse("reviews:card", args=[second_card.pk]), {"rating": Rating.AGAIN, "seen": 0})
    assert response.url == reverse("reviews:queue")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(views.DONE_MESSAGE)]
    assert list(ReviewLog.objects.order_by("pk").values_list("rating", flat=True)) == [Rating.GOOD, Rating.AGAIN]
    assert trainee_client.get(reverse("reviews:queue")).context["first_id"] is None


def test_a_double_tap_is_one_review(on_round, trainee_client):
    (card,) = due_articles(on_round, count=1)
    url = reverse("reviews:card", args=[card.pk])
    trainee_client.post(url, {"rating": Rating.GOOD, "seen": 0})
    trainee_client.post(url, {"rating": Rating.EASY, "seen": 0})
    assert ReviewLog.objects.count() == 1


def test_a_rating_that_is_not_one_of_the_four_records_nothing(on_round, trainee_client):
    (card,) = due_articles(on_round, count=1)
    url = reverse("reviews:card", args=[card.pk])
    for value in ("9", "", "good"):
        assert trainee_client.post(url, {"rating": value}).url == url
    assert not ReviewLog.objects.exists()


def test_another_person_s_card_is_not_found(on_round, trainee_client):
    other = UserFactory()
    second(other, ends_on=timezone.localdate() + datetime.timedelta(days=30))
    (card,) = due_articles(other, count=1)
    url = reverse("reviews:card", args=[card.pk])
    assert trainee_client.get(url).status_code == 404
    assert trainee_client.post(url, {"rating": Rating.GOOD}).status_code == 404
    assert not ReviewLog.objects.exists()


def test_the_queue_needs_a_login(client):
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert "login" in response.url


def test_a_question_card_is_answered_again_and_shows_the_explanation(on_round, trainee_client):
    question = QuestionFactory(kind=QuestionKind.SINGLE, explanation="依据巡察工作条例。")
    (card,) = services.schedule_questions(user=on_round, question_ids=[question.pk], now=yesterday())
    url = reverse("reviews:card", args=[card.pk])

    page = trainee_client.get(url)
    assert page.status_code == 200
    assert question.stem in page.content.decode()

    wrong = next(c for c in question.choices.all() if not c.is_correct)
    response = trainee_client.post(url, {"choice": [wrong.pk], "seen": 0})
    assert response.status_code == 200
    assert response.context["answered"] is True
    assert response.context["view"].answer.is_correct is False
    assert [o.pk for o in response.context["view"].options if o.selected] == [wrong.pk]
    assert "依据巡察工作条例。" in response.content.decode()
    assert response.context["next_id"] is None
    assert ReviewLog.objects.get().rating == Rating.AGAIN
    assert trainee_client.get(reverse("reviews:next")).url == reverse("reviews:queue")


def test_a_question_sent_without_an_answer_is_asked_again(on_round, trainee_client):
    (card,) = services.schedule_questions(user=on_round, question_ids=[QuestionFactory().pk], now=yesterday())
    url = reverse("reviews:card", args=[card.pk])
    response = trainee_client.post(url, {"seen": 0})
    assert response.url == url
    assert not ReviewLog.objects.exists()


def test_the_next_link_goes_to_the_next_due_card(on_round, trainee_client):
    (question_card,) = services.schedule_questions(user=on_round, question_ids=[QuestionFactory().pk], now=yesterday())
    (article_card,) = due_articles(on_round, count=1)
    right = question_card.question.choices.get(is_correct=True)
    response = trainee_client.post(reverse("reviews:card", args=[question_card.pk]), {"choice": [right.pk], "seen": 0})
    assert response.context["next_id"] == article_card.pk
    assert trainee_client.get(reverse("reviews:next")).url == reverse("reviews:card", args=[article_card.pk])


def _fill_queue(user, articles: int, questions: int):
    due_articles(user, count=articles)
    question_ids = [QuestionFactory().pk for _ in range(questions)]
    services.schedule_questions(user=user, question_ids=question_ids, now=yesterday())
    later = RegulationArticleFactory.create_batch(articles)
    services.schedule_articles(user=user, article_ids=[a.pk for a in later], now=timezone.now())


def test_queue_page_queries_do_not_grow_with_the_queue(on_round, trainee_client, django_assert_max_num_queries):
    _fill_queue(on_round, articles=1, questions=1)
    # The coming-up articles are links (their citations): the first link reads the site's root paths once.
    trainee_client.get(reverse("reviews:queue"))
    with django_assert_max_num_queries(10) as small:
        trainee_client.get(reverse("reviews:queue"))
    # Counted now: the connection keeps its last 9,000 queries only, and filling the queue makes many.
    small_count = len(small.captured_queries)
    _fill_queue(on_round, articles=12, questions=12)
    trainee_client.get(reverse("reviews:queue"))  # new pages: the root paths are read again
    with django_assert_max_num_queries(small_count) as large:
        response = trainee_client.get(reverse("reviews:queue"))
        assert response.context["summary"].due_today == 26
        assert len(response.context["upcoming"]) == 13
    assert len(large.captured_queries) == small_count


def test_card_page_queries_are_bounded(on_round, trainee_client, django_assert_max_num_queries):
    question = QuestionFactory(kind=QuestionKind.MULTIPLE)
    question.articles.set(RegulationArticleFactory.create_batch(3))
    (card,) = services.schedule_questions(user=on_round, question_ids=[question.pk], now=yesterday())
    with django_assert_max_num_queries(13):
        assert trainee_client.get(reverse("reviews:card", args=[card.pk])).status_code == 200
    assert ReviewCard.objects.count() == 1

"""A question missed in a quiz goes into the review queue."""

import datetime

import pytest

from quizzes import services as quiz_services
from quizzes.models import MissedQuestion, QuestionKind
from reviews.models import ReviewCard
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.reviews.support import NOW, TOMORROW, second

pytestmark = pytest.mark.django_db


def test_a_new_wrong_answer_book_row_schedules_the_question(seconded):
    question = QuestionFactory()
    MissedQuestion.objects.create(user=seconded, question=question, first_missed_at=NOW, last_missed_at=NOW)
    card = ReviewCard.objects.get(user=seconded)
    assert (card.question_id, card.due) == (question.pk, TOMORROW)


def test_mastering_a_missed_question_does_not_touch_its_card(seconded):
    row = MissedQuestion.objects.create(
        user=seconded, question=QuestionFactory(), first_missed_at=NOW, last_missed_at=NOW
    )
    ReviewCard.objects.update(due=None)
    row.mastered_at = NOW
    row.save(update_fields=["mastered_at"])
    assert ReviewCard.objects.get().due is None


def test_an_essay_missed_is_not_scheduled(seconded):
    question = QuestionFactory(kind=QuestionKind.ESSAY)
    MissedQuestion.objects.create(user=seconded, question=question, first_missed_at=NOW, last_missed_at=NOW)
    assert not ReviewCard.objects.exists()


def _sit(quiz, user, *, wrong):
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    for answer in attempt.answers.select_related("question"):
        choice = answer.question.choices.filter(is_correct=answer.question not in wrong).first()
        quiz_services.save_answer(attempt=attempt, position=answer.position, raw={"choices": [choice.pk]})
    quiz_services.submit_attempt(attempt=attempt)


def test_a_wrong_answer_in_a_submitted_quiz_lands_in_the_queue(trainee):
    second(trainee, ends_on=datetime.date.today() + datetime.timedelta(days=30))
    missed, right = QuestionFactory(), QuestionFactory()
    _sit(QuizFactory(questions=[missed, right]), trainee, wrong=[missed])
    assert list(ReviewCard.objects.filter(user=trainee).values_list("question_id", flat=True)) == [missed.pk]
    assert ReviewCard.objects.get().due is not None


def test_missing_it_again_on_a_new_secondment_brings_a_retired_card_back(trainee):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    _sit(quiz, trainee, wrong=[question])  # on no round yet: kept, not due
    assert ReviewCard.objects.get().due is None

    second(trainee, ends_on=datetime.date.today() + datetime.timedelta(days=30))
    _sit(quiz, trainee, wrong=[question])  # the wrong-answer book row is updated, not created
    assert MissedQuestion.objects.get().times_missed == 2
    assert ReviewCard.objects.get().due is not None


def test_a_right_answer_in_the_review_queue_takes_the_question_out_of_the_book(seconded):
    from reviews import services as review_services

    question = QuestionFactory()
    MissedQuestion.objects.create(user=seconded, question=question, first_missed_at=NOW, last_missed_at=NOW)
    card = ReviewCard.objects.get(user=seconded, question=question)
    wrong = [str(c.pk) for c in question.choices.all() if not c.is_correct][:1]
    right = [str(c.pk) for c in question.choices.all() if c.is_correct]

    review_services.answer_question(card=card, raw={"choices": wrong}, now=TOMORROW, seen=0)
    row = MissedQuestion.objects.get(user=seconded, question=question)
    assert (row.times_missed, row.mastered_at) == (2, None)

    review_services.answer_question(card=card, raw={"choices": right}, now=TOMORROW, seen=1)
    assert MissedQuestion.objects.get(user=seconded, question=question).mastered_at == TOMORROW
    # The same screen sent again is not a second answer.
    review_services.answer_question(card=card, raw={"choices": wrong}, now=TOMORROW, seen=1)
    assert MissedQuestion.objects.get(user=seconded, question=question).mastered_at == TOMORROW
